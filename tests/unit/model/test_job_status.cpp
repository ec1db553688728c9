#include <catch2/catch.hpp>

#include "model/job_status.hpp"

using namespace jobwait;

TEST_CASE("job status: succeeded, failed and cancelled are terminal", "[job_status]") {
  CHECK(is_terminal(State::succeeded));
  CHECK(is_terminal(State::failed));
  CHECK(is_terminal(State::cancelled));
}

TEST_CASE("job status: pending, running and unknown are not terminal", "[job_status]") {
  CHECK_FALSE(is_terminal(State::pending));
  CHECK_FALSE(is_terminal(State::running));
  // A status no provider knows keeps the wait going (on_unknown decides otherwise).
  CHECK_FALSE(is_terminal(State::unknown));
}

TEST_CASE("job status: state names are the artifact's words", "[job_status]") {
  CHECK(to_string(State::pending) == "pending");
  CHECK(to_string(State::running) == "running");
  CHECK(to_string(State::succeeded) == "succeeded");
  CHECK(to_string(State::failed) == "failed");
  CHECK(to_string(State::cancelled) == "cancelled");
  CHECK(to_string(State::unknown) == "unknown");
  CHECK(to_string(static_cast<State>(42)) == "unknown");
}

TEST_CASE("job status: a fresh status is unknown, not stalled, with no progress", "[job_status]") {
  const JobStatus status;
  CHECK(status.state == State::unknown);
  CHECK_FALSE(status.stalled);
  CHECK_FALSE(status.progress.has_value());
  CHECK(status.tasks.empty());
  CHECK(Task{}.state == State::unknown);
}
