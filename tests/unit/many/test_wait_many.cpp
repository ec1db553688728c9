// runner/many/wait_many.cpp: the event loop over many JobWaits, on a fake clock and a scripted
// multi client (every request comes back on the next wait()).
#include <catch2/catch.hpp>

#include <csignal>
#include <deque>
#include <map>

#include "auth/authenticator.hpp"
#include "config/step_file.hpp"
#include "fake_clock.hpp"
#include "fake_http.hpp"
#include "fixture.hpp"
#include "jobs/http_job.hpp"
#include "jobs/registry.hpp"
#include "many/wait_many.hpp"
#include "recording_reporter.hpp"
#include "wait/signals.hpp"

using namespace jobwait;
using namespace jobwait::many;
using namespace std::chrono;
using jobwait::test::RecordingReporter;

namespace {

// Answers each request by its URL from a script (the last answer repeats); a request takes
// `latency` on the fake clock. With nothing in flight, wait() sleeps its whole timeout.
class ScriptedMulti final : public http::MultiClient {
 public:
  ScriptedMulti(testing::FakeClock& clock, milliseconds latency = milliseconds(50)) : m_clock(clock), m_latency(latency) {}

  void script(const std::string& url, std::vector<http::Answer> answers) {
    m_script[url] = std::deque<http::Answer>(answers.begin(), answers.end());
  }
  void start(const http::Request& request, std::size_t tag) override {
    m_in_flight.push_back({tag, request});
    sent.push_back({m_clock.now(), request});
  }
  std::vector<http::Finished> wait(milliseconds timeout) override {
    std::vector<http::Finished> out;
    if (m_in_flight.empty()) {
      m_clock.advance(timeout);
      return out;
    }
    m_clock.advance(std::min(timeout, m_latency));
    for (auto& [tag, request] : m_in_flight) {
      auto& answers = m_script.at(request.url);
      http::Answer answer = answers.front();
      if (answers.size() > 1) answers.pop_front();
      out.push_back({tag, answer, first_use(request.url) ? 1 : 0});
    }
    m_in_flight.clear();
    return out;
  }
  std::size_t in_flight() const override { return m_in_flight.size(); }

  std::vector<std::pair<Clock::TimePoint, http::Request>> sent;

 private:
  bool first_use(const std::string& url) { return m_used.emplace(url, true).second; }

  testing::FakeClock& m_clock;
  milliseconds m_latency;
  std::map<std::string, std::deque<http::Answer>> m_script;
  std::map<std::string, bool> m_used;
  std::vector<std::pair<std::size_t, http::Request>> m_in_flight;
};

// A job that is not one HTTP request per poll (as exec): the loop calls poll().
class CommandJob final : public Job {
 public:
  explicit CommandJob(std::vector<tl::expected<JobStatus, Error>> answers) : m_answers(answers.begin(), answers.end()) {}
  tl::expected<JobStatus, Error> poll(milliseconds) override {
    ++polls;
    auto next = m_answers.front();
    if (m_answers.size() > 1) m_answers.pop_front();
    return next;
  }
  const std::string& url() const override { return m_url; }
  const HttpStats& stats() const override { return m_stats; }
  int polls = 0;

 private:
  std::deque<tl::expected<JobStatus, Error>> m_answers;
  std::string m_url = "exec: check-job";
  HttpStats m_stats;
};

class RefusingAuthenticator final : public auth::Authenticator {
 public:
  tl::expected<void, auth::AuthFailure> authenticate(http::Request&) override {
    ++calls;
    return tl::unexpected(auth::AuthFailure(test::response(401, R"({"error_code":"APIGW.0301","error_msg":"bad"})")));
  }
  int calls = 0;
};

class StampingAuthenticator final : public auth::Authenticator {
 public:
  tl::expected<void, auth::AuthFailure> authenticate(http::Request& request) override {
    request.headers.push_back({"X-Auth-Token", "stamped"});
    return {};
  }
};

config::StepConfig cce_step(const std::string& id, const std::string& endpoint = "http://127.0.0.1:9") {
  config::LoadOptions options;
  auto step = config::parse_step_text("[job]\nprovider = \"cce\"\nid = \"" + id + "\"\nproject_id = \"p1\"\nendpoint = \"" +
                                          endpoint + "\"\n[auth]\ntoken = \"t\"\n",
                                      "step.toml", options);
  if (!step) FAIL(step.error().format());
  return *step;
}

JobStatus in_state(State state, std::string raw) {
  JobStatus status;
  status.status = std::move(raw);
  status.state = state;
  return status;
}

http::Answer body(const std::string& fixture_name) { return test::response(200, test::fixture(fixture_name)); }

ManySettings settings_for(milliseconds timeout = minutes(5)) {
  ManySettings settings;
  settings.poll.timeout = timeout;
  settings.poll.interval = seconds(2);
  settings.poll.max_interval = seconds(2);
  settings.poll.heartbeat = seconds(25);
  settings.limits.requests_per_second = 100;
  return settings;
}

// Several cce jobs on one host, each with its own watcher.
struct CceJobs {
  explicit CceJobs(const std::vector<std::string>& ids, const std::string& endpoint = "http://127.0.0.1:9") {
    for (const std::string& id : ids) watched.push_back(providers::make_job(cce_step(id, endpoint), unused));
    for (std::size_t i = 0; i < ids.size(); ++i) jobs.push_back({ids[i], watched[i].get(), nullptr, std::nullopt});
  }
  std::string url(std::size_t i) const { return watched[i]->url(); }
  test::FakeHttp unused;
  std::vector<std::unique_ptr<Job>> watched;
  std::vector<ManyJob> jobs;
};

struct ClearStop {
  ClearStop() { set_stop_signal_for_testing(0); }
  ~ClearStop() { set_stop_signal_for_testing(0); }
};

}  // namespace

TEST_CASE("wait many: origin_of is scheme, host and port", "[wait_many]") {
  CHECK(origin_of("https://cce.example:8443/api/v3/jobs/1?x=1") == "https://cce.example:8443");
  CHECK(origin_of("http://127.0.0.1:9?q") == "http://127.0.0.1:9");
  CHECK(origin_of("https://host#frag") == "https://host");
  CHECK(origin_of("https://host") == "https://host");
  CHECK(origin_of("exec: check-job") == "exec: check-job");
}

TEST_CASE("wait many: all mode waits for every job, each with its own result", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a", "b"});
  multi.script(cce.url(0), {body("cce/status-Success.json")});
  multi.script(cce.url(1), {body("cce/status-Running.json"), body("cce/status-Running.json"), body("cce/status-Failed.json")});
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings_for(), reporter);
  REQUIRE(results.size() == 2);
  CHECK(results[0].wait.outcome == Outcome::succeeded);
  CHECK_FALSE(results[0].abandoned);
  CHECK(results[1].wait.outcome == Outcome::failed);
  CHECK(results[1].wait.polls == 3);
  CHECK_FALSE(results[1].abandoned);
  REQUIRE_FALSE(reporter.updates.empty());
  CHECK(reporter.updates.back().status.status == "2/2 jobs ended: 1 succeeded, 1 failed");
  CHECK(reporter.updates.back().status.state == State::failed);
  // The tally counts the connections the loop's requests opened, per job.
  CHECK(cce.watched[0]->stats().requests == 1);
  CHECK(cce.watched[1]->stats().requests == 3);
  CHECK(cce.watched[1]->stats().connections_opened == 1);
}

TEST_CASE("wait many: any mode ends at the first success and abandons the rest", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"slow", "quick"});
  multi.script(cce.url(0), {body("cce/status-Running.json")});
  multi.script(cce.url(1), {body("cce/status-Running.json"), body("cce/status-Success.json")});
  ManySettings settings = settings_for();
  settings.any = true;
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings, reporter);
  CHECK(results[1].wait.outcome == Outcome::succeeded);
  CHECK(results[0].abandoned);
  CHECK(results[0].wait.message == "no longer waited on: the step ended first");
  REQUIRE(results[0].wait.last_status.has_value());
  CHECK(results[0].wait.last_status->state == State::running);
  CHECK(clock.now() - Clock::TimePoint() < seconds(10));
}

TEST_CASE("wait many: any mode goes on past a failure", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"bad", "good"});
  multi.script(cce.url(0), {body("cce/status-Failed.json")});
  multi.script(cce.url(1), {body("cce/status-Running.json"), body("cce/status-Running.json"), body("cce/status-Success.json")});
  ManySettings settings = settings_for();
  settings.any = true;
  settings.fail_fast = true;  // means nothing with any
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings, reporter);
  CHECK(results[0].wait.outcome == Outcome::failed);
  CHECK(results[1].wait.outcome == Outcome::succeeded);
  CHECK_FALSE(results[1].abandoned);
}

TEST_CASE("wait many: fail_fast ends all mode at the first job that does not succeed", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"running", "bad"});
  multi.script(cce.url(0), {body("cce/status-Running.json")});
  multi.script(cce.url(1), {body("cce/status-Running.json"), body("cce/status-Failed.json")});
  ManySettings settings = settings_for();
  settings.fail_fast = true;
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings, reporter);
  CHECK(results[1].wait.outcome == Outcome::failed);
  CHECK(results[0].abandoned);
  CHECK(reporter.updates.back().status.status == "2/2 jobs ended: 1 failed, 1 running");
}

TEST_CASE("wait many: a job that ended before its first poll keeps its result and sends nothing", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"refused", "ok"});
  multi.script(cce.url(1), {body("cce/status-Success.json")});
  WaitResult refused;
  refused.outcome = Outcome::auth_error;
  refused.message = "IAM refused the project lookup";
  cce.jobs[0].ended = refused;
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings_for(), reporter);
  CHECK(results[0].wait.outcome == Outcome::auth_error);
  CHECK(results[0].wait.message == "IAM refused the project lookup");
  CHECK_FALSE(results[0].abandoned);
  CHECK(results[1].wait.outcome == Outcome::succeeded);
  REQUIRE(multi.sent.size() == 1);
  CHECK(multi.sent[0].second.url == cce.url(1));
}

TEST_CASE("wait many: each request gets its credentials just before it goes out", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a"});
  StampingAuthenticator stamp;
  cce.jobs[0].authenticator = &stamp;
  multi.script(cce.url(0), {body("cce/status-Success.json")});
  RecordingReporter reporter;
  wait_for_jobs(cce.jobs, multi, clock, settings_for(), reporter);
  REQUIRE(multi.sent.size() == 1);
  CHECK(test::header_of(multi.sent[0].second, "X-Auth-Token") == "stamped");
}

TEST_CASE("wait many: a refused authentication is read as the job API's answer, nothing sent", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a"});
  RefusingAuthenticator refuse;
  cce.jobs[0].authenticator = &refuse;
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings_for(), reporter);
  CHECK(refuse.calls == 1);
  CHECK(multi.sent.empty());
  CHECK(results[0].wait.outcome == Outcome::auth_error);
  REQUIRE(results[0].wait.last_error.has_value());
  CHECK(results[0].wait.last_error->code == "APIGW.0301");
  CHECK(cce.watched[0]->stats().by_status.at(401) == 1);
}

TEST_CASE("wait many: a job that is not an HTTP request is polled by the loop", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CommandJob command({in_state(State::running, "working"), in_state(State::succeeded, "done")});
  std::vector<ManyJob> jobs{{"cmd", &command, nullptr, std::nullopt}};
  RecordingReporter reporter;
  const auto results = wait_for_jobs(jobs, multi, clock, settings_for(), reporter);
  CHECK(results[0].wait.outcome == Outcome::succeeded);
  CHECK(command.polls == 2);
  CHECK(multi.sent.empty());
}

TEST_CASE("wait many: first polls are spread over the time the rate needs, not sent at once", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a", "b", "c", "d"});
  for (std::size_t i = 0; i < 4; ++i) multi.script(cce.url(i), {body("cce/status-Success.json")});
  ManySettings settings = settings_for();
  settings.limits.requests_per_second = 2;
  RecordingReporter reporter;
  const Clock::TimePoint start = clock.now();
  wait_for_jobs(cce.jobs, multi, clock, settings, reporter);
  REQUIRE(multi.sent.size() == 4);
  CHECK(multi.sent[0].first == start);
  // Job i goes out about (i-1 + jitter)/rate in: the last one no sooner than 1s, within 1.5s-ish.
  CHECK(multi.sent[3].first - start >= seconds(1));
  CHECK(multi.sent[3].first - start <= milliseconds(2000));
  for (std::size_t i = 1; i < 4; ++i) CHECK(multi.sent[i].first >= multi.sent[i - 1].first);
}

TEST_CASE("wait many: jobs still running at the deadline time out", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a", "b"});
  multi.script(cce.url(0), {body("cce/status-Running.json")});
  multi.script(cce.url(1), {body("cce/status-Running.json")});
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings_for(seconds(60)), reporter);
  CHECK(results[0].wait.outcome == Outcome::timed_out);
  CHECK(results[1].wait.outcome == Outcome::timed_out);
  CHECK(clock.now() - Clock::TimePoint() >= seconds(60));
  CHECK(clock.now() - Clock::TimePoint() < seconds(70));
  // A minute of waiting: at least one heartbeat, whose interval is 25 s.
  CHECK_FALSE(reporter.heartbeats.empty());
}

TEST_CASE("wait many: a stop signal interrupts every job still waiting", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock);
  CceJobs cce({"a"});
  multi.script(cce.url(0), {body("cce/status-Running.json")});
  CommandJob command({in_state(State::running, "working")});
  cce.jobs.push_back({"cmd", &command, nullptr, std::nullopt});
  set_stop_signal_for_testing(SIGTERM);
  RecordingReporter reporter;
  const auto results = wait_for_jobs(cce.jobs, multi, clock, settings_for(), reporter);
  for (const ManyResult& result : results) {
    CHECK(result.wait.outcome == Outcome::interrupted);
    CHECK(result.wait.signal == SIGTERM);
    CHECK_FALSE(result.abandoned);
  }
  CHECK(multi.sent.empty());
}

TEST_CASE("wait many: --verbose traces each request with its job and HTTP status", "[wait_many]") {
  ClearStop clear;
  testing::FakeClock clock;
  ScriptedMulti multi(clock, milliseconds(120));
  CceJobs cce({"a"});
  multi.script(cce.url(0), {test::response(503, "<html>busy</html>"), body("cce/status-Success.json")});
  ManySettings settings = settings_for();
  settings.verbose = true;
  RecordingReporter reporter;
  wait_for_jobs(cce.jobs, multi, clock, settings, reporter);
  REQUIRE(reporter.polls.size() == 2);
  CHECK(reporter.polls[0].number == 1);
  CHECK_FALSE(reporter.polls[0].ok);
  CHECK(reporter.polls[0].http_status == 503);
  CHECK_THAT(reporter.polls[0].text, Catch::StartsWith("job a: "));
  CHECK(reporter.polls[0].duration_seconds == Approx(0.12));
  CHECK(reporter.polls[1].number == 2);
  CHECK(reporter.polls[1].ok);
  CHECK(reporter.polls[1].text == "job a: Success");
  CHECK(reporter.polls[1].http_status == 200);
  // Without --verbose, no traces.
  testing::FakeClock clock2;
  ScriptedMulti quiet(clock2);
  CceJobs again({"a"});
  quiet.script(again.url(0), {body("cce/status-Success.json")});
  RecordingReporter reporter2;
  wait_for_jobs(again.jobs, quiet, clock2, settings_for(), reporter2);
  CHECK(reporter2.polls.empty());
}
