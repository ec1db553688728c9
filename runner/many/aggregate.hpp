// One outcome for a step that waited on several jobs, by a fixed precedence (README, "Several
// jobs in one step"): the worst thing that happened to any job decides the exit code.
#pragma once

#include <string>
#include <vector>

#include "model/exit_code.hpp"
#include "result/artifact.hpp"

namespace jobwait::many {

// Worst first: interrupted, config_error, auth_error, failed, cancelled, not_found, api_error,
// timed_out, succeeded. A lower rank is worse.
int severity_rank(Outcome outcome);

struct Aggregate {
  Outcome outcome = Outcome::succeeded;
  int signal = 0;       // for interrupted
  std::string message;  // one line
};

// `any`: the first job that succeeded decides; without one, the rest by precedence. Jobs that
// were abandoned (the step ended before they did) do not count, unless every job was.
Aggregate aggregate(const std::vector<JobRecord>& jobs, bool any);

}  // namespace jobwait::many
