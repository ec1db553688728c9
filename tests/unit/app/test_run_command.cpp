// runner/app/run_command.cpp: `run`, `check` and `explain` for one job, in process, against a
// server on 127.0.0.1: exit codes, the artifact, what is sent and what is printed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "app/run_command.hpp"
#include "captured_stdio.hpp"
#include "env_guard.hpp"
#include "fixture.hpp"
#include "temp_dir.hpp"
#include "tiny_server.hpp"

using namespace jobwait;
using jobwait::test::CapturedStdio;
using jobwait::test::Received;
using jobwait::test::reply;
using jobwait::test::TinyServer;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

boost::json::object artifact(const std::string& path) {
  const std::string text = read(path);
  INFO(text);
  const boost::json::value value = boost::json::parse(text);
  REQUIRE(value.is_object());
  return value.as_object();
}

// A cce step file in `dir`, its endpoint `endpoint`, plus `extra` lines at the end.
std::string step_file(const test::TempDir& dir, const std::string& endpoint, const std::string& extra = "") {
  const std::string path = dir / "step.toml";
  std::ofstream(path) << "name = \"unit\"\n[job]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"p1\"\n"
                         "region = \"ap-southeast-1\"\nendpoint = \""
                      << endpoint
                      << "\"\n[auth]\ntoken = \"secret-token-123\"\n[wait]\ninterval = \"1s\"\nmax_interval = \"1s\"\n"
                         "timeout = \"20s\"\n"
                      << extra;
  return path;
}

CliOptions options_for(Command command, const std::string& step, const std::string& result) {
  CliOptions options;
  options.command = command;
  options.step_file = step;
  options.result_path = result;
  options.log_format = output::LogFormat::plain;
  return options;
}

}  // namespace

TEST_CASE("run command: a job that succeeds exits 0 and the artifact says so", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  int polls = 0;
  TinyServer server([&polls](const Received&) {
    return reply(200, test::fixture(++polls == 1 ? "cce/status-Running.json" : "cce/status-Success.json"),
                 "X-Request-Id: req-9\r\n");
  });
  const CliOptions options = options_for(Command::run, step_file(dir, server.url("")), dir / "result.json");
  CapturedStdio err(stderr);
  const int code = run_step(options);
  const std::string said = err.stop();
  CHECK(code == 0);
  const auto result = artifact(dir / "result.json");
  CHECK(result.at("outcome") == "succeeded");
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].target == "/api/v3/projects/p1/jobs/job-1");
  CHECK(received[0].header("X-Auth-Token") == "secret-token-123");
  // One kept-alive connection for the whole wait.
  CHECK(server.connections() == 1);
  CHECK_THAT(said, Catch::Contains("jobwait: waiting for cce job job-1"));
  CHECK_THAT(said, Catch::Contains("succeeded after"));
  // The token is never printed nor written.
  CHECK(said.find("secret-token-123") == std::string::npos);
  CHECK(read(dir / "result.json").find("secret-token-123") == std::string::npos);
}

TEST_CASE("run command: a failed job exits 1, or what [exit_codes] maps it to", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, test::fixture("cce/status-Failed.json")); });
  {
    CapturedStdio err(stderr);
    CHECK(run_step(options_for(Command::run, step_file(dir, server.url("")), dir / "r1.json")) == 1);
  }
  CHECK(artifact(dir / "r1.json").at("outcome") == "failed");
  CapturedStdio err(stderr);
  CHECK(run_step(options_for(Command::run, step_file(dir, server.url(""), "[exit_codes]\nfailed = 0\n"), dir / "r2.json")) ==
        0);
  const std::string said = err.stop();
  CHECK(artifact(dir / "r2.json").at("outcome") == "failed");
  CHECK_THAT(said, Catch::Contains("(exit 0 per [exit_codes])"));
}

TEST_CASE("run command: an auth refusal exits 5 after one request", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(401, test::fixture("errors/apigw-0301.json")); });
  CapturedStdio err(stderr);
  CHECK(run_step(options_for(Command::run, step_file(dir, server.url("")), dir / "r.json")) == 5);
  err.stop();
  CHECK(server.received().size() == 1);
  CHECK(artifact(dir / "r.json").at("outcome") == "auth_error");
}

TEST_CASE("run command: a broken step file exits 2 with an artifact, nothing sent", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  const std::string step = step_file(dir, server.url(""), "bogus_key = 1\n");
  CapturedStdio err(stderr);
  const int code = run_step(options_for(Command::run, step, dir / "r.json"));
  const std::string said = err.stop();
  CHECK(code == 2);
  CHECK(server.received().empty());
  CHECK_THAT(said, Catch::Contains("bogus_key"));
  CHECK(artifact(dir / "r.json").at("outcome") == "config_error");
}

TEST_CASE("run command: an artifact path that cannot be written exits 2 before the first poll", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, test::fixture("cce/status-Success.json")); });
  CapturedStdio err(stderr);
  const int code = run_step(options_for(Command::run, step_file(dir, server.url("")), dir / "no/such/dir/r.json"));
  err.stop();
  CHECK(code == 2);
  CHECK(server.received().empty());
}

TEST_CASE("run command: --json prints the artifact on stdout too", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, test::fixture("cce/status-Success.json")); });
  CliOptions options = options_for(Command::run, step_file(dir, server.url("")), dir / "r.json");
  options.json = true;
  CapturedStdio err(stderr);
  CapturedStdio out(stdout);
  CHECK(run_step(options) == 0);
  const std::string printed = out.stop();
  err.stop();
  CHECK(printed == read(dir / "r.json"));
}

TEST_CASE("run command: check prints the resolved settings, the token redacted, and sends nothing", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  CapturedStdio out(stdout);
  const ExitCode code = check_step(options_for(Command::check, step_file(dir, server.url("")), dir / "r.json"));
  const std::string printed = out.stop();
  CHECK(code == ExitCode::succeeded);
  CHECK_THAT(printed, Catch::Contains("job.provider"));
  CHECK_THAT(printed, Catch::Contains("cce"));
  CHECK(printed.find("secret-token-123") == std::string::npos);
  CHECK(server.received().empty());
  CHECK_FALSE(std::filesystem::exists(dir / "r.json"));
}

TEST_CASE("run command: explain shows the request it would send, and sends nothing", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  CapturedStdio out(stdout);
  const ExitCode code = explain_step(options_for(Command::explain, step_file(dir, server.url("")), dir / "r.json"));
  const std::string printed = out.stop();
  CHECK(code == ExitCode::succeeded);
  CHECK_THAT(printed, Catch::Contains(server.url("/api/v3/projects/p1/jobs/job-1")));
  CHECK(printed.find("secret-token-123") == std::string::npos);
  CHECK(server.received().empty());
}

TEST_CASE("run command: check and explain of a broken step file are config errors", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  const std::string step = step_file(dir, "http://127.0.0.1:9", "[wait.nope]\n");
  CapturedStdio err(stderr);
  CHECK(check_step(options_for(Command::check, step, dir / "r.json")) == ExitCode::config_error);
  CHECK(explain_step(options_for(Command::explain, step, dir / "r.json")) == ExitCode::config_error);
  CHECK_THAT(err.stop(), Catch::StartsWith("jobwait: "));
}

TEST_CASE("run command: --job-ids-from waits on every listed job in one run", "[run_command]") {
  test::EnvGuard env(test::ci_variables());
  test::TempDir dir;
  TinyServer server([](const Received&) { return reply(200, test::fixture("cce/status-Success.json")); });
  std::ofstream(dir / "ids") << "a\nb\n";
  CliOptions options = options_for(Command::run, step_file(dir, server.url("")), dir / "r.json");
  options.job_ids_from = dir / "ids";
  CapturedStdio err(stderr);
  CHECK(run_step(options) == 0);
  err.stop();
  const auto result = artifact(dir / "r.json");
  CHECK(result.at("outcome") == "succeeded");
  CHECK(server.received().size() == 2);
}
