// runner/jobs/http_job.cpp (and the registry's make_job): one step file, the right kind of job
// behind the poll loop.
#include <catch2/catch.hpp>

#include "config/step_file.hpp"
#include "fake_http.hpp"
#include "jobs/registry.hpp"

using jobwait::State;
using namespace jobwait::test;

namespace {

jobwait::config::StepConfig load(const std::string& text) {
  jobwait::config::LoadOptions options;
  auto step = jobwait::config::parse_step_text(text, "step.toml", options);
  if (!step) FAIL(step.error().format());
  return *step;
}

}  // namespace

TEST_CASE("make_job: a declared API is asked as declared, on its service's host", "[http_job]") {
  const auto step = load(R"([job]
provider = "http"
service = "jobs"
region = "ap-southeast-1"
id = "run 7"
project_id = "p1"
[job.http]
path = "/v2/{project_id}/runs/{job_id}"
method = "POST"
body = '{"id": "{job_id}"}'
headers = { X-Tenant = "team-a" }
status = "/phase"
success = ["done"]
failure = ["broken"]
[auth]
token = "t0k3n"
)");
  FakeHttp http;
  http.answer(response(200, R"({"phase": "done"})"));
  const auto job = jobwait::providers::make_job(step, http);
  CHECK(job->url() == "https://jobs.ap-southeast-1.myhuaweicloud.com/v2/p1/runs/run%207");
  auto status = job->poll(std::chrono::seconds(5));
  REQUIRE(status);
  CHECK(status->state == State::succeeded);
  REQUIRE(http.sent().size() == 1);
  const jobwait::http::Request& sent = http.sent().front();
  CHECK(sent.method == "POST");
  CHECK(sent.body == R"({"id": "run 7"})");
  CHECK(header_of(sent, "X-Tenant") == "team-a");
  REQUIRE(job->request() != nullptr);
  CHECK(job->request()->method == "POST");
  CHECK(job->stats().requests == 1);
}

TEST_CASE("make_job: v1-jobs asks the preset's path on job.service's host", "[http_job]") {
  const auto step = load(R"([job]
provider = "v1-jobs"
service = "evs"
region = "eu-west-101"
id = "j1"
project_id = "p1"
[auth]
token = "t"
)");
  FakeHttp http;
  http.answer(response(200, R"({"status": "RUNNING", "entities": {}})"));
  const auto job = jobwait::providers::make_job(step, http);
  CHECK(job->url() == "https://evs.eu-west-101.myhuaweicloud.eu/v1/p1/jobs/j1");
  auto status = job->poll(std::chrono::seconds(5));
  REQUIRE(status);
  CHECK(status->state == State::running);
  CHECK(http.sent().front().method == "GET");
}

TEST_CASE("make_job: exec runs the command and sends nothing over HTTP", "[http_job]") {
  const auto step = load(R"([job]
provider = "exec"
id = "j1"
command = [")" JOBWAIT_SOURCE_DIR R"(/tests/helpers/exec-status.sh", "env"]
)");
  FakeHttp http;
  const auto job = jobwait::providers::make_job(step, http);
  CHECK(job->url().rfind("exec:", 0) == 0);
  CHECK(job->request() == nullptr);
  auto status = job->poll(std::chrono::seconds(5));
  REQUIRE(status);
  CHECK(status->status == "DONE-j1");
  CHECK(http.sent().empty());
}

TEST_CASE("make_job: a built-in provider is unchanged", "[http_job]") {
  const auto step = load(R"([job]
provider = "cce"
region = "ap-southeast-1"
id = "j1"
project_id = "p1"
[auth]
token = "t"
)");
  FakeHttp http;
  http.answer(response(200, R"({"status": {"phase": "Success"}})"));
  const auto job = jobwait::providers::make_job(step, http);
  CHECK(job->url() == "https://cce.ap-southeast-1.myhuaweicloud.com/api/v3/projects/p1/jobs/j1");
  auto status = job->poll(std::chrono::seconds(5));
  REQUIRE(status);
  CHECK(status->state == State::succeeded);
}
