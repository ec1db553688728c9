#include <catch2/catch.hpp>

#include "app/explain.hpp"

using namespace jobwait;
using namespace std::chrono_literals;

TEST_CASE("explain: the schedule doubles the ceiling up to max_interval, as backoff does", "[explain]") {
  config::WaitConfig wait;  // 30m, 2s, 30s
  wait.strategy = "backoff";
  const std::vector<std::string> lines = delay_schedule(wait);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == "poll 1 at once");
  CHECK(lines[1] == "delay 1: 2s, poll 2 at 2s");
  CHECK(lines[2] == "delay 2: 2s to 4s, poll 3 at 4s to 6s");
  CHECK(lines[3] == "delay 3: 2s to 8s, poll 4 at 6s to 14s");
  CHECK(lines[5] == "delay 5: 2s to 30s, poll 6 at 10s to 1m (the cap: every later delay is 2s to 30s)");
  // Fastest: 1 + 1800/2 polls; slowest: 1 + 5 ramp-up delays (2+4+8+16+30 = 60s) + 58 of 30s.
  CHECK(lines[6] == "within the 30m deadline: 64 to 901 polls; the last one lands on the deadline");
}

TEST_CASE("explain: a short timeout cuts the schedule at the deadline", "[explain]") {
  config::WaitConfig wait;
  wait.timeout = 5s;
  wait.interval = 2s;
  wait.max_interval = 30s;
  wait.strategy = "backoff";
  const std::vector<std::string> lines = delay_schedule(wait);
  CHECK(lines[2] == "delay 2: 2s to 4s, poll 3 at 4s to 5s");
  CHECK(lines.back() == "within the 5s deadline: 3 to 4 polls; the last one lands on the deadline");
}

TEST_CASE("explain: adaptive says how it decides, then its schedule without a signal", "[explain]") {
  config::WaitConfig wait;  // 30m, 2s, 30s, adaptive
  const std::vector<std::string> lines = delay_schedule(wait);
  REQUIRE(lines.size() == 13);
  CHECK_THAT(lines[0], Catch::StartsWith("adaptive: "));
  CHECK(lines[4] == "past it: 2s plus half the time overdue, up to 30s");
  CHECK(lines[5] == "no signal: poll 1 at once");
  CHECK(lines[6] == "delay 1: 2s, poll 2 at 2s");
  CHECK(lines[7] == "delay 2: 3s (±10%), poll 3 at 5s");  // the middle of backoff's 2s to 4s
  CHECK(lines[9] == "delay 4: 9s (±10%), poll 5 at 19s");
  CHECK(lines[10] == "delay 5: 2s to 30s (a random phase, once), poll 6 at 21s to 49s");
  CHECK(lines[11] == "then every 16s (backoff's mean delay at the cap, evenly spaced)");
  CHECK(lines[12] == "within the 30m deadline: 61 to 901 polls; the last one lands on the deadline");
}

TEST_CASE("explain: fixed is every interval, ±10%", "[explain]") {
  config::WaitConfig wait;
  wait.strategy = "fixed";
  wait.timeout = 1min;
  const std::vector<std::string> lines = delay_schedule(wait);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "poll 1 at once");
  CHECK_THAT(lines[1], Catch::Contains("(wait.interval, ±10%)"));
  CHECK(lines[2] == "within the 1m deadline: 29 to 35 polls; the last one lands on the deadline");
}

TEST_CASE("explain: shows the request with its headers, budgets and mapped exit codes", "[explain]") {
  config::StepConfig step;
  step.file = "deploy.toml";
  step.job.provider = "cce";
  step.job.id = "job-1";
  step.exit_codes.timed_out = 0;
  http::Request request;
  request.url = "https://cce.example/api/v3/projects/p/jobs/job-1";
  request.headers = {{"Accept", "application/json"}, {"X-Auth-Token", "tok"}};
  const std::string text = explain_text(step, &request, {"result.json", "plain"});
  CHECK_THAT(text, Catch::Contains("request     GET https://cce.example/api/v3/projects/p/jobs/job-1\n"));
  CHECK_THAT(text, Catch::Contains("headers     Accept: application/json\n            X-Auth-Token: tok\n"));
  CHECK_THAT(text, Catch::Contains("timed_out 0 (mapped)"));
  CHECK_THAT(text, Catch::Contains("timeout 30m"));
}

TEST_CASE("explain: a declared API's body and an exec command are shown", "[explain]") {
  config::StepConfig step;
  step.file = "deploy.toml";
  step.job.provider = "http";
  step.job.id = "job-1";
  http::Request request;
  request.method = "POST";
  request.url = "https://jobs.example/v1/runs";
  request.body = R"({"id": "job-1"})";
  const std::string declared = explain_text(step, &request, {"result.json", "plain"});
  CHECK(declared.find("POST https://jobs.example/v1/runs") != std::string::npos);
  CHECK(declared.find(R"(body        {"id": "job-1"})") != std::string::npos);

  step.job.provider = "exec";
  step.job.command = {"./status.sh", "--env", "prod"};
  const std::string exec = explain_text(step, nullptr, {"result.json", "plain"});
  CHECK(exec.find("command     ./status.sh --env prod") != std::string::npos);
  CHECK(exec.find("\nrequest ") == std::string::npos);  // nothing goes over HTTP
}
