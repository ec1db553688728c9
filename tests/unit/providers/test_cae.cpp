// runner/providers/cae.cpp against 002_e611aabd0053960c.txt and job-states.md.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "providers/cae.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;

namespace {

const jobwait::providers::Provider& cae() { return jobwait::providers::cae_provider(); }

jobwait::config::JobConfig cae_job() {
  jobwait::config::JobConfig job;
  job.provider = "cae";
  job.project_id = "p1";
  job.id = "job-1";
  job.environment_id = "env-9";
  return job;
}

std::string header(const jobwait::providers::RequestSpec& spec, std::string_view name) {
  for (const auto& h : spec.headers) {
    if (h.name == name) return h.value;
  }
  return "<absent>";
}

}  // namespace

TEST_CASE("cae: the page example is copied verbatim from the page", "[providers]") {
  CHECK(page_shows(api_page("002_e611aabd0053960c.txt"), fixture("cae/page-example.json")));
}

TEST_CASE("cae: the page example parses in full", "[providers]") {
  const auto status = parsed(cae(), fixture("cae/page-example.json"));
  CHECK(status.status == "running");
  CHECK(status.state == State::running);
  REQUIRE(status.progress);
  CHECK(*status.progress == 0.0);
  CHECK(status.reason.empty());
  CHECK_FALSE(status.stalled);
  CHECK(status.notes.empty());
  CHECK(status.times.empty());
  REQUIRE(status.tasks.size() == 1);
  const auto& task = status.tasks[0];
  CHECK(task.id == "1");
  CHECK(task.name == "upgrade");
  CHECK(task.status == "init");
  CHECK(task.state == State::pending);
  CHECK(task.message.empty());
  CHECK(time_of(task.times, "created").raw == "2023-02-16T11:24:07.950175Z");
  CHECK(time_of(task.times, "created").utc == "2023-02-16T11:24:07.950Z");
  CHECK(time_of(task.times, "updated").raw == "2023-02-16T11:24:07.950175Z");
  CHECK(time_of(task.times, "updated").utc == "2023-02-16T11:24:07.950Z");
}

TEST_CASE("cae: every spec.status value maps per job-states.md", "[providers]") {
  const std::pair<const char*, State> table[] = {
      {"init", State::pending},          {"running", State::running},
      {"terminating", State::running},   {"success", State::succeeded},
      {"skip", State::succeeded},        {"failed", State::failed},
      {"timeout", State::failed},        {"terminated", State::cancelled},
  };
  for (const auto& [raw, state] : table) {
    INFO("status " << raw);
    const auto status = parsed(cae(), fixture(std::string("cae/status-") + raw + ".json"));
    CHECK(status.status == raw);
    CHECK(status.state == state);
  }
}

TEST_CASE("cae: skip is succeeded with a note, its meaning being unconfirmed", "[providers]") {
  const auto status = parsed(cae(), fixture("cae/status-skip.json"));
  CHECK(status.state == State::succeeded);
  REQUIRE(status.notes.size() == 1);
  CHECK(status.notes[0] == "cae status 'skip' treated as success (its meaning is unconfirmed)");
  CHECK(parsed(cae(), fixture("cae/status-success.json")).notes.empty());
}

TEST_CASE("cae: a status no source lists is unknown, and values compare exactly", "[providers]") {
  CHECK(parsed(cae(), fixture("cae/unlisted-status.json")).state == State::unknown);
  CHECK(parsed(cae(), R"({"spec":{"status":"Success"}})").state == State::unknown);
}

TEST_CASE("cae: a failed job's reason is the failed task's detail, and tasks sort by index", "[providers]") {
  const auto status = parsed(cae(), fixture("cae/failed-task-detail.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason == R"(deploy: Back-off pulling image "nginx:notthere")");
  CHECK(status.progress == 50.0);
  REQUIRE(status.tasks.size() == 3);
  CHECK(status.tasks[0].name == "build");
  CHECK(status.tasks[0].state == State::succeeded);
  CHECK(status.tasks[1].name == "deploy");
  CHECK(status.tasks[1].state == State::failed);
  CHECK(status.tasks[1].message == R"(Back-off pulling image "nginx:notthere")");
  CHECK(status.tasks[2].name == "verify");
  CHECK(status.tasks[2].state == State::pending);
  CHECK(time_of(status.tasks[0].times, "updated").utc == "2023-02-16T11:25:10.100Z");
}

TEST_CASE("cae: progress is a number, and a numeric string is accepted", "[providers]") {
  CHECK(parsed(cae(), fixture("cae/status-success.json")).progress == 100.0);
  CHECK(parsed(cae(), fixture("cae/progress-as-string.json")).progress == 45.5);
  CHECK_FALSE(parsed(cae(), R"({"spec":{"status":"running","progress":"soon"}})").progress);
  CHECK_FALSE(parsed(cae(), R"({"spec":{"status":"running"}})").progress);
  // Found by fuzzing: a value that is no percentage is not reported as one.
  CHECK_FALSE(parsed(cae(), R"({"spec":{"status":"running","progress":"4505"}})").progress);
  CHECK_FALSE(parsed(cae(), R"({"spec":{"status":"running","progress":-1}})").progress);
}

TEST_CASE("cae: a body without spec.status is an api error", "[providers]") {
  const auto error = parse_error(cae(), fixture("cae/missing-status.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.message == "unexpected response: no spec.status");
}

TEST_CASE("cae: a body cut off mid-transfer is transient", "[providers]") {
  const std::string page = fixture("cae/page-example.json");
  CHECK(parse_error(cae(), std::string_view(page).substr(0, 40)).kind == ErrorKind::transient);
}

TEST_CASE("cae: job.environment_id is a required key", "[providers]") {
  CHECK(cae().required_keys() == std::vector<std::string_view>{"job.environment_id"});
}

TEST_CASE("cae: the request sends X-Environment-ID, and X-Enterprise-Project-ID only when set", "[providers]") {
  auto job = cae_job();
  job.project_id = "p/1";
  const auto plain = cae().request(job);
  CHECK(plain.path == "/v1/p%2F1/cae/jobs/job-1");
  CHECK(plain.query.empty());
  CHECK(plain.headers.size() == 1);
  CHECK(header(plain, "X-Environment-ID") == "env-9");
  CHECK(header(plain, "X-Enterprise-Project-ID") == "<absent>");

  job.enterprise_project_id = "0";
  const auto with_project = cae().request(job);
  CHECK(with_project.headers.size() == 2);
  CHECK(header(with_project, "X-Enterprise-Project-ID") == "0");
  CHECK(cae().name() == "cae");
  CHECK(cae().service() == "cae");
}

TEST_CASE("cae: a task detail spanning lines gives a one-line reason", "[providers]") {
  // Found by fuzzing: the reason is printed on one log line and must not be able to start another.
  const auto status = parsed(cae(), R"({"spec":{"status":"failed","tasks":[
      {"name":"deploy","status":"failed","detail":"pull failed\nretrying\n"}]}})");
  CHECK(status.state == State::failed);
  CHECK(status.reason == "deploy: pull failed retrying");
  CHECK(status.tasks.at(0).message == "pull failed\nretrying\n");
}
