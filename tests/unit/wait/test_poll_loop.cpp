#include <catch2/catch.hpp>

#include <csignal>
#include <deque>
#include <functional>

#include "fake_clock.hpp"
#include "util/utc_time.hpp"
#include "wait/poll_loop.hpp"
#include "wait/signals.hpp"

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
  s.strategy = Strategy::backoff;  // the adaptive default spends the same requests otherwise
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
  // not_found is final once wait.not_found_grace is over; here there is none.
  const std::pair<ErrorKind, Outcome> cases[] = {{ErrorKind::auth, Outcome::auth_error},
                                                 {ErrorKind::not_found, Outcome::not_found},
                                                 {ErrorKind::config, Outcome::api_error},
                                                 {ErrorKind::api, Outcome::api_error}};
  for (const auto& [kind, outcome] : cases) {
    FakeClock clock;
    ScriptedSource source(clock, {error(kind, "refused", 401)});
    RecordingObserver observer;
    PollSettings s = settings(ms(60000));
    s.not_found_grace = ms(0);
    const WaitResult result = wait_for_job(source, clock, s, observer);
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

namespace {

Answer throttled(std::optional<ms> retry_after) {
  Error e{ErrorKind::transient, "HTTP 429 APIGW.0308: throttled", "APIGW.0308", {}, 429};
  e.retry_after = retry_after;
  return tl::unexpected(e);
}

Answer service_404() { return error(ErrorKind::not_found, "HTTP 404 CCE.01404001: job not found", 404); }

PollSettings quiet(PollSettings s) {
  s.heartbeat = ms(3600000);
  return s;
}

}  // namespace

TEST_CASE("poll loop: a transient error is retried sooner than the poll schedule", "[poll_loop]") {
  FakeClock clock;
  // Deep into a long wait the schedule sits at 30 s; a reset must not cost another 30 s.
  std::vector<Answer> answers(8, status("Running", State::running));
  answers.push_back(error(ErrorKind::transient, "reset"));
  answers.push_back(status("Success", State::succeeded));
  ScriptedSource source(clock, answers);
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, quiet(settings(ms(3600000), ms(2000), ms(30000))), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(clock.sleeps.size() == 9);
  CHECK(clock.sleeps[8] == ms(1000));  // the first retry comes after a second
}

TEST_CASE("poll loop: consecutive retries back off with jitter but stay short", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {error(ErrorKind::transient, "503", 503)});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(3600000), ms(2000), ms(60000)));
  s.max_errors = 12;
  wait_for_job(source, clock, s, observer);
  REQUIRE(clock.sleeps.size() == 11);
  CHECK(clock.sleeps[0] == ms(1000));
  for (const ms delay : clock.sleeps) {
    CHECK(delay >= ms(1000));
    CHECK(delay <= ms(8000));
  }
}

TEST_CASE("poll loop: the exhausted budget ends with the last error, its code and request id", "[poll_loop]") {
  FakeClock clock;
  Error e{ErrorKind::transient, "HTTP 502: bad gateway", "APIGW.0201", "req-77", 502};
  ScriptedSource source(clock, {status("Running", State::running), tl::unexpected(e)});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(3600000)));
  s.max_errors = 3;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK_THAT(result.message, Catch::Contains("3 consecutive errors"));
  CHECK_THAT(result.message, Catch::Contains("APIGW.0201"));
  CHECK_THAT(result.message, Catch::Contains("req-77"));
  REQUIRE(result.last_error.has_value());
  CHECK(result.last_error->request_id == "req-77");
}

TEST_CASE("poll loop: Retry-After is honoured", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running), throttled(ms(7000)),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, quiet(settings(ms(60000))), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(clock.sleeps.size() == 2);
  CHECK(clock.sleeps[1] == ms(7000));
}

TEST_CASE("poll loop: Retry-After is clamped to the deadline, and no poll is sent early", "[poll_loop]") {
  FakeClock clock;
  const auto start = clock.now();
  ScriptedSource source(clock, {status("Running", State::running), throttled(ms(3600000))});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, quiet(settings(ms(10000))), observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(clock.now() - start == ms(10000));
  CHECK(result.polls == 2);  // the service asked for an hour: nothing more is sent
}

TEST_CASE("poll loop: a 429 without Retry-After waits the gateway's 2 s, then backs off", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {throttled(std::nullopt), throttled(std::nullopt), throttled(std::nullopt),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, quiet(settings(ms(60000), ms(100), ms(200))), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(clock.sleeps.size() == 3);
  CHECK(clock.sleeps[0] == ms(2000));
  CHECK(clock.sleeps[1] >= ms(2000));
  CHECK(clock.sleeps[2] >= ms(2000));
  CHECK(clock.sleeps[2] <= ms(5000));
}

TEST_CASE("poll loop: throttling counts against the error budget", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {throttled(ms(1000))});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(3600000)));
  s.max_errors = 4;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK(result.polls == 4);
  REQUIRE(result.last_error.has_value());
  CHECK(result.last_error->http_status == 429);
}

TEST_CASE("poll loop: a job not yet visible is polled through the grace, then found", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {service_404(), service_404(), status("Running", State::running),
                                status("Success", State::succeeded)});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(60000)));
  s.not_found_grace = ms(30000);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::succeeded);
  CHECK(result.polls == 4);
  CHECK(observer.warnings.size() == 1);  // "not known yet", once
}

TEST_CASE("poll loop: a job still unknown when the grace ends is not found, on time", "[poll_loop]") {
  FakeClock clock;
  const auto start = clock.now();
  ScriptedSource source(clock, {service_404()});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(600000), ms(2000), ms(30000)));
  s.not_found_grace = ms(30000);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::not_found);
  CHECK(clock.now() - start == ms(30000));  // the last poll lands on the grace's end
  REQUIRE(result.last_error.has_value());
  CHECK(result.last_error->kind == ErrorKind::not_found);
}

TEST_CASE("poll loop: with no grace a 404 is final at once", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {service_404()});
  RecordingObserver observer;
  PollSettings s = settings(ms(60000));
  s.not_found_grace = ms(0);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::not_found);
  CHECK(result.polls == 1);
  CHECK(clock.sleeps.empty());
}

TEST_CASE("poll loop: a job never found before the deadline is not_found, not api_error", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {service_404()});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(5000)));
  s.not_found_grace = ms(60000);  // longer than the deadline
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::not_found);
}

TEST_CASE("poll loop: a job seen and then gone ends at once with not_found and says so", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running), service_404(), status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::not_found);
  CHECK(result.polls == 2);
  CHECK_THAT(result.message, Catch::Contains("disappeared"));
  REQUIRE(result.last_status.has_value());
  CHECK(result.last_status->status == "Running");
}

TEST_CASE("poll loop: a gateway 404 is never given the not-found grace", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {error(ErrorKind::config, "HTTP 404 APIGW.0101", 404)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK(result.polls == 1);
}

TEST_CASE("poll loop: on_unknown = fail ends the wait with an API error and warns once", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running), status("Frobnicating", State::unknown)});
  RecordingObserver observer;
  PollSettings s = settings(ms(60000));
  s.fail_on_unknown = true;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::api_error);
  CHECK(result.polls == 2);
  CHECK_THAT(result.message, Catch::Contains("Frobnicating"));
  CHECK(observer.warnings.size() == 1);
}

TEST_CASE("poll loop: confirm = N believes a terminal status after N reads in a row", "[poll_loop]") {
  FakeClock clock;
  // A flicker of Failed, then the real answer, read three times.
  ScriptedSource source(clock, {status("Running", State::running), status("Failed", State::failed),
                                status("Running", State::running), status("Success", State::succeeded),
                                status("Success", State::succeeded), status("Success", State::succeeded),
                                status("Failed", State::failed)});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(60000), ms(1000), ms(8000)));
  s.confirm = 3;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::succeeded);
  CHECK(result.polls == 6);
  // Confirmation reads come after `interval`, not the backed-off delay.
  CHECK(clock.sleeps[4] == ms(1000));
  CHECK(clock.sleeps[3] == ms(1000));
}

TEST_CASE("poll loop: an unconfirmed terminal status at the deadline is a timeout", "[poll_loop]") {
  FakeClock clock;
  std::vector<Answer> answers(6, status("Running", State::running));
  answers.push_back(status("Success", State::succeeded));  // read once, on the deadline
  ScriptedSource source(clock, answers);
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(6000), ms(1000), ms(1000)));
  s.confirm = 2;
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(result.polls == 7);
  CHECK_THAT(result.message, Catch::Contains("Success"));
}

TEST_CASE("poll loop: a job that stops changing is reported stalled after stall_warning", "[poll_loop]") {
  FakeClock clock;
  std::vector<Answer> answers(20, status("Running", State::running));
  answers.push_back(status("Success", State::succeeded));
  ScriptedSource source(clock, answers);
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(3600000), ms(1000), ms(1000)));
  s.stall_warning = ms(10000);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(observer.warnings.size() == 1);
  CHECK_THAT(observer.warnings[0], Catch::Contains("not changed for 10s"));
  CHECK_FALSE(result.stalled);  // it moved again in the end
}

TEST_CASE("poll loop: a job still stalled at the deadline is reported stalled", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running)});
  RecordingObserver observer;
  PollSettings s = quiet(settings(ms(20000), ms(1000), ms(1000)));
  s.stall_warning = ms(10000);
  const WaitResult result = wait_for_job(source, clock, s, observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(result.stalled);
}

TEST_CASE("poll loop: a stop signal during a poll ends the wait before any sleep", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {error(ErrorKind::transient, "interrupted")});
  source.on_poll = [](std::size_t) { set_stop_signal_for_testing(SIGINT); };
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  set_stop_signal_for_testing(0);
  CHECK(result.outcome == Outcome::interrupted);
  CHECK(result.signal == SIGINT);
  CHECK(result.polls == 1);
  CHECK(clock.sleeps.empty());
}

// --- the state machine behind the loop (many/wait_many.cpp drives it for many jobs) ---------

TEST_CASE("job wait: the first poll is due at once and each answer sets the next", "[poll_loop]") {
  FakeClock clock;
  RecordingObserver observer;
  const PollSettings s = settings(ms(60000));
  JobWait wait(clock, s, observer);
  const Clock::TimePoint start = clock.now();
  CHECK(wait.next_poll_at() == start);
  REQUIRE(wait.begin_poll() == ms(30000));
  wait.on_answer(status("Running", State::running));
  CHECK_FALSE(wait.done());
  CHECK(wait.next_poll_at() == start + ms(1000));  // the first delay is exactly the interval
  clock.advance(ms(1000));
  REQUIRE(wait.begin_poll());
  wait.on_answer(status("Success", State::succeeded));
  REQUIRE(wait.done());
  CHECK(wait.result().outcome == Outcome::succeeded);
  CHECK(wait.result().polls == 2);
  CHECK(wait.worst_lateness() == ms(0));
}

TEST_CASE("job wait: records how late a poll went out against its schedule", "[poll_loop]") {
  FakeClock clock;
  RecordingObserver observer;
  const PollSettings s = settings(ms(60000));
  JobWait wait(clock, s, observer);
  REQUIRE(wait.begin_poll());
  wait.on_answer(status("Running", State::running));
  clock.advance(ms(1700));  // due at 1000 ms: 700 ms late
  REQUIRE(wait.begin_poll());
  wait.on_answer(status("Running", State::running));
  CHECK(wait.worst_lateness() == ms(700));
  CHECK(wait.result().worst_lateness == ms(700));
}

TEST_CASE("job wait: the first poll can be spread out, never past the deadline", "[poll_loop]") {
  FakeClock clock;
  RecordingObserver observer;
  const PollSettings s = settings(ms(5000));
  JobWait wait(clock, s, observer);
  wait.delay_first_poll(clock.now() + ms(300));
  CHECK(wait.next_poll_at() == clock.now() + ms(300));
  JobWait late(clock, s, observer);
  late.delay_first_poll(clock.now() + ms(9000));
  CHECK(late.next_poll_at() == clock.now() + ms(5000));
}

TEST_CASE("job wait: an interrupt ends the wait with the last status", "[poll_loop]") {
  FakeClock clock;
  RecordingObserver observer;
  const PollSettings s = settings(ms(60000));
  JobWait wait(clock, s, observer);
  REQUIRE(wait.begin_poll());
  wait.on_answer(status("Running", State::running));
  wait.interrupt(SIGTERM);
  REQUIRE(wait.done());
  CHECK(wait.result().outcome == Outcome::interrupted);
  CHECK(wait.result().signal == SIGTERM);
  CHECK(wait.result().last_status->status == "Running");
}

TEST_CASE("job wait: the deadline ends the wait after the answer that lands on it", "[poll_loop]") {
  FakeClock clock;
  RecordingObserver observer;
  const PollSettings s = settings(ms(2500));
  JobWait wait(clock, s, observer);
  while (!wait.done()) {
    clock.sleep_until(wait.next_poll_at());
    if (!wait.begin_poll()) break;
    wait.on_answer(status("Running", State::running));
  }
  CHECK(wait.result().outcome == Outcome::timed_out);
  CHECK(clock.now() - Clock::TimePoint{} == ms(2500));
}

TEST_CASE("poll loop: text from the service cannot start a log line of its own", "[poll_loop]") {
  FakeClock clock;
  JobStatus forged = status("Run\n::error::forged", State::unknown);
  forged.tasks.push_back(Task{"t1", "step\r\nx", "ok\n", State::running, "a\nb", {}});
  ScriptedSource source(clock, {forged, status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, settings(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE_FALSE(observer.warnings.empty());
  for (const std::string& warning : observer.warnings) CHECK(warning.find('\n') == std::string::npos);
  // Escaped visibly (util/escape.hpp), not blanked: the reader sees what the service sent.
  CHECK(result.timeline[0].status == "Run\\n::error::forged");
  CHECK(observer.updates[0] == "Run\\n::error::forged*");
}

TEST_CASE("poll loop: poll_settings takes the step's [wait] field by field", "[poll_loop]") {
  config::WaitConfig wait;
  wait.timeout = std::chrono::minutes(5);
  wait.interval = std::chrono::seconds(3);
  wait.max_interval = std::chrono::seconds(40);
  wait.request_timeout = std::chrono::seconds(7);
  wait.max_errors = 4;
  wait.not_found_grace = std::chrono::seconds(11);
  wait.on_unknown = "fail";
  wait.confirm = 2;
  wait.stall_warning = std::chrono::minutes(3);
  const PollSettings settings = poll_settings(wait, std::chrono::seconds(9));
  CHECK(settings.timeout == std::chrono::minutes(5));
  CHECK(settings.interval == std::chrono::seconds(3));
  CHECK(settings.max_interval == std::chrono::seconds(40));
  CHECK(settings.request_timeout == std::chrono::seconds(7));
  CHECK(settings.max_errors == 4);
  CHECK(settings.not_found_grace == std::chrono::seconds(11));
  CHECK(settings.fail_on_unknown);
  CHECK(settings.confirm == 2);
  CHECK(settings.stall_warning == std::chrono::minutes(3));
  CHECK(settings.heartbeat == std::chrono::seconds(9));
  CHECK_FALSE(settings.start.has_value());
  CHECK_FALSE(poll_settings(config::WaitConfig{}, std::chrono::seconds(1)).fail_on_unknown);
}

namespace {

// A job that lives on the clock: linear progress over `duration`, then success, the finish time
// in its answer (as CFW's end_time and a declared API's finished give it).
class ProgressingJob final : public JobSource {
 public:
  ProgressingJob(FakeClock& clock, ms duration) : m_clock(clock), m_start(clock.now()), m_duration(duration) {}
  Answer poll(ms) override {
    const ms elapsed = std::chrono::duration_cast<ms>(m_clock.now() - m_start);
    if (elapsed < m_duration) {
      JobStatus out = status("Running", State::running);
      out.progress = 100.0 * static_cast<double>(elapsed.count()) / static_cast<double>(m_duration.count());
      return out;
    }
    JobStatus out = status("Success", State::succeeded);
    out.progress = 100;
    FakeClock at_end;
    at_end.advance(m_duration);
    const std::string text = format_utc_seconds(at_end.wall_now());
    out.times.emplace_back("finished", Timestamp{text, text});
    return out;
  }

 private:
  FakeClock& m_clock;
  Clock::TimePoint m_start;
  ms m_duration;
};

PollSettings defaults(ms timeout) {
  PollSettings s = settings(timeout, ms(2000), ms(30000));
  s.heartbeat = ms(3600000);
  return s;
}

}  // namespace

TEST_CASE("poll loop: adaptive is the default strategy", "[poll_loop]") {
  CHECK(PollSettings{}.strategy == Strategy::adaptive);
}

TEST_CASE("poll loop: adaptive notices a progressing job's end within interval, in fewer requests", "[poll_loop]") {
  for (const ms duration : {ms(90000), ms(600000)}) {
    FakeClock adaptive_clock, backoff_clock;
    ProgressingJob adaptive_job(adaptive_clock, duration), backoff_job(backoff_clock, duration);
    RecordingObserver observer;
    PollSettings backoff = defaults(ms(3600000));
    backoff.strategy = Strategy::backoff;
    const WaitResult adaptive = wait_for_job(adaptive_job, adaptive_clock, defaults(ms(3600000)), observer);
    const WaitResult today = wait_for_job(backoff_job, backoff_clock, backoff, observer);
    INFO("a " << duration.count() / 1000 << " s job");
    CHECK(adaptive.outcome == Outcome::succeeded);
    REQUIRE(adaptive.detection_delay_seconds);
    CHECK(*adaptive.detection_delay_seconds <= 2.0);
    REQUIRE(today.detection_delay_seconds);
    CHECK(adaptive.polls <= today.polls);
  }
}

TEST_CASE("poll loop: without a finish time in the answer there is no detection delay", "[poll_loop]") {
  FakeClock clock;
  ScriptedSource source(clock, {status("Running", State::running), status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, defaults(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  CHECK_FALSE(result.detection_delay_seconds);
}

TEST_CASE("poll loop: adaptive still lands the last poll on the deadline", "[poll_loop]") {
  FakeClock clock;
  const auto start = clock.now();
  ProgressingJob job(clock, ms(1000000));  // ends long after the 100 s deadline
  RecordingObserver observer;
  const WaitResult result = wait_for_job(job, clock, defaults(ms(100000)), observer);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(clock.now() - start == ms(100000));
}

TEST_CASE("poll loop: adaptive never polls sooner than Retry-After", "[poll_loop]") {
  FakeClock clock;
  JobStatus almost = status("Running", State::running);
  almost.progress = 98;
  JobStatus nearly = almost;
  nearly.progress = 99;  // the estimate says: one second more
  ScriptedSource source(clock, {almost, nearly, throttled(ms(7000)), status("Success", State::succeeded)});
  RecordingObserver observer;
  const WaitResult result = wait_for_job(source, clock, defaults(ms(60000)), observer);
  CHECK(result.outcome == Outcome::succeeded);
  REQUIRE(clock.sleeps.size() == 3);
  CHECK(clock.sleeps[2] == ms(7000));
}
