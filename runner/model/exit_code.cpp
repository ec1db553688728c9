#include "model/exit_code.hpp"

#include <csignal>

namespace jobwait {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::succeeded: return "succeeded";
    case Outcome::failed: return "failed";
    case Outcome::config_error: return "config_error";
    case Outcome::timed_out: return "timed_out";
    case Outcome::not_found: return "not_found";
    case Outcome::auth_error: return "auth_error";
    case Outcome::api_error: return "api_error";
    case Outcome::cancelled: return "cancelled";
    case Outcome::interrupted: return "interrupted";
  }
  return "api_error";
}

ExitCode exit_code_for(Outcome outcome, int signal_number) {
  switch (outcome) {
    case Outcome::succeeded: return ExitCode::succeeded;
    case Outcome::failed: return ExitCode::failed;
    case Outcome::config_error: return ExitCode::config_error;
    case Outcome::timed_out: return ExitCode::timed_out;
    case Outcome::not_found: return ExitCode::not_found;
    case Outcome::auth_error: return ExitCode::auth_error;
    case Outcome::api_error: return ExitCode::api_error;
    case Outcome::cancelled: return ExitCode::cancelled;
    case Outcome::interrupted:
      return signal_number == SIGTERM ? ExitCode::interrupted_sigterm
                                      : ExitCode::interrupted_sigint;
  }
  return ExitCode::api_error;
}

}  // namespace jobwait
