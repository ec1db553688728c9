#include <catch2/catch.hpp>

#include <csignal>
#include <deque>
#include <functional>

#include "fake_clock.hpp"
#include "poll_loop.hpp"
#include "signals.hpp"

using namespace jobwait;
using jobwait::testing::FakeClock;
using ms = std::chrono::milliseconds;

namespace {

using Answer = tl::expected<JobStatus, Error>;

JobStatus status(std::string raw, State state) {
  JobStatus out;
  out.status = std::move(raw);
  out.state = state;
  return out;
}

Answer error(ErrorKind kind, std::string message = "boom", int http_status = 0) {
  return tl::unexpected(Error{kind, std::move(message), {}, {}, http_status});
}

// Answers from a script, one per poll; the last answer repeats. Each poll can cost time.
class ScriptedSource final : public JobSource {
 public:
  ScriptedSource(FakeClock& clock, std::vector<Answer> answers, ms cost = ms(0))
      : m_clock(clock), m_answers(std::move(answers)), m_cost(cost) {}
  Answer poll(ms request_timeout) override {
    timeouts.push_back(request_timeout);
    poll_times.push_back(m_clock.now());
    m_clock.advance(std::min(m_cost, request_timeout));
    const std::size_t index = std::min(m_next++, m_answers.size() - 1);
    if (on_poll) on_poll(m_next);
    return m_answers[index];
  }
  std::vector<ms> timeouts;
  std::vector<Clock::TimePoint> poll_times;
  std::function<void(std::size_t)> on_poll;

 private:
  FakeClock& m_clock;
  std::vector<Answer> m_answers;
  ms m_cost;
  std::size_t m_next = 0;
};

struct RecordingObserver final : WaitObserver {
  void on_update(const JobStatus& s, bool new_status, double) override {
    updates.push_back(s.status + (new_status ? "*" : ""));
  }
  void on_retry(const Error& e, int consecutive, double) override {
    retries.push_back(e.message + "#" + std::to_string(consecutive));
  }
  void on_warning(std::string_view text) override { warnings.emplace_back(text); }
  void on_heartbeat(const JobStatus*, double elapsed, double) override { heartbeats.push_back(elapsed); }
  std::vector<std::string> updates, retries, warnings;
  std::vector<double> heartbeats;
};

PollSettings settings(ms timeout, ms interval = ms(1000), ms max_interval = ms(4000)) {
  PollSettings s;
  s.timeout = timeout;
  s.interval = interval;
  s.max_interval = max_interval;
  s.request_timeout = ms(30000);
  s.seed = 1;
  return s;
}

}  // namespace

TEST_CASE("poll loop: the first poll is immediate and a success ends the wait", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("SUCCEEDED", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  CHECK(result.polls == 1);
  CHECK(clock.sleeps.empty());
  REQUIRE(result.timeline.size() == 1);
  CHECK(result.timeline[0].status == "SUCCEEDED");
}

TEST_CASE("poll loop: each terminal state maps to its outcome", "[poll_loop]") {
  const std::pair<State, Outcome> cases[] = {{State::succeeded, Outcome::succeeded},
                                             {State::failed, Outcome::failed},
                                             {State::cancelled, Outcome::cancelled}};
  for (const auto& [state, outcome] : cases) {
    FakeClock clock;
    ScriptedSource source(clock, {status("Initializing", State::pending), status("Running", State::running),
                                  status("X", state)});
    RecordingObserver observer;
    const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
    CHECK(result.outcome == outcome);
    CHECK(result.polls == 3);
    CHECK(result.timeline.size() == 3);
  }
}

TEST_CASE("poll loop: a failed job reports the service's reason", "[poll_loop]") {
  FakeClock clock;
  JobStatus failed = status("Failed", State::failed);
  failed.reason = "quota exceeded";
  ScriptedSource source(clock, {failed});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::failed);
  CHECK_THAT(result.message, Catch::Contains("quota exceeded"));
}

TEST_CASE("poll loop: delays follow the backoff schedule", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running)});
  RecordingObserver observer;
  PollSettings s = settings(ms(60000), ms(1000), ms(4000));
  s.heartbeat = ms(3600000);
  wait_for_job(source, clock, s, observer);
  REQUIRE(clock.sleeps.size() > 5);
  CHECK(clock.sleeps[0] == ms(1000));
  CHECK(clock.sleeps[1] >= ms(1000));
  CHECK(clock.sleeps[1] <= ms(2000));
  for (std::size_t i = 2; i + 1 < clock.sleeps.size(); ++i) {
    CHECK(clock.sleeps[i] >= ms(1000));
    CHECK(clock.sleeps[i] <= ms(4000));
  }
}

TEST_CASE("poll loop: never sleeps past the deadline and the last poll lands on it", "[poll_loop]") {
  FakeClock clock;
  const auto start = clock.now();
  ScriptedSource source(clock, {status("Running", State::running)});
  RecordingObserver observer;
  PollSettings s = settings(ms(10500), ms(1000), ms(4000));
  s.heartbeat = ms(3600000);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(clock.now() - start == ms(10500));
  CHECK(source.poll_times.back() - start == ms(10500));
  for (const auto& at : source.poll_times) CHECK(at - start <= ms(10500));
  CHECK_THAT(result.message, Catch::Contains("running"));
}

TEST_CASE("poll loop: the request timeout shrinks near the deadline", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running)});
  RecordingObserver observer;
  PollSettings s = settings(ms(5000));
  s.request_timeout = ms(30000);
  s.heartbeat = ms(3600000);
  wait_for_job(source, clock, s, observer);
  CHECK(source.timeouts.front() == ms(5500));  // 5 s left plus the final-request grace
  CHECK(source.timeouts.back() == ms(500));    // the poll on the deadline
}

TEST_CASE("poll loop: a slow service cannot stretch the wait past deadline + 1 s", "[poll_loop]") {
  FakeClock clock;
  const auto start = clock.now();
  ScriptedSource source(clock, {status("Running", State::running)}, ms(60000));  // each poll hangs
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(7000)), observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(clock.now() - start <= ms(8000));
}

TEST_CASE("poll loop: transient errors are retried within the deadline", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {error(ErrorKind::transient, "reset"), error(ErrorKind::transient, "503", 503),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  CHECK(result.polls == 3);
  CHECK(observer.retries == std::vector<std::string>{"reset#1", "503#2"});
  CHECK_FALSE(result.last_error.has_value());
}

TEST_CASE("poll loop: max_errors consecutive transient errors end with an API error", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running), error(ErrorKind::transient, "reset")});
  RecordingObserver observer;
  PollSettings s = settings(ms(3600000));
  s.max_errors = 4;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK(result.polls == 5);
  REQUIRE(result.last_error.has_value());
  CHECK(result.last_error->message == "reset");
}

TEST_CASE("poll loop: a success in between resets the error count", "[poll_loop]") {
  FakeClock clock;
  std::vector<Answer> answers;
  for (int i = 0; i < 5; ++i) {
    answers.push_back(error(ErrorKind::transient));
    answers.push_back(error(ErrorKind::transient));
    answers.push_back(status("Running", State::running));
  }
  answers.push_back(status("Success", State::succeeded));
  ScriptedSource source(clock, answers);
  RecordingObserver observer;
  PollSettings s = settings(ms(3600000));
  s.max_errors = 3;
  CHECK(wait_for_job(source, clock, s, observer).outcome == Outcome::succeeded);
}

TEST_CASE("poll loop: final errors end the wait at once with their outcome", "[poll_loop]") {
  const std::pair<ErrorKind, Outcome> cases[] = {{ErrorKind::auth, Outcome::auth_error},
                                                 {ErrorKind::not_found, Outcome::not_found},
                                                 {ErrorKind::config, Outcome::api_error},
                                                 {ErrorKind::api, Outcome::api_error}};
  for (const auto& [kind, outcome] : cases) {
    FakeClock clock;
    ScriptedSource source(clock, {error(kind, "refused", 401)});
    RecordingObserver observer;
    const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
    CHECK(result.outcome == outcome);
    CHECK(result.polls == 1);
    CHECK(clock.sleeps.empty());
  }
}

TEST_CASE("poll loop: a deadline with no status ever read is an API error, not a timeout", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {error(ErrorKind::transient, "connection refused")});
  RecordingObserver observer;
  PollSettings s = settings(ms(5000));
  s.max_errors = 1000;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK_THAT(result.message, Catch::Contains("connection refused"));
}

TEST_CASE("poll loop: an unknown status keeps waiting and warns once", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Frobnicating", State::unknown), status("Frobnicating", State::unknown),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(observer.warnings.size() == 1);
  CHECK_THAT(observer.warnings[0], Catch::Contains("Frobnicating"));
  CHECK(result.warnings == observer.warnings);
}

TEST_CASE("poll loop: a stalled job is flagged once and still waited on", "[poll_loop]") {
  FakeClock clock;
  JobStatus paused = status("Stopping", State::running);
  paused.stalled = true;
  ScriptedSource source(clock, {paused, paused, status("Successful", State::succeeded)});
  RecordingObserver observer;
  CHECK(wait_for_job(source, clock, settings(ms(60000)), observer).outcome == Outcome::succeeded);
  REQUIRE(observer.warnings.size() == 1);
  CHECK_THAT(observer.warnings[0], Catch::Contains("paused"));
}

TEST_CASE("poll loop: the timeline records each status change once", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Initializing", State::pending), status("Running", State::running),
                                status("Running", State::running), status("Running", State::running),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  REQUIRE(result.timeline.size() == 3);
  CHECK(result.timeline[0].status == "Initializing");
  CHECK(result.timeline[1].status == "Running");
  CHECK(result.timeline[2].status == "Success");
  CHECK(result.timeline[2].state == State::succeeded);
  CHECK(result.timeline[1].elapsed_seconds < result.timeline[2].elapsed_seconds);
  CHECK(observer.updates == std::vector<std::string>{"Initializing*", "Running*", "Success*"});
}

TEST_CASE("poll loop: a task change is an update but not a new status", "[poll_loop]") {
  FakeClock clock;
  JobStatus a = status("Running", State::running), b = a;
  a.tasks.push_back(Task{"t1", "install", "running", State::running, {}, {}});
  b.tasks.push_back(Task{"t1", "install", "success", State::succeeded, {}, {}});
  ScriptedSource source(clock, {a, b, status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(observer.updates == std::vector<std::string>{"Running*", "Running", "Success*"});
  CHECK(result.timeline.size() == 2);
}

TEST_CASE("poll loop: heartbeats keep a quiet wait talking", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running)});
  RecordingObserver observer;
  PollSettings s = settings(ms(300000), ms(30000), ms(30000));
  s.heartbeat = ms(25000);
  wait_for_job(source, clock, s, observer);
  // 300 s of an unchanging job: nothing but heartbeats after the first line, one per 25 s.
  CHECK(observer.updates.size() == 1);
  REQUIRE(observer.heartbeats.size() >= 10);
  double previous = 0;
  for (double at : observer.heartbeats) {
    CHECK(at - previous <= 30.0);
    previous = at;
  }
}

TEST_CASE("poll loop: a stop signal ends the wait as interrupted", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running)});
  source.on_poll = [](std::size_t n) {
    if (n == 3) set_stop_signal_for_testing(SIGTERM);
  };
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  set_stop_signal_for_testing(0);
  CHECK(result.outcome == Outcome::interrupted);
  CHECK(result.signal == SIGTERM);
  CHECK(result.polls == 3);
  REQUIRE(result.last_status.has_value());
  CHECK(result.last_status->status == "Running");
}
