// runner/providers/ief.cpp against 003_a595c360651f51f4.txt and job-states.md.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "providers/ief.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;

namespace {

const jobwait::providers::Provider& ief() { return jobwait::providers::ief_provider(); }

}  // namespace

TEST_CASE("ief: the page example is copied verbatim from the page", "[providers]") {
  CHECK(page_shows(api_page("003_a595c360651f51f4.txt"), fixture("ief/page-example.json")));
}

TEST_CASE("ief: the page example parses in full", "[providers]") {
  const auto status = parsed(ief(), fixture("ief/page-example.json"));
  CHECK(status.status == "Successful");
  CHECK(status.state == State::succeeded);
  CHECK_FALSE(status.progress);
  CHECK(status.reason.empty());
  CHECK_FALSE(status.stalled);
  CHECK(status.notes.empty());
  CHECK(time_of(status.times, "created").raw == "1667218308");
  CHECK(time_of(status.times, "created").utc == "2022-10-31T12:11:48.000Z");
  CHECK(time_of(status.times, "updated").raw == "1667218329");
  CHECK(time_of(status.times, "updated").utc == "2022-10-31T12:12:09.000Z");
  REQUIRE(status.tasks.size() == 2);

  const auto& first = status.tasks[0];
  CHECK(first.id == "382cca3e-88e6-4a7c-bf23-b637a99761f9");
  CHECK(first.name == "aaa-c530d");
  CHECK(first.status == "Successful");
  CHECK(first.state == State::succeeded);
  CHECK(first.message.empty());
  CHECK(time_of(first.times, "created").raw == "1667218324");
  CHECK(time_of(first.times, "created").utc == "2022-10-31T12:12:04.000Z");

  const auto& second = status.tasks[1];
  CHECK(second.id == "ac04605b-c286-4f23-97e0-fe08366c36f5");
  CHECK(second.name == "aaa-ce854");
  CHECK(second.state == State::succeeded);
  CHECK(time_of(second.times, "created").utc == "2022-10-31T12:12:05.000Z");
}

TEST_CASE("ief: the swapped counters are ignored, tasks[] is counted instead", "[providers]") {
  // The page example: task_failed_count 2, task_success_count 0, yet both tasks Successful.
  const auto example = parsed(ief(), fixture("ief/page-example.json"));
  CHECK(example.state == State::succeeded);
  CHECK(example.reason.empty());
  for (const auto& task : example.tasks) CHECK(task.state == State::succeeded);

  // Counters claiming two failures (or, read as described, two successes): one task failed.
  const auto partial = parsed(ief(), fixture("ief/partially-successful.json"));
  CHECK(partial.state == State::failed);
  CHECK(partial.reason == "1 of 3 tasks failed: node-2: edge node offline");
}

TEST_CASE("ief: every status value maps per job-states.md", "[providers]") {
  const std::pair<const char*, State> table[] = {
      {"Waiting", State::pending},     {"Running", State::running},
      {"Stopping", State::running},    {"Successful", State::succeeded},
      {"Failed", State::failed},       {"Timed_out", State::failed},
      {"Partially_successful", State::failed}, {"Stopped", State::cancelled},
  };
  for (const auto& [raw, state] : table) {
    INFO("status " << raw);
    const auto status = parsed(ief(), fixture(std::string("ief/status-") + raw + ".json"));
    CHECK(status.status == raw);
    CHECK(status.state == state);
  }
}

TEST_CASE("ief: Stopping is running but stalled, and the poll loop alone words the warning", "[providers]") {
  const auto stopping = parsed(ief(), fixture("ief/status-Stopping.json"));
  CHECK(stopping.state == State::running);
  CHECK(stopping.stalled);
  CHECK(stopping.notes.empty());  // a note too would warn twice about one pause
  CHECK_FALSE(parsed(ief(), fixture("ief/status-Running.json")).stalled);
  CHECK_FALSE(parsed(ief(), fixture("ief/status-Stopped.json")).stalled);
}

TEST_CASE("ief: a status no source lists is unknown, and values compare exactly", "[providers]") {
  CHECK(parsed(ief(), fixture("ief/unlisted-status.json")).state == State::unknown);
  CHECK(parsed(ief(), R"({"status":"successful"})").state == State::unknown);
  CHECK(parsed(ief(), R"({"status":"Timed_Out"})").state == State::unknown);
}

TEST_CASE("ief: several failed tasks' reasons are joined, a missing one named by status", "[providers]") {
  const auto status = parsed(ief(), fixture("ief/failed-several.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason ==
        "3 of 3 tasks failed: node-1: image pull failed; node-2: Failed; node-3: no answer in 600s");
  REQUIRE(status.tasks.size() == 3);
  CHECK(status.tasks[2].state == State::failed);  // Timed_out
}

TEST_CASE("ief: the failure reason stays bounded with many failed tasks", "[providers]") {
  std::string body = R"({"status":"Failed","tasks":[)";
  for (int i = 0; i < 500; ++i) {
    if (i > 0) body += ",";
    body += R"({"task_name":"node-)" + std::to_string(i) +
            R"(","status":"Failed","reason":"the edge node did not answer the upgrade request"})";
  }
  body += "]}";
  const auto status = parsed(ief(), body);
  CHECK(status.tasks.size() == 500);
  CHECK_THAT(status.reason, Catch::StartsWith("500 of 500 tasks failed: node-0: "));
  CHECK(status.reason.size() < 600);
}

TEST_CASE("ief: a body without status is an api error", "[providers]") {
  const auto error = parse_error(ief(), R"({"job_id":"x","tasks":[]})");
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.message == "unexpected response: no status");
}

TEST_CASE("ief: a body cut off mid-transfer is transient", "[providers]") {
  const std::string page = fixture("ief/page-example.json");
  CHECK(parse_error(ief(), std::string_view(page).substr(0, page.size() - 10)).kind ==
        ErrorKind::transient);
}

TEST_CASE("ief: the request sends ief-instance-id only when instance_id is set", "[providers]") {
  jobwait::config::JobConfig job;
  job.project_id = "p1";
  job.id = "66273c66-f72e-4607-8769-3663d255fb83";
  CHECK(ief().required_keys().empty());
  const auto plain = ief().request(job);
  CHECK(plain.path == "/v2/p1/productmgr/jobs/66273c66-f72e-4607-8769-3663d255fb83");
  CHECK(plain.query.empty());
  CHECK(plain.headers.empty());

  job.instance_id = "inst-7";
  const auto platinum = ief().request(job);
  REQUIRE(platinum.headers.size() == 1);
  CHECK(platinum.headers[0].name == "ief-instance-id");
  CHECK(platinum.headers[0].value == "inst-7");
  CHECK(ief().name() == "ief");
  CHECK(ief().service() == "ief");
}
