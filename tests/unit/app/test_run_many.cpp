// runner/app/run_many.cpp: --job-ids-from's list, the jobs settled before anything is sent, and
// several jobs waited on in one loop against a server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <fstream>

#include "app/run_many.hpp"
#include "config/step_file.hpp"
#include "env_guard.hpp"
#include "fixture.hpp"
#include "recording_reporter.hpp"
#include "temp_dir.hpp"
#include "tiny_server.hpp"

using namespace jobwait;
using jobwait::test::Received;
using jobwait::test::reply;
using jobwait::test::TinyServer;

namespace {

std::string write_file(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir / name;
  std::ofstream(path) << text;
  return path;
}

config::StepConfig load(const std::string& text) {
  config::LoadOptions options;
  auto step = config::parse_step_text(text, "step.toml", options);
  if (!step) FAIL(step.error().format());
  return *step;
}

std::string cce_step(const std::string& endpoint, const std::string& extra = "") {
  return "[job]\nprovider = \"cce\"\nid = \"first\"\nproject_id = \"p1\"\nregion = \"ap-southeast-1\"\nendpoint = \"" +
         endpoint + "\"\n[auth]\ntoken = \"t0k3n\"\n[wait]\ninterval = \"1s\"\nmax_interval = \"1s\"\ntimeout = \"20s\"\n" +
         extra;
}

}  // namespace

TEST_CASE("run many: job ids are one a line, trimmed, blank and # lines skipped", "[run_many]") {
  test::TempDir dir;
  const std::string path = write_file(dir, "ids", "job-1\n\n  job-2 \t\r\n# a comment\n   # indented comment\n\tjob 3\n\r\n");
  const auto ids = read_job_ids(path);
  REQUIRE(ids.has_value());
  CHECK(*ids == std::vector<std::string>{"job-1", "job-2", "job 3"});
}

TEST_CASE("run many: a list with no ids, or no file, is an error that says so", "[run_many]") {
  test::TempDir dir;
  const std::string empty = write_file(dir, "empty", "# nothing yet\n\n");
  const auto none = read_job_ids(empty);
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error() == empty + " lists no job ids");
  const auto missing = read_job_ids(dir / "missing");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() == "cannot read " + (dir / "missing"));
}

TEST_CASE("run many: --job-ids-from makes one copy of the [job] per id", "[run_many]") {
  config::StepConfig step = load(cce_step("http://127.0.0.1:9"));
  const std::vector<std::string> ids{"a", "b", "c"};
  std::vector<std::string> warnings;
  REQUIRE(settle_jobs(step, &ids, {}, warnings).has_value());
  REQUIRE(step.jobs.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(step.jobs[i].job.id == ids[i]);
    CHECK(step.jobs[i].job.provider == "cce");
    CHECK(step.jobs[i].job.project_id == "p1");
    CHECK(step.jobs[i].auth.token == "t0k3n");
  }
}

TEST_CASE("run many: --job-ids-from with [[jobs]] is a config error, nothing settled", "[run_many]") {
  config::StepConfig step = load(cce_step("http://127.0.0.1:9"));
  step.jobs.push_back({step.job, step.auth});
  step.jobs.push_back({step.job, step.auth});
  const std::vector<std::string> ids{"x"};
  std::vector<std::string> warnings;
  const auto settled = settle_jobs(step, &ids, {}, warnings);
  REQUIRE_FALSE(settled.has_value());
  CHECK(settled.error().key == "jobs");
  CHECK(settled.error().result_path == step.output.result);
  CHECK(step.jobs.size() == 2);
}

TEST_CASE("run many: each [[jobs]] entry is settled with its own credentials", "[run_many]") {
  test::EnvGuard env(test::ci_variables());
  config::StepConfig step = load(cce_step("http://127.0.0.1:9"));
  config::JobEntry second{step.job, step.auth};
  second.job.id = "second";
  second.auth.token = "other-token";
  step.jobs = {{step.job, step.auth}, second};
  std::vector<std::string> warnings;
  std::vector<auth::Resolution> others;
  REQUIRE(settle_jobs(step, nullptr, {}, warnings, &others).has_value());
  REQUIRE(step.jobs.size() == 2);
  CHECK(step.jobs[0].job.id == "first");
  CHECK(step.jobs[1].job.id == "second");
  CHECK(step.jobs[1].auth.token == "other-token");
  CHECK(others.size() == 1);
}

TEST_CASE("run many: a [[jobs]] entry without credentials fails before anything is sent", "[run_many]") {
  test::EnvGuard env(test::ci_variables());
  config::StepConfig step = load(cce_step("http://127.0.0.1:9"));
  config::JobEntry second{step.job, config::AuthConfig{}};
  second.job.id = "second";
  step.jobs = {{step.job, step.auth}, second};
  std::vector<std::string> warnings;
  const auto settled = settle_jobs(step, nullptr, {}, warnings);
  CHECK_FALSE(settled.has_value());
}

TEST_CASE("run many: run_jobs waits on each job and sums the outcomes up", "[run_many]") {
  test::EnvGuard env(test::ci_variables());
  TinyServer server([](const Received& request) {
    if (request.target.find("/jobs/bad") != std::string::npos) return reply(200, test::fixture("cce/status-Failed.json"));
    return reply(200, test::fixture("cce/status-Success.json"));
  });
  config::StepConfig step = load(cce_step(server.url("")));
  const std::vector<std::string> ids{"good", "bad"};
  std::vector<std::string> warnings;
  REQUIRE(settle_jobs(step, &ids, {}, warnings).has_value());
  test::RecordingReporter reporter;
  const RunRecord run = run_jobs(step, reporter, real_clock(), false, {"a warning"});
  CHECK(step.jobs.empty());  // the entries are let go once each job has its watcher
  CHECK(run.mode == "all");
  CHECK(run.outcome == Outcome::failed);
  CHECK(run.exit_code == ExitCode::failed);
  REQUIRE(run.jobs.size() == 2);
  CHECK(run.jobs[0].id == "good");
  CHECK(run.jobs[0].provider == "cce");
  CHECK(run.jobs[0].wait.outcome == Outcome::succeeded);
  CHECK(run.jobs[0].url == server.url("/api/v3/projects/p1/jobs/good"));
  CHECK(run.jobs[0].http.requests == 1);
  CHECK(run.jobs[1].wait.outcome == Outcome::failed);
  // The warnings go to the reporter and into the first job's record.
  CHECK(reporter.warnings == std::vector<std::string>{"a warning"});
  REQUIRE_FALSE(run.jobs[0].wait.warnings.empty());
  CHECK(run.jobs[0].wait.warnings.front() == "a warning");
  REQUIRE(reporter.starts.size() == 1);
  CHECK(reporter.starts[0].job_id == "good and 1 more");
  CHECK(reporter.starts[0].provider == "cce");
  // The token went with every request.
  for (const Received& received : server.received()) CHECK(received.header("X-Auth-Token") == "t0k3n");
}

TEST_CASE("run many: mode any with [exit_codes] maps the summed outcome", "[run_many]") {
  test::EnvGuard env(test::ci_variables());
  TinyServer server([](const Received& request) {
    if (request.target.find("/jobs/bad") != std::string::npos) return reply(200, test::fixture("cce/status-Failed.json"));
    return reply(200, test::fixture("cce/status-Success.json"));
  });
  config::StepConfig step = load(cce_step(server.url(""), "mode = \"any\"\n[exit_codes]\nfailed = 9\n"));
  const std::vector<std::string> ids{"bad", "good"};
  std::vector<std::string> warnings;
  REQUIRE(settle_jobs(step, &ids, {}, warnings).has_value());
  test::RecordingReporter reporter;
  const RunRecord run = run_jobs(step, reporter, real_clock(), false, {});
  CHECK(run.mode == "any");
  CHECK(run.outcome == Outcome::succeeded);
  CHECK_FALSE(run.mapped_exit_code.has_value());
  CHECK(run.exit_code_changes.at("failed") == 9);
}
