#include <catch2/catch.hpp>

#include "fake_clock.hpp"
#include "many/fan_in.hpp"
#include "recording_reporter.hpp"

using namespace jobwait;
using namespace jobwait::many;
using namespace std::chrono;
using jobwait::test::RecordingReporter;

namespace {

JobStatus in_state(State state) {
  JobStatus status;
  status.status = std::string(to_string(state));
  status.state = state;
  return status;
}

}  // namespace

TEST_CASE("fan in: the tally starts with every job pending and the step running", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b", "c"});
  CHECK(fan.tally().status == "0/3 jobs ended: 3 pending");
  CHECK(fan.tally().state == State::running);
  CHECK(fan.tally().progress == Approx(0));
  // Nothing is printed until someone flushes.
  CHECK(reporter.updates.empty());
  fan.flush(true);
  REQUIRE(reporter.updates.size() == 1);
  CHECK(reporter.updates[0].status.status == "0/3 jobs ended: 3 pending");
  // Nothing changed since: a second flush prints nothing.
  fan.flush(true);
  CHECK(reporter.updates.size() == 1);
}

TEST_CASE("fan in: states are counted succeeded, failed, cancelled, running, pending, unknown", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b", "c", "d", "e", "f"});
  fan.observer(0).on_update(in_state(State::running), true, 1);
  fan.observer(1).on_update(in_state(State::unknown), true, 1);
  fan.job_ended(2, State::succeeded);
  fan.job_ended(3, State::failed);
  fan.job_ended(4, State::cancelled);
  CHECK(fan.tally().status == "3/6 jobs ended: 1 succeeded, 1 failed, 1 cancelled, 1 running, 1 pending, 1 unknown");
  CHECK(fan.tally().state == State::running);
  CHECK(fan.tally().progress == Approx(50));
}

TEST_CASE("fan in: once all ended the step's state is the worst one", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  SECTION("all succeeded") {
    FanIn fan(reporter, clock, {"a", "b"});
    fan.job_ended(0, State::succeeded);
    CHECK(fan.tally().state == State::running);
    fan.job_ended(1, State::succeeded);
    CHECK(fan.tally().status == "2/2 jobs ended: 2 succeeded");
    CHECK(fan.tally().state == State::succeeded);
    CHECK(fan.tally().progress == Approx(100));
  }
  SECTION("a failure beats a cancellation") {
    FanIn fan(reporter, clock, {"a", "b", "c"});
    fan.job_ended(0, State::cancelled);
    fan.job_ended(1, State::failed);
    fan.job_ended(2, State::succeeded);
    CHECK(fan.tally().state == State::failed);
  }
  SECTION("a cancellation beats success") {
    FanIn fan(reporter, clock, {"a", "b"});
    fan.job_ended(0, State::succeeded);
    fan.job_ended(1, State::cancelled);
    CHECK(fan.tally().state == State::cancelled);
  }
  SECTION("an abandoned job still running leaves the step unknown") {
    FanIn fan(reporter, clock, {"a", "b"});
    fan.job_ended(0, State::succeeded);
    fan.job_ended(1, State::running);
    CHECK(fan.tally().status == "2/2 jobs ended: 1 succeeded, 1 running");
    CHECK(fan.tally().state == State::unknown);
  }
}

TEST_CASE("fan in: a job that ends twice is counted once", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b"});
  fan.job_ended(0, State::failed);
  fan.job_ended(0, State::failed);
  CHECK(fan.tally().status == "1/2 jobs ended: 1 failed, 1 pending");
  CHECK(fan.tally().progress == Approx(50));
}

TEST_CASE("fan in: tally lines are at most one a second, the last change flushed by force", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b", "c"});
  fan.observer(0).on_update(in_state(State::running), true, 0);
  REQUIRE(reporter.updates.size() == 1);  // the first change prints at once
  clock.advance(milliseconds(300));
  fan.observer(1).on_update(in_state(State::running), true, 0);
  fan.observer(2).on_update(in_state(State::running), true, 0);
  CHECK(reporter.updates.size() == 1);
  // The same state again changes nothing.
  clock.advance(seconds(2));
  fan.observer(2).on_update(in_state(State::running), false, 0);
  CHECK(reporter.updates.size() == 1);
  fan.flush(false);
  REQUIRE(reporter.updates.size() == 2);
  CHECK(reporter.updates[1].status.status == "0/3 jobs ended: 3 running");
  CHECK(reporter.updates[1].elapsed == Approx(2.3));
  CHECK(fan.last_said() == clock.now());
  clock.advance(milliseconds(100));
  fan.job_ended(0, State::succeeded);
  CHECK(reporter.updates.size() == 2);
  fan.flush(true);
  REQUIRE(reporter.updates.size() == 3);
  CHECK(reporter.updates[2].status.status == "1/3 jobs ended: 1 succeeded, 2 running");
}

TEST_CASE("fan in: each distinct warning once, naming the first job that raised it", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b"});
  fan.observer(1).on_warning("status 'Paused' is not known");
  fan.observer(0).on_warning("status 'Paused' is not known");
  fan.observer(0).on_warning("stalled for 10m");
  CHECK(reporter.warnings ==
        std::vector<std::string>{"job b: status 'Paused' is not known", "job a: stalled for 10m"});
}

TEST_CASE("fan in: retries are named by job and at most one a second", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b"});
  Error error;
  error.kind = ErrorKind::transient;
  error.message = "connection reset";
  error.http_status = 502;
  fan.observer(0).on_retry(error, 1, 0);
  clock.advance(milliseconds(500));
  fan.observer(1).on_retry(error, 2, 0);
  CHECK(reporter.retries.size() == 1);
  clock.advance(milliseconds(500));
  fan.observer(1).on_retry(error, 3, 0);
  REQUIRE(reporter.retries.size() == 2);
  CHECK(reporter.retries[0].error.message == "job a: connection reset");
  CHECK(reporter.retries[0].error.http_status == 502);
  CHECK(reporter.retries[1].error.message == "job b: connection reset");
  CHECK(reporter.retries[1].consecutive == 3);
  CHECK(reporter.retries[1].elapsed == Approx(1.0));
  CHECK(fan.last_said() == clock.now());
}

TEST_CASE("fan in: a heartbeat reports the tally and counts as said", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a"});
  clock.advance(seconds(30));
  fan.heartbeat(2.5);
  REQUIRE(reporter.heartbeats.size() == 1);
  CHECK(reporter.heartbeats[0].status == "0/1 jobs ended: 1 pending");
  CHECK(reporter.heartbeats[0].elapsed == Approx(30));
  CHECK(reporter.heartbeats[0].next_poll_in == Approx(2.5));
  CHECK(fan.last_said() == clock.now());
  // The per-job heartbeat is not passed on: the loop beats once for all.
  fan.observer(0).on_heartbeat(nullptr, 1, 1);
  CHECK(reporter.heartbeats.size() == 1);
}

TEST_CASE("fan in: a terminal status not yet believed counts as running, so the tally adds up", "[fan_in]") {
  testing::FakeClock clock;
  RecordingReporter reporter;
  FanIn fan(reporter, clock, {"a", "b", "c", "d"});
  fan.job_ended(0, State::succeeded);
  // wait.confirm = 2: b read Failed once, its wait goes on until a second read believes it.
  fan.observer(1).on_update(in_state(State::failed), true, 1);
  fan.observer(2).on_update(in_state(State::running), true, 1);
  CHECK(fan.tally().status == "1/4 jobs ended: 1 succeeded, 2 running, 1 pending");
  fan.job_ended(1, State::failed);
  CHECK(fan.tally().status == "2/4 jobs ended: 1 succeeded, 1 failed, 1 running, 1 pending");
}
