// Waits on many jobs in one process: a JobWait each (all waiting policy stays in
// poll_loop.cpp), one event loop, one multi client. A Scheduler decides whose request goes
// out: the poll due first, within the global rate and the per-host cap. First polls are spread
// over the time the rate needs for them rather than sent in a burst.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "http/multi_client.hpp"
#include "jobs/job.hpp"
#include "many/scheduler.hpp"
#include "output/reporter.hpp"
#include "wait/clock.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait::many {

// One job as the event loop sees it; the caller owns what it points to.
struct ManyJob {
  std::string id;
  Job* job = nullptr;  // an HttpJob builds and reads the requests the loop sends; exec: poll()
  auth::Authenticator* authenticator = nullptr;  // applied to each request just before it goes out
  std::optional<WaitResult> ended;  // ended before its first poll (a refused project lookup)
};

struct ManySettings {
  PollSettings poll;  // the step's; each job gets its own jitter seed from poll.seed
  Limits limits;
  bool any = false;        // the first success ends the wait
  bool fail_fast = false;  // all: the first job that ends without success ends the wait
  bool verbose = false;    // a PollTrace per request
};

struct ManyResult {
  WaitResult wait;
  bool abandoned = false;  // the wait ended before this job did
};

// Waits until every job ended, or `any` got its success, or `fail_fast` its failure, or a stop
// signal arrived. One result per job, in the order given.
std::vector<ManyResult> wait_for_jobs(std::vector<ManyJob>& jobs, http::MultiClient& client, Clock& clock,
                                      const ManySettings& settings, output::Reporter& reporter);

// scheme://host[:port] of a URL: the unit of connection reuse and of the per-host cap.
std::string origin_of(const std::string& url);

}  // namespace jobwait::many
