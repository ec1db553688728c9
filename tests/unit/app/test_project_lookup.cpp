// runner/app/project_lookup.cpp: the project looked up at IAM before the first poll, through the
// wait engine, under the step's deadline and error budget.
#include <catch2/catch.hpp>

#include <csignal>

#include "app/project_lookup.hpp"
#include "auth/session.hpp"
#include "fake_clock.hpp"
#include "fake_http.hpp"
#include "wait/signals.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using test::FakeHttp;
using test::header_of;

config::StepConfig step() {
  config::StepConfig out;
  out.job.provider = "cce";
  out.job.id = "job-1";
  out.job.region = "eu-de";
  out.job.cloud = "otc";
  out.auth.access_key = "AKAKAKAKAKAKAKAKAKAK";
  out.auth.secret_key = "SKSKSKSK";
  return out;
}

// Records the retries it hears; a lookup never reports a status.
struct Quiet final : WaitObserver {
  void on_update(const JobStatus&, bool, double) override { ++updates; }
  void on_retry(const Error& error, int, double) override {
    ++retries;
    CHECK(error.attempt == "IAM project lookup");  // printed as such, never as "poll failed"
  }
  void on_warning(std::string_view) override {}
  void on_heartbeat(const JobStatus*, double, double) override {}
  int retries = 0;
  int updates = 0;
};

PollSettings budget(int max_errors) {
  PollSettings settings;
  settings.max_errors = max_errors;
  settings.interval = std::chrono::milliseconds(100);
  settings.max_interval = std::chrono::seconds(1);
  settings.timeout = std::chrono::minutes(5);
  return settings;
}

WallClock fixed() {
  return [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)); };
}

}  // namespace

TEST_CASE("project lookup: the project is looked up once, signed, and then sent as X-Project-Id", "[app]") {
  FakeHttp transport;
  transport.answer(test::response(200, R"({"projects":[{"id":"proj-42","name":"eu-de"}]})"));
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  CHECK(look_up_project(session, s, clock, budget(3), quiet) == std::nullopt);
  CHECK(s.job.project_id == "proj-42");
  REQUIRE(transport.sent().size() == 1);
  const http::Request& lookup = transport.sent().front();
  CHECK(lookup.url == "https://iam.eu-de.otc.t-systems.com/v3/projects?name=eu-de");
  CHECK_THAT(header_of(lookup, "Authorization"), Catch::StartsWith("SDK-HMAC-SHA256 Access=AKAKAKAKAKAKAKAKAKAK,"));
  CHECK(header_of(lookup, "X-Project-Id").empty());

  http::Request poll;
  poll.url = "https://cce.eu-de.otc.t-systems.com/api/v3/projects/proj-42/jobs/job-1";
  REQUIRE(session.client().send(poll));
  CHECK(header_of(transport.sent().back(), "X-Project-Id") == "proj-42");
}

TEST_CASE("project lookup: a configured project is not looked up", "[app]") {
  FakeHttp transport;
  config::StepConfig s = step();
  s.job.project_id = "proj-1";
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  CHECK(look_up_project(session, s, clock, budget(3), quiet) == std::nullopt);
  CHECK(transport.sent().empty());
}

TEST_CASE("project lookup: a refused lookup ends the run as an auth error with IAM's details", "[app]") {
  FakeHttp transport;
  transport.answer(test::response(403, R"({"error_code":"IAM.0003","error_msg":"Policy doesn't allow iam:projects:list"})",
                                  {{"X-Request-Id", "req-403"}}));
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  const std::optional<WaitResult> ended = look_up_project(session, s, clock, budget(3), quiet);
  REQUIRE(ended);
  CHECK(ended->outcome == Outcome::auth_error);
  REQUIRE(ended->last_error);
  CHECK(ended->last_error->code == "IAM.0003");
  CHECK(ended->last_error->request_id == "req-403");
  CHECK(ended->last_error->http_status == 403);
  CHECK(transport.sent().size() == 1);  // never retried
}

TEST_CASE("project lookup: zero projects, or no answer, ends the run as an API error", "[app]") {
  FakeHttp none;
  none.answer(test::response(200, R"({"projects":[]})"));
  config::StepConfig s = step();
  Session session(s, none, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  const auto empty = look_up_project(session, s, clock, budget(3), quiet);
  REQUIRE(empty);
  CHECK(empty->outcome == Outcome::api_error);
  CHECK_THAT(empty->message, Catch::Contains("no project named after region \"eu-de\""));

  FakeHttp down;
  down.answer(http::TransportError{http::TransportErrorKind::connect, "connection refused"});
  config::StepConfig t = step();
  Session unreachable(t, down, fixed());
  const auto gone = look_up_project(unreachable, t, clock, budget(3), quiet);
  REQUIRE(gone);
  CHECK(gone->outcome == Outcome::api_error);
  CHECK(gone->last_error->kind == ErrorKind::transient);
  CHECK(down.sent().size() == 3);  // the error budget, as for polls
}

TEST_CASE("project lookup: a reset or a 5xx at IAM is retried like a poll, within the error budget", "[app]") {
  FakeHttp transport;
  transport.answer(http::TransportError{http::TransportErrorKind::reset, "connection reset by peer"});
  transport.answer(test::response(503, R"({"error_code":"SYS.0503","error_msg":"busy"})"));
  transport.answer(test::response(200, R"({"projects":[{"id":"proj-42","name":"eu-de"}]})"));
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  CHECK(look_up_project(session, s, clock, budget(3), quiet) == std::nullopt);
  CHECK(s.job.project_id == "proj-42");
  CHECK(transport.sent().size() == 3);
  CHECK(quiet.retries == 2);
  REQUIRE(clock.sleeps.size() == 2);  // jittered retry delays, at least the first retry's
  CHECK(clock.sleeps[0] >= std::chrono::milliseconds(100));
}

TEST_CASE("project lookup: a lookup that keeps failing ends with no poll counted and the budget named", "[app]") {
  FakeHttp transport;
  transport.answer(test::response(502, "<html>bad gateway</html>"));
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  const auto ended = look_up_project(session, s, clock, budget(4), quiet);
  REQUIRE(ended);
  CHECK(ended->outcome == Outcome::api_error);
  CHECK(ended->polls == 0);
  CHECK_THAT(ended->message, Catch::StartsWith("cannot look up the project at IAM: gave up after 4"));
  CHECK(transport.sent().size() == 4);
}

TEST_CASE("project lookup: the lookup spends the deadline it is given", "[app]") {
  FakeHttp transport;
  transport.answer(test::response(503, "{}"));
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  PollSettings settings = budget(1000);
  settings.timeout = std::chrono::seconds(5);
  const auto ended = look_up_project(session, s, clock, settings, quiet);
  REQUIRE(ended);
  CHECK(ended->outcome == Outcome::api_error);
  CHECK_THAT(ended->message, Catch::Contains("no answer from the API within 5s"));
  CHECK(clock.now() - testing::FakeClock::TimePoint() <= std::chrono::seconds(5));
}

TEST_CASE("project lookup: a stop signal during the lookup ends it as interrupted", "[app]") {
  FakeHttp transport;
  config::StepConfig s = step();
  Session session(s, transport, fixed());
  testing::FakeClock clock;
  Quiet quiet;
  set_stop_signal_for_testing(SIGTERM);
  const auto ended = look_up_project(session, s, clock, budget(3), quiet);
  set_stop_signal_for_testing(0);
  REQUIRE(ended);
  CHECK(ended->outcome == Outcome::interrupted);
  CHECK(ended->signal == SIGTERM);
  CHECK(transport.sent().empty());
}
