// The two things jobwait does: `run` (wait on the job, write the artifact) and `check`
// (validate, print resolved settings). Both return the process exit code.
#pragma once

#include "cli.hpp"
#include "exit_code.hpp"

namespace jobwait {

ExitCode run_step(const CliOptions& options);
ExitCode check_step(const CliOptions& options);

}  // namespace jobwait
