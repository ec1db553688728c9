// runner/providers/declared.cpp: a job API declared in [job.http], and the v1-jobs preset
// written in that form, on ECS-shaped fixtures (tests/fixtures/v1-jobs).
#include <catch2/catch.hpp>

#include "config/step_file.hpp"
#include "fixture.hpp"
#include "jobs/registry.hpp"
#include "providers/declared.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;
using jobwait::config::HttpSpec;
using jobwait::config::JobConfig;
namespace providers = jobwait::providers;

namespace {

HttpSpec v1_jobs_preset() {
  const providers::ProviderEntry& entry = *providers::find_entry("v1-jobs");
  auto http = jobwait::config::load_preset(entry.name, providers::preset_text(entry));
  if (!http) FAIL(http.error().format());
  return *http;
}

JobConfig v1_job() {
  JobConfig job;
  job.provider = "v1-jobs";
  job.service = "ecs";
  job.project_id = "proj-1";
  job.id = "job-1";
  job.region = "ap-southeast-1";
  job.http = v1_jobs_preset();
  return job;
}

// An API of our own: POSTs its question, answers in other field names.
JobConfig custom_job() {
  JobConfig job;
  job.provider = "http";
  job.project_id = "team a";
  job.id = "run/7";
  job.endpoint = "https://jobs.example.com";
  HttpSpec& http = job.http;
  http.path = "/api/{project_id}/runs/{job_id}/state";
  http.method = "POST";
  http.body = R"({"run": "{job_id}", "project": "{project_id}"})";
  http.headers = {{"X-Tenant", "{project_id}"}, {"X-Api-Version", "2"}};
  http.status = "/run/phase";
  http.message = "/run/error/text";
  http.progress = "/run/percent";
  http.tasks = "/run/steps";
  http.task_name = "/title";
  http.task_status = "/phase";
  http.task_message = "/why";
  http.success = {"done"};
  http.failure = {"broken"};
  http.cancelled = {"aborted"};
  http.pending = {"queued"};
  http.running = {"busy"};
  http.stalled = {"on-hold"};
  return job;
}

}  // namespace

TEST_CASE("declared: v1-jobs asks GET /v1/{project_id}/jobs/{job_id} on the service's host", "[providers]") {
  JobConfig job = v1_job();
  job.project_id = "proj/1";
  job.id = "job 1";
  const auto provider = providers::make_declared_provider(job);
  CHECK(provider->name() == "v1-jobs");
  CHECK(provider->service() == "ecs");
  const providers::RequestSpec spec = provider->request(job);
  CHECK(spec.path == "/v1/proj%2F1/jobs/job%201");  // each placeholder is one encoded segment
  CHECK(spec.method == "GET");
  CHECK(spec.body.empty());
  CHECK(spec.headers.empty());
  CHECK(spec.query.empty());
}

TEST_CASE("declared: the ECS reference's success body reads in full", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/success.json"));
  CHECK(status.status == "SUCCESS");
  CHECK(status.state == State::succeeded);
  CHECK_FALSE(status.stalled);
  CHECK(status.reason.empty());
  CHECK(time_of(status.times, "started").utc == "2017-09-14T06:19:54.342Z");
  CHECK(time_of(status.times, "finished").utc == "2017-09-14T06:22:45.614Z");
  REQUIRE(status.tasks.size() == 1);
  CHECK(status.tasks[0].id == "2c9eb2c15e9a5bdc015e9c0a2c2c0213");
  CHECK(status.tasks[0].name == "createSingleServer");
  CHECK(status.tasks[0].status == "SUCCESS");
  CHECK(status.tasks[0].state == State::succeeded);
  CHECK(status.tasks[0].message.empty());  // fail_reason null
}

TEST_CASE("declared: v1-jobs sub-jobs carry their own begin and end times", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/running.json"));
  REQUIRE(status.tasks.size() == 2);
  CHECK(time_of(status.tasks[0].times, "started").utc == "2024-03-01T10:00:00.000Z");
  CHECK(time_of(status.tasks[0].times, "finished").utc == "2024-03-01T10:01:00.000Z");
  CHECK(time_of(status.tasks[1].times, "started").utc == "2024-03-01T10:00:00.000Z");
}

TEST_CASE("declared: v1-jobs maps every status the reference lists", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  CHECK(parsed(*provider, fixture("v1-jobs/init.json")).state == State::pending);
  CHECK(parsed(*provider, fixture("v1-jobs/running.json")).state == State::running);
  CHECK(parsed(*provider, fixture("v1-jobs/success.json")).state == State::succeeded);
  CHECK(parsed(*provider, fixture("v1-jobs/fail.json")).state == State::failed);
  CHECK(parsed(*provider, fixture("v1-jobs/pending-payment.json")).state == State::pending);
}

TEST_CASE("declared: PENDING_PAYMENT keeps waiting, flagged stalled", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/pending-payment.json"));
  CHECK(status.state == State::pending);
  CHECK(status.stalled);
  CHECK_FALSE(parsed(*provider, fixture("v1-jobs/init.json")).stalled);
}

TEST_CASE("declared: a running job has no finished time while end_time is empty", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/running.json"));
  CHECK(time_of(status.times, "finished").raw.empty());
  REQUIRE(status.tasks.size() == 2);
  CHECK(status.tasks[0].state == State::succeeded);
  CHECK(status.tasks[1].state == State::running);
}

TEST_CASE("declared: the reason is the job's fail_reason", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  CHECK(parsed(*provider, fixture("v1-jobs/fail.json")).reason == "Insufficient EIP quota.");
}

TEST_CASE("declared: without a job reason, the failed sub-jobs give it", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/fail-in-sub-job.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason == "createVolume: The disk type is sold out.");
  REQUIRE(status.tasks.size() == 2);
  CHECK(status.tasks[1].message == "The disk type is sold out.");
}

TEST_CASE("declared: a value no list names is unknown (the poll loop decides)", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto status = parsed(*provider, fixture("v1-jobs/unlisted-status.json"));
  CHECK(status.status == "ROLLING_BACK");
  CHECK(status.state == State::unknown);
}

TEST_CASE("declared: an error body in a 200 is that API error, but a cut-off body is transient", "[providers]") {
  const auto provider = providers::make_declared_provider(v1_job());
  const auto error = parse_error(*provider, fixture("v1-jobs/error-body.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "Ecs.0000");
  CHECK(parse_error(*provider, R"({"status": "RUNN)").kind == ErrorKind::transient);
  const auto missing = parse_error(*provider, R"({"state": "RUNNING"})");
  CHECK(missing.kind == ErrorKind::api);
  CHECK(missing.message.find("/status") != std::string::npos);
}

TEST_CASE("declared: method, body and headers are sent as declared, placeholders filled", "[providers]") {
  const JobConfig job = custom_job();
  const auto provider = providers::make_declared_provider(job);
  const providers::RequestSpec spec = provider->request(job);
  CHECK(spec.path == "/api/team%20a/runs/run%2F7/state");
  CHECK(spec.method == "POST");
  CHECK(spec.body == R"({"run": "run/7", "project": "team a"})");  // as is: not a URL
  REQUIRE(spec.headers.size() == 2);
  CHECK(spec.headers[0].name == "X-Tenant");
  CHECK(spec.headers[0].value == "team a");
  CHECK(spec.headers[1].value == "2");
}

TEST_CASE("declared: a query in the path template becomes the request's query", "[providers]") {
  JobConfig job = custom_job();
  job.http.path = "/v3/{project_id}/jobs?id={job_id}&detail=true&x%20y=a%2Bb";
  const auto provider = providers::make_declared_provider(job);
  const providers::RequestSpec spec = provider->request(job);
  CHECK(spec.path == "/v3/team%20a/jobs");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(spec.query == Pairs{{"id", "run/7"}, {"detail", "true"}, {"x y", "a+b"}});  // raw: encoded when sent
}

TEST_CASE("declared: pointers read status, progress, message and tasks anywhere", "[providers]") {
  const auto provider = providers::make_declared_provider(custom_job());
  const auto busy = parsed(*provider, R"({"run": {"phase": "busy", "percent": 40,
      "steps": [{"title": "build", "phase": "done"}, {"title": "ship", "phase": "busy"}]}})");
  CHECK(busy.state == State::running);
  REQUIRE(busy.progress);
  CHECK(*busy.progress == 40);
  REQUIRE(busy.tasks.size() == 2);
  CHECK(busy.tasks[0].name == "build");
  CHECK(busy.tasks[0].state == State::succeeded);
  CHECK(busy.tasks[0].id.empty());  // no task_id pointer declared

  const auto aborted = parsed(*provider, R"({"run": {"phase": "aborted", "error": {"text": "stopped by alice"}}})");
  CHECK(aborted.state == State::cancelled);
  CHECK(aborted.reason == "stopped by alice");

  const auto held = parsed(*provider, R"({"run": {"phase": "on-hold"}})");
  CHECK(held.state == State::running);  // stalled and in no other list
  CHECK(held.stalled);
}

TEST_CASE("declared: a progress that is not a percentage is left out", "[providers]") {
  const auto provider = providers::make_declared_provider(custom_job());
  CHECK_FALSE(parsed(*provider, R"({"run": {"phase": "busy", "percent": 140}})").progress);
  CHECK_FALSE(parsed(*provider, R"({"run": {"phase": "busy", "percent": -1}})").progress);
  CHECK_FALSE(parsed(*provider, R"({"run": {"phase": "busy", "percent": "lots"}})").progress);
  CHECK(parsed(*provider, R"({"run": {"phase": "busy", "percent": "12.5"}})").progress == 12.5);
}

TEST_CASE("declared: a numeric status is read as its decimal text", "[providers]") {
  JobConfig job = custom_job();
  job.http.success = {"2"};
  job.http.running = {"1"};
  const auto provider = providers::make_declared_provider(job);
  CHECK(parsed(*provider, R"({"run": {"phase": 2}})").state == State::succeeded);
  CHECK(parsed(*provider, R"({"run": {"phase": 1}})").status == "1");
}

TEST_CASE("declared: the status map is built from the value lists", "[providers]") {
  const providers::StatusMap map = providers::declared_statuses(v1_jobs_preset());
  CHECK(map.values_of(State::succeeded) == std::vector<std::string>{"SUCCESS"});
  CHECK(map.values_of(State::failed) == std::vector<std::string>{"FAIL"});
  CHECK(map.values_of(State::pending) == std::vector<std::string>{"INIT", "PENDING_PAYMENT"});
  CHECK(map.values_of(State::running) == std::vector<std::string>{"RUNNING"});
  CHECK(map.stalled_values() == std::vector<std::string>{"PENDING_PAYMENT"});
  const auto provider = providers::make_declared_provider(v1_job());
  CHECK(provider->statuses().rules().size() == map.rules().size());
  CHECK(provider->path_template() == "/v1/{project_id}/jobs/{job_id}");
  CHECK(provider->status_field() == "/status");
}
