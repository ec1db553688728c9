// `jobwait explain STEP.toml`: what a run would do, without doing it: the request as the
// HttpJob builds it (secret values redacted), the budgets, the exit codes in force and the
// delay schedule the backoff follows. Sends nothing.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include "auth/resolve.hpp"
#include "http/http_client.hpp"
#include "model/step_config.hpp"

namespace jobwait {

struct ExplainExtras {
  std::string result_path;  // after --result
  std::string log_format;   // "github (detected)", ...
  // The certificates https:// is checked against and where they came from (http::describe);
  // empty: no line, nothing is asked over HTTP.
  std::string ca_bundle = {};
};

// The job's request as the first poll would send it, credentials applied by the step's own
// authenticator through a client that records instead of sending. A password login would have
// to ask IAM first, so then the request comes without credentials (the auth lines say how they
// are got). A per-request signature is shown as <per request>. nullopt: not asked over HTTP.
std::optional<http::Request> request_as_sent(const config::StepConfig& step, const auth::Resolution& resolution);

// The whole printout; `request` is null for a job that is not asked over HTTP. Secret values
// appear as-is: the caller redacts the text.
std::string explain_text(const config::StepConfig& step, const http::Request* request, const ExplainExtras& extras);

// The job lines alone, for the second and later of `count` jobs in one step (the budgets and
// schedule are the step's, shown once by explain_text).
std::string explain_job_text(const config::StepConfig& one, const http::Request* request, std::size_t index,
                             std::size_t count);

// By wait.strategy: for backoff, one line per delay until the ceiling reaches max_interval; for
// adaptive, how it decides and the schedule it keeps without a signal; for fixed, the range.
// Then how many polls fit in the timeout at the fewest and the most.
std::vector<std::string> delay_schedule(const config::WaitConfig& wait);

}  // namespace jobwait
