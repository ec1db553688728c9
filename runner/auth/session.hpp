// What `jobwait run` authenticates with: the step's Authenticator, the client that applies it
// to every request, and the project lookup at IAM that runs once before the first poll.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "auth/authenticator.hpp"
#include "auth/methods.hpp"
#include "config/step_config.hpp"
#include "http/http_client.hpp"
#include "poll_loop.hpp"

namespace jobwait::auth {

class Session {
 public:
  // `step` has been through resolve(); `transport` sends (it and `step` outlive the session).
  Session(const config::StepConfig& step, http::Client& transport, WallClock now = std::chrono::system_clock::now);

  // Every request sent through this client is authenticated just before it goes out.
  http::Client& client() { return *m_client; }
  // The same credentials for requests sent another way (the multi-job event loop): call it on
  // each request right before it goes out.
  Authenticator& authenticator() { return *m_authenticator; }

  // When the step has no job.project_id, asks IAM for the project named after the region
  // (GET /v3/projects?name=REGION, authenticated like everything else) and fills it in.
  // nullopt when the wait can start; otherwise how it ended, with the error in last_error.
  //
  // The lookup is the first request of the wait, so it is asked exactly as a job poll is: by
  // the poll loop (wait_for_job) under `settings`, from `clock`'s now. Transient trouble (a
  // reset, a 5xx, a 429, a password login that got no answer) is retried with the same jittered
  // backoff, within wait.max_errors and the deadline; a refusal (401/403) is auth_error at once;
  // any other answer (zero or several projects, an unknown API) is api_error at once; SIGINT or
  // SIGTERM is Outcome::interrupted with the signal. The caller gives the job's own wait what
  // is left of the deadline. `observer` hears the retries and heartbeats, never a status.
  std::optional<WaitResult> scope_to_project(config::StepConfig& step, Clock& clock, const PollSettings& settings,
                                             WaitObserver& observer);

 private:
  std::unique_ptr<Authenticator> m_authenticator;
  std::unique_ptr<http::Client> m_client;
};

}  // namespace jobwait::auth
