// What jobwait does: `run` (wait on the job, write the artifact), `check` (validate, print
// resolved settings) and `explain` (print the request and the schedule; send nothing).
#pragma once

#include "app/cli.hpp"
#include "model/exit_code.hpp"

namespace jobwait {

// The process exit code: the README table's, or what the step's [exit_codes] maps it to.
int run_step(const CliOptions& options);
ExitCode check_step(const CliOptions& options);
ExitCode explain_step(const CliOptions& options);

}  // namespace jobwait
