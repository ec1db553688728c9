// The one place exit codes and outcomes are defined. Scripts branch on these numbers:
// never renumber them. The README's exit-code table mirrors this file.
#pragma once

#include <string_view>

namespace jobwait {

enum class ExitCode : int {
  succeeded = 0,      // the job ended in a success state
  failed = 1,         // the job ended in a failure state
  config_error = 2,   // usage or step-file error: nothing was sent
  timed_out = 3,      // deadline passed and the job was not terminal
  not_found = 4,      // the service says there is no such job
  auth_error = 5,     // 401/403: authentication or permission refused
  api_error = 6,      // unexpected response, unreachable, retries exhausted
  cancelled = 7,      // the job was terminated or cancelled
  interrupted_sigint = 130,
  interrupted_sigterm = 143,
};

// The artifact's `outcome` field; one per exit code except the two signals, which share
// "interrupted".
enum class Outcome {
  succeeded, failed, config_error, timed_out, not_found, auth_error, api_error, cancelled,
  interrupted,
};

std::string_view to_string(Outcome outcome);

// For Outcome::interrupted, `signal_number` picks 130 (SIGINT) or 143 (SIGTERM).
ExitCode exit_code_for(Outcome outcome, int signal_number = 0);

}  // namespace jobwait
