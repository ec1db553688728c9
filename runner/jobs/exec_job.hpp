// provider = "exec": ExecJob, a Job that runs an external command once per poll, whose one-line
// answer follows the protocol in docs/exec-protocol.md. A failed run is a transient error, and
// the poll loop decides what that means for the wait.
#pragma once

#include <memory>
#include <optional>

#include "jobs/job.hpp"
#include "model/step_config.hpp"
#include "providers/provider.hpp"

namespace jobwait {

// The job behind step.job.command (checked with check_command).
std::unique_ptr<Job> make_exec_job(const config::StepConfig& step);

// The command must be an executable file: a path, or a name found in PATH.
std::optional<providers::KeyProblem> check_command(const config::JobConfig& job);

}  // namespace jobwait
