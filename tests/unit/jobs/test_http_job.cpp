// runner/jobs/http_job.cpp: one poll is one HTTP request, read by the provider, counted in the
// tally; and the registry's make_job gives each kind of provider the right job. Jobs are made
// with make_job, as the program makes them.
#include <catch2/catch.hpp>

#include "config/step_file.hpp"
#include "fake_http.hpp"
#include "fixture.hpp"
#include "jobs/http_job.hpp"
#include "jobs/registry.hpp"

using namespace jobwait;
using namespace jobwait::test;
using namespace std::chrono;

namespace {

config::StepConfig cce_step(const std::string& extra = "") {
  config::LoadOptions options;
  auto step = config::parse_step_text(R"([job]
provider = "cce"
id = "job 1"
project_id = "p1"
endpoint = "http://127.0.0.1:9/prefix"
[auth]
token = "t0k3n"
[wait]
connect_timeout = "3s"
)" + extra,
                                      "step.toml", options);
  if (!step) FAIL(step.error().format());
  return *step;
}

http::TransportError transport(http::TransportErrorKind kind, std::string message) {
  http::TransportError error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

}  // namespace

TEST_CASE("http job: the request is built once, JSON headers and the step's connect timeout", "[http_job]") {
  FakeHttp http;
  http.answer(response(200, fixture("cce/status-Running.json")));
  const auto job = providers::make_job(cce_step(), http);
  CHECK(job->url() == "http://127.0.0.1:9/prefix/api/v3/projects/p1/jobs/job%201");
  REQUIRE(job->http_job() != nullptr);

  auto status = job->poll(seconds(7));
  REQUIRE(status.has_value());
  CHECK(status->state == State::running);
  job->poll(seconds(4));
  REQUIRE(http.sent().size() == 2);
  const http::Request& first = http.sent()[0];
  CHECK(first.method == "GET");
  CHECK(first.url == job->url());
  CHECK(header_of(first, "Accept") == "application/json");
  CHECK(header_of(first, "Content-Type") == "application/json");
  CHECK(first.timeout == seconds(7));
  CHECK(first.connect_timeout == seconds(3));
  // Each poll gets its own time limit; the question is the same.
  CHECK(http.sent()[1].timeout == seconds(4));
  CHECK(http.sent()[1].url == first.url);
  CHECK(job->stats().requests == 2);
  CHECK(job->stats().by_status.at(200) == 2);
  CHECK(job->stats().connections_opened == 1);
}

TEST_CASE("http job: a transport error is transient, says what went wrong, and counts", "[http_job]") {
  using Kind = http::TransportErrorKind;
  const std::vector<std::pair<Kind, std::string>> cases{
      {Kind::connect, "cannot connect: refused"},       {Kind::timeout, "request timed out: refused"},
      {Kind::reset, "connection lost: refused"},        {Kind::tls, "TLS error: refused"},
      {Kind::too_large, "response too large: refused"}, {Kind::interrupted, "interrupted"},
      {Kind::other, "transport error: refused"}};
  for (const auto& [kind, message] : cases) {
    FakeHttp http;
    http.answer(transport(kind, "refused"));
    const auto job = providers::make_job(cce_step(), http);
    const auto status = job->poll(seconds(5));
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().kind == ErrorKind::transient);
    CHECK(status.error().message == message);
    CHECK(status.error().http_status == 0);
    CHECK(job->stats().transport_errors == 1);
    CHECK(job->stats().by_status.empty());
  }
}

TEST_CASE("http job: a non-2xx answer is classified, not parsed", "[http_job]") {
  FakeHttp http;
  http.answer(response(401, fixture("errors/apigw-0301.json"), {{"X-Request-Id", "req-401"}}));
  http.answer(response(404, fixture("errors/cce-404.json")));
  http.answer(response(429, "{}", {{"Retry-After", "3"}}));
  const auto job = providers::make_job(cce_step(), http);
  auto first = job->poll(seconds(5));
  REQUIRE_FALSE(first.has_value());
  CHECK(first.error().kind == ErrorKind::auth);
  CHECK(first.error().code == "APIGW.0301");
  CHECK(first.error().http_status == 401);
  auto second = job->poll(seconds(5));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().kind == ErrorKind::not_found);
  auto third = job->poll(seconds(5));
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error().kind == ErrorKind::transient);
  CHECK(third.error().retry_after == seconds(3));
  const HttpStats& stats = job->stats();
  CHECK(stats.requests == 3);
  CHECK(stats.by_status.at(401) == 1);
  CHECK(stats.by_status.at(404) == 1);
  CHECK(stats.by_status.at(429) == 1);
  CHECK(stats.throttled == 1);
  // The last request id seen is kept, even after answers without one.
  CHECK(stats.last_request_id == "req-401");
}

TEST_CASE("http job: a 2xx body the provider cannot read carries the answer's status and request id", "[http_job]") {
  FakeHttp http;
  http.answer(response(200, "<html>maintenance</html>", {{"x-request-id", "req-7"}}));
  const auto job = providers::make_job(cce_step(), http);
  const auto status = job->poll(seconds(5));
  REQUIRE_FALSE(status.has_value());
  CHECK(status.error().http_status == 200);
  CHECK(status.error().request_id == "req-7");
  CHECK(job->stats().last_request_id == "req-7");
}

TEST_CASE("http job: the two halves for an event loop count requests and the loop's connections", "[http_job]") {
  FakeHttp http;  // never used: the loop sends
  const auto job = providers::make_job(cce_step(), http);
  auto* watcher = job->http_job();
  REQUIRE(watcher != nullptr);
  const http::Request request = watcher->next_request(seconds(9));
  CHECK(request.timeout == seconds(9));
  CHECK(request.url == job->url());
  CHECK(job->stats().requests == 1);
  CHECK(http.sent().empty());

  const tl::expected<http::Response, http::TransportError> ok = response(200, fixture("cce/status-Success.json"));
  const auto status = watcher->read_answer(ok, 1);
  REQUIRE(status.has_value());
  CHECK(status->state == State::succeeded);
  watcher->next_request(seconds(9));
  const tl::expected<http::Response, http::TransportError> lost =
      tl::unexpected(transport(http::TransportErrorKind::reset, "eof"));
  CHECK_FALSE(watcher->read_answer(lost, 0).has_value());
  watcher->next_request(seconds(9));
  watcher->read_answer(ok, 2);
  CHECK(job->stats().requests == 3);
  CHECK(job->stats().connections_opened == 3);
  CHECK(job->stats().transport_errors == 1);
  CHECK(job->stats().by_status.at(200) == 2);
}

namespace {

jobwait::config::StepConfig load_step(const std::string& text) {
  jobwait::config::LoadOptions options;
  auto step = jobwait::config::parse_step_text(text, "step.toml", options);
  if (!step) FAIL(step.error().format());
  return *step;
}

}  // namespace

TEST_CASE("make_job: a declared API is asked as declared, on its service's host", "[http_job]") {
  const auto step = load_step(R"([job]
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
  const auto step = load_step(R"([job]
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
  const auto step = load_step(R"([job]
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
  const auto step = load_step(R"([job]
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

namespace {

const char* k_cce_in_region = R"([job]
provider = "cce"
id = "job-1"
project_id = "p1"
region = "%s"
[auth]
token = "t0k3n"
)";

std::string cce_in(const std::string& region) {
  std::string text = k_cce_in_region;
  text.replace(text.find("%s"), 2, region);
  return text;
}

jobwait::http::TransportError unresolved() {
  return {jobwait::http::TransportErrorKind::resolve, "Could not resolve host: cce.ap-southest-1.myhuaweicloud.com"};
}

}  // namespace

TEST_CASE("watched job: a host derived from a misspelled region that never resolves ends on the third try",
          "[watcher]") {
  const auto step = load_step(cce_in("ap-southest-1"));
  FakeHttp http;
  for (int i = 0; i < 3; ++i) http.answer(unresolved());
  const auto job = jobwait::providers::make_job(step, http);
  for (int i = 1; i <= 2; ++i) {
    auto answer = job->poll(std::chrono::seconds(5));
    REQUIRE_FALSE(answer);
    CHECK(answer.error().kind == jobwait::ErrorKind::transient);  // a resolver may hiccup
  }
  auto third = job->poll(std::chrono::seconds(5));
  REQUIRE_FALSE(third);
  CHECK(third.error().kind == jobwait::ErrorKind::config);  // retrying cannot help: exit 6
  CHECK(third.error().message ==
        "cannot resolve the host: Could not resolve host: cce.ap-southest-1.myhuaweicloud.com (3 tries, never "
        "resolved): job.region \"ap-southest-1\" is not a region Huawei Cloud is known to have (did you mean "
        "\"ap-southeast-1\"?)");
}

TEST_CASE("watched job: a host that resolved once is retried as usual when its lookups fail later", "[watcher]") {
  const auto step = load_step(cce_in("ap-southeast-1"));
  FakeHttp http;
  http.answer(response(200, R"({"status": {"phase": "Running"}})"));
  for (int i = 0; i < 4; ++i) http.answer(unresolved());
  const auto job = jobwait::providers::make_job(step, http);
  REQUIRE(job->poll(std::chrono::seconds(5)));
  for (int i = 0; i < 4; ++i) {
    auto answer = job->poll(std::chrono::seconds(5));
    REQUIRE_FALSE(answer);
    CHECK(answer.error().kind == jobwait::ErrorKind::transient);
  }
}

TEST_CASE("watched job: a known region's host that never resolves names job.region and job.endpoint", "[watcher]") {
  const auto step = load_step(cce_in("ap-southeast-1"));
  FakeHttp http;
  for (int i = 0; i < 3; ++i) http.answer(unresolved());
  const auto job = jobwait::providers::make_job(step, http);
  (void)job->poll(std::chrono::seconds(5));
  (void)job->poll(std::chrono::seconds(5));
  auto third = job->poll(std::chrono::seconds(5));
  REQUIRE_FALSE(third);
  CHECK(third.error().kind == jobwait::ErrorKind::config);
  CHECK_THAT(third.error().message, Catch::EndsWith("check job.region \"ap-southeast-1\", or give job.endpoint"));
}

TEST_CASE("watched job: a project not known yet shows as {project_id} in the URL, never as an empty segment",
          "[watcher]") {
  auto step = load_step(cce_in("ap-southeast-1"));
  step.job.project_id.clear();  // the IAM lookup has not run, or was refused
  FakeHttp http;
  const auto job = jobwait::providers::make_job(step, http);
  CHECK(job->url() == "https://cce.ap-southeast-1.myhuaweicloud.com/api/v3/projects/{project_id}/jobs/job-1");
}
