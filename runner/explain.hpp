// `jobwait explain STEP.toml`: what a run would do, without doing it: the request as the
// watcher builds it (secret values redacted), the budgets, the exit codes in force and the
// delay schedule the backoff follows. Sends nothing.
#pragma once

#include <string>
#include <vector>

#include "config/step_config.hpp"
#include "http/http_client.hpp"

namespace jobwait {

struct ExplainExtras {
  std::string result_path;  // after --result
  std::string log_format;   // "github (detected)", ...
};

// The whole printout; `request` is null for a job that is not asked over HTTP. Secret values
// appear as-is: the caller redacts the text.
std::string explain_text(const config::StepConfig& step, const http::Request* request, const ExplainExtras& extras);

// One line per delay until the ceiling reaches max_interval, then how many polls fit in the
// timeout at the fastest and the slowest.
std::vector<std::string> delay_schedule(const config::WaitConfig& wait);

}  // namespace jobwait
