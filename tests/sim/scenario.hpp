// The scenario file: which token the sim accepts and which jobs it serves, with the status
// each job (and each of its tasks) reports over time. Only scenario.cpp includes toml++.
//
//   token = "demo-token"                  # the X-Auth-Token accepted; required unless there
//                                         # are access keys or users
//   clock_skew = "20m"                    # the sim's clock runs ahead ("-20m": behind): AK/SK
//                                         # signatures dated 15+ minutes off get APIGW.0303
//   [[access_key]]                        # AK/SK signing (SDK-HMAC-SHA256 and V11-HMAC-SHA256),
//   ak = "AK..."                          # verified by the sim's own code (signature.hpp)
//   sk = "SK..."
//   security_token = "..."                # optional: temporary AK/SK; X-Security-Token must match
//   [[user]]                              # IAM password login: POST /v3/auth/tokens
//   name = "ci-bot"                       # the issued token is accepted until it expires
//   password = "..."
//   domain = "my-account"
//   token_ttl = "24h"                     # optional
//   [[project]]                           # what GET /v3/projects?name= lists, and what a login
//   id = "proj-1"                         # may scope to (any project when none are listed)
//   name = "ap-southeast-1"
//   [[job_set]]                           # many jobs alike: id_prefix + 1 .. id_prefix + count
//   count = 10000                         # (1 to 1000000); every [[job]] key but id, e.g.
//   id_prefix = "node-"                   # provider, project_id, statuses, every, faults
//   [[job]]                               # any number, any providers; ids unique
//   provider = "cce"                      # servicestage | cce | cae | ief | cfw | v1-jobs
//   id = "job-1"                          # required, as is project_id
//   project_id = "proj-1"
//   statuses = ["Running", "Success"]     # raw values; one per poll, the last repeats
//   every = "1s"                          # optional: one per period since the first poll
//   duration = "90s"                      # optional, instead: a time-driven job. It begins at
//                                         # its first poll and ends `duration` later: the
//                                         # statuses but the last spread evenly over it, the
//                                         # last from then on; /__sim/stats gives its end and
//                                         # the first request that saw it ended
//   reason = "..."                        # not cfw; shown once on the last status. servicestage,
//                                         # cae, ief have no job-level field: needs tasks
//   tasks = [{ name = "t", statuses = [...], reason = "..." }]   # not cfw; lockstep with the job
//   environment_id = "env-1"              # cae only, required: the X-Environment-ID it must get
//   progress = [0, 100]                   # cae only, parallel to statuses; with duration a
//                                         # curve: points evenly spaced over the duration,
//                                         # straight lines between ([0, 90, 99, 99]: stuck at
//                                         # 99); left out with duration, 0 to 100 linearly
//   tasks = [{ name = "a", statuses = ["Running", "Success"], duration = "30s" }, ...]
//                                         # time-driven tasks (sub-jobs): one after another from
//                                         # the job's start, each on its next-to-last status
//                                         # while it runs, its last once done (its first, if
//                                         # there are three or more, before it starts); the
//                                         # job's duration is at least their sum
//   error_code = "CFW.00200005"           # cfw only: every poll answers 200 with this error
//   error_msg = "..."                     # (statuses are then optional)
//
// Faults (faults.hpp), any provider. Requests for a job are numbered from 1, faulted ones
// included; `requests` picks some: [2, 3], "2-4", "5-" (from 5 on); left out, every request.
//   faults = [
//     { fault = "status", status = 503, requests = "2-4" },    # a 5xx burst (502-504: the
//                                                               # gateway's HTML page)
//     { fault = "throttle", requests = [5], retry_after = "2" },   # 429 APIGW.0308, Retry-After
//     { fault = "throttle", retry_after_date = "2s" },          # ... as an HTTP-date, with Date
//     { fault = "throttle", requests = [6] },                   # ... without Retry-After
//     { fault = "not_found", requests = [7] },                  # the service's 404, once
//     { fault = "reset" },             # headers and half the body, then a TCP reset
//     { fault = "truncate" },          # 200, the JSON body cut in half (Content-Length agrees)
//     { fault = "invalid_json" },      # 200, a body that is not JSON
//     { fault = "latency", delay = "2s" },      # the answer comes 2 s late (timers, no sleeps)
//     { fault = "drip", delay = "200ms" },      # the body goes one byte per 200 ms
//     { fault = "huge_body" },         # 200, a valid JSON body of 9 MiB (over jobwait's 8 MiB)
//     { fault = "huge_headers" },      # the answer with ~100 KB of headers (over 64 KiB)
//     { fault = "echo_credentials", at = 280 },   # 401 APIGW.0301 quoting the request's
//                                                 # credentials 280 characters into error_msg
//   ]
//   appear_after = 3          # 404 for the first 3 requests (or "2s": until 2 s after the first)
//   vanish_after = 4          # 404 once 4 polls were answered (or "2s" after the first request)
// The first fault that changes the answer wins; latency and drip add to any answer. A fault
// that replaces the answer (status, throttle, not_found, and a hidden job) leaves the job where
// it was; one that mangles it (reset, truncate, invalid_json, huge_*, latency, drip) lets it
// advance.
//   iam_faults = [...]        # top level: the same faults for IAM's two APIs (login, project
//                             # lookup), its requests numbered from 1 together
//
// Durations: 500ms, 2s, 1m, 1m30s, 1h. Unknown status values are served, with a warning.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "faults.hpp"
#include "identity.hpp"

namespace jobwait::sim {

enum class Provider { servicestage, cce, cae, ief, cfw, v1_jobs };

std::string_view provider_name(Provider provider);
std::optional<Provider> provider_from_name(std::string_view name);
const std::vector<std::string_view>& provider_names();

struct TaskSpec {
  std::string name;
  std::vector<std::string> statuses;  // advances in lockstep with the job's steps; last repeats
  std::string reason;                 // failure text, shown once the task sits on its last status
  // Time-driven: how long the task runs; tasks with one run one after another.
  std::optional<std::chrono::milliseconds> duration;
};

struct JobSpec {
  Provider provider = Provider::cce;
  std::string id;
  std::string project_id;
  std::vector<std::string> statuses;  // raw values, as the service spells them
  // Without it the job advances one status per poll; with it, one per `every` since its first poll.
  std::optional<std::chrono::milliseconds> every;
  // A time-driven job: it ends this long after its first poll (its statuses spread over it).
  std::optional<std::chrono::milliseconds> duration;
  std::string reason;          // failure text, shown once the job sits on its last status
  std::string environment_id;  // CAE: the X-Environment-ID the job lives in
  std::vector<double> progress;  // CAE: parallel to statuses; empty = derived from position
  std::vector<TaskSpec> tasks;
  std::string error_code;  // CFW: answer 200 with error_code/error_msg instead of data
  std::string error_msg;
  std::vector<FaultSpec> faults;       // what goes wrong, request by request
  std::optional<Moment> appear_after;  // unknown (404) until then
  std::optional<Moment> vanish_after;  // unknown (404) from then on
  std::size_t line = 0;  // where the job's table starts, for messages
};

struct Scenario {
  std::string path;
  std::string token;
  std::vector<JobSpec> jobs;
  std::vector<FaultSpec> iam_faults;  // for POST /v3/auth/tokens and GET /v3/projects
  IdentitySpec identity;  // [[access_key]], [[user]], [[project]], clock_skew
  std::vector<std::string> warnings;  // "file:line:col: ..." lines worth showing, not fatal
};

// Reads and validates a scenario file strictly (unknown keys, wrong types, unknown providers,
// keys that do not fit the provider). The error holds one "file:line:col: key: problem" line
// per problem found.
tl::expected<Scenario, std::string> load_scenario(const std::string& path);

}  // namespace jobwait::sim
