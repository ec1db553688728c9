#include <catch2/catch.hpp>

#include "fake_clock.hpp"
#include "util/utc_time.hpp"
#include "wait/estimate.hpp"

using namespace jobwait;
using jobwait::testing::FakeClock;
using namespace std::chrono_literals;

namespace {

// Seconds on the fake clock's steady timeline, and the same instant as the fake wall clock
// writes it in an answer's timestamp.
Clock::TimePoint at(double seconds) {
  return Clock::TimePoint() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(seconds));
}

std::chrono::system_clock::time_point wall(double seconds) {
  FakeClock clock;
  clock.advance(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
  return clock.wall_now();
}

Timestamp stamp(double seconds) {
  const std::string text = format_utc_seconds(wall(seconds));
  return Timestamp{text, text};
}

JobStatus running(std::optional<double> progress = std::nullopt) {
  JobStatus status;
  status.status = "running";
  status.state = State::running;
  status.progress = progress;
  return status;
}

Task task(State state, std::optional<double> started = {}, std::optional<double> finished = {}) {
  Task out;
  out.state = state;
  if (started) out.times.emplace_back("started", stamp(*started));
  if (finished) out.times.emplace_back("finished", stamp(*finished));
  return out;
}

double seconds_of(std::optional<Clock::TimePoint> when) {
  REQUIRE(when);
  return std::chrono::duration<double>(*when - Clock::TimePoint()).count();
}

struct Estimator {
  EndEstimator estimator;
  void read(double seconds, const JobStatus& status) { estimator.observe(status, at(seconds), wall(seconds)); }
  std::optional<Clock::TimePoint> end() const { return estimator.end(); }
};

}  // namespace

TEST_CASE("estimate: no progress and no tasks is no signal", "[estimate]") {
  Estimator e;
  e.read(0, running());
  e.read(10, running());
  CHECK_FALSE(e.end());
}

TEST_CASE("estimate: linear progress ends where its rate says", "[estimate]") {
  Estimator e;
  e.read(0, running(10));
  CHECK_FALSE(e.end());  // one reading is no rate
  e.read(10, running(20));
  CHECK(seconds_of(e.end()) == Approx(90));  // 1% a second from 20% at 10 s
  e.read(40, running(50));
  CHECK(seconds_of(e.end()) == Approx(90));
}

TEST_CASE("estimate: the job's start time gives a rate from the first answer", "[estimate]") {
  Estimator e;
  JobStatus status = running(25);
  status.times.emplace_back("started", stamp(0));
  e.read(30, status);  // 25% in 30 s
  CHECK(seconds_of(e.end()) == Approx(120));
}

TEST_CASE("estimate: progress stuck at 99 leaves the estimate where it passed", "[estimate]") {
  Estimator e;
  for (int t = 0; t <= 99; t += 11) e.read(t, running(t));
  e.read(99, running(99));
  CHECK(seconds_of(e.end()) == Approx(100));
  for (int t = 110; t <= 600; t += 30) {
    e.read(t, running(99));
    CHECK(seconds_of(e.end()) == Approx(100));
  }
}

TEST_CASE("estimate: progress going backwards drops the rate until it moves again", "[estimate]") {
  Estimator e;
  e.read(0, running(40));
  e.read(10, running(60));
  CHECK(seconds_of(e.end()) == Approx(30));
  e.read(20, running(5));  // a second stage counting from zero
  CHECK_FALSE(e.end());
  e.read(30, running(10));  // 0.5% a second from here
  CHECK(seconds_of(e.end()) == Approx(210));
}

TEST_CASE("estimate: sub-jobs finishing one by one, at their own finish times", "[estimate]") {
  Estimator e;
  JobStatus status = running();
  status.times.emplace_back("created", stamp(0));
  status.tasks = {task(State::running), task(State::pending), task(State::pending), task(State::pending)};
  e.read(10, status);
  CHECK_FALSE(e.end());  // nothing done yet
  status.tasks[0] = task(State::succeeded, 0, 30);
  status.tasks[1] = task(State::running);
  e.read(40, status);
  CHECK(seconds_of(e.end()) == Approx(120));  // a quarter in 30 s
  status.tasks[1] = task(State::succeeded, 30, 70);  // the second took longer
  e.read(75, status);
  CHECK(seconds_of(e.end()) == Approx(140));  // half in 70 s
  // The last sub-job alone says 150 s (a quarter in 40 s): the end may fall anywhere between,
  // give or take an eighth of the 70 s left.
  const auto window = e.estimator.window();
  REQUIRE(window);
  CHECK(seconds_of(window->earliest) == Approx(131.25));
  CHECK(seconds_of(window->latest) == Approx(158.75));
}

TEST_CASE("estimate: a steady rate leaves a narrow window", "[estimate]") {
  Estimator e;
  e.read(0, running(10));
  e.read(10, running(20));
  e.read(20, running(30));
  const auto window = e.estimator.window();
  REQUIRE(window);
  CHECK(seconds_of(window->earliest) == Approx(81.25));  // 90 s, less an eighth of the 70 s left
  CHECK(seconds_of(window->latest) == Approx(98.75));
}

TEST_CASE("estimate: without finish times a sub-job ended between the two polls", "[estimate]") {
  Estimator e;
  JobStatus status = running();
  status.tasks = {task(State::running), task(State::pending)};
  e.read(0, status);
  status.tasks = {task(State::succeeded), task(State::running)};
  e.read(20, status);  // ended at about 10 s: half in 10 s
  CHECK(seconds_of(e.end()) == Approx(20));
}

TEST_CASE("estimate: before the share moves, tasks left times the durations of those done", "[estimate]") {
  Estimator e;
  JobStatus status = running();
  status.tasks = {task(State::succeeded, 0, 20), task(State::running), task(State::pending)};
  e.read(25, status);
  CHECK(seconds_of(e.end()) == Approx(60));  // two more of 20 s after the first ended at 20 s
}

TEST_CASE("estimate: all tasks done and the job still running: the end is due", "[estimate]") {
  Estimator e;
  JobStatus status = running();
  status.tasks = {task(State::succeeded), task(State::running)};
  e.read(0, status);
  status.tasks = {task(State::succeeded), task(State::succeeded)};
  e.read(10, status);
  CHECK(seconds_of(e.end()) == Approx(5));
}

TEST_CASE("estimate: a signal that disappears mid-wait drops the estimate", "[estimate]") {
  Estimator e;
  e.read(0, running(10));
  e.read(10, running(20));
  REQUIRE(e.end());
  e.read(20, running());
  CHECK_FALSE(e.end());
  e.read(30, running(40));  // back: one reading, no rate yet
  CHECK_FALSE(e.end());
}

TEST_CASE("estimate: the job's finish time is read for the detection delay", "[estimate]") {
  JobStatus status = running();
  CHECK_FALSE(job_end(status));
  status.times.emplace_back("finished", stamp(42));
  REQUIRE(job_end(status));
  CHECK(*job_end(status) == wall(42));
}
