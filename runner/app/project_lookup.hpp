// The run's first step when the step file names no project: ask IAM for the project named
// after the region, before the job is polled.
#pragma once

#include <optional>

#include "auth/session.hpp"
#include "model/step_config.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait {

// When the step has no job.project_id (and its provider calls an API), asks IAM for the
// project named after the region (GET /v3/projects?name=REGION, authenticated by `session`
// like everything else), fills it in and scopes the session to it. nullopt when the wait can
// start; otherwise how it ended, with the error in last_error.
//
// The lookup is the first request of the wait, so it is asked exactly as a job poll is: by
// the wait engine (wait_for_job) under `settings`, from `clock`'s now. Transient trouble (a
// reset, a 5xx, a 429, a password login that got no answer) is retried with the same jittered
// backoff, within wait.max_errors and the deadline; a refusal (401/403) is auth_error at once;
// any other answer (zero or several projects, an unknown API) is api_error at once; SIGINT or
// SIGTERM is Outcome::interrupted with the signal. The caller gives the job's own wait what
// is left of the deadline. `observer` hears the retries and heartbeats, never a status.
std::optional<WaitResult> look_up_project(auth::Session& session, config::StepConfig& step, Clock& clock,
                                          const PollSettings& settings, WaitObserver& observer);

}  // namespace jobwait
