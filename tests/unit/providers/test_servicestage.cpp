// runner/providers/servicestage.cpp against 000_3bbe62fdabb108fa.txt and job-states.md.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "providers/servicestage.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;

namespace {

const jobwait::providers::Provider& servicestage() {
  return jobwait::providers::servicestage_provider();
}

}  // namespace

TEST_CASE("servicestage: the page example is copied verbatim from the page", "[providers]") {
  CHECK(page_shows(api_page("000_3bbe62fdabb108fa.txt"), fixture("servicestage/page-example.json")));
}

TEST_CASE("servicestage: the page example parses in full", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/page-example.json"));
  CHECK(status.status == "SUCCEEDED");
  CHECK(status.state == State::succeeded);
  CHECK_FALSE(status.progress);
  CHECK(status.reason.empty());
  CHECK_FALSE(status.stalled);
  CHECK(status.notes.empty());
  CHECK(status.times.empty());
  REQUIRE(status.tasks.size() == 2);

  const auto& prepare = status.tasks[0];
  CHECK(prepare.id == "Task-af75dd60-0b04-4f4b-b669-0bad38fcdd97");
  CHECK(prepare.name == "VMAPP_CONTEXT_PREPARE_01");
  CHECK(prepare.status == "SUCCEEDED");
  CHECK(prepare.state == State::succeeded);
  CHECK(prepare.message.empty());  // "{}"
  CHECK(time_of(prepare.times, "created").raw == "2024-06-06T15:55:31.115Z");
  CHECK(time_of(prepare.times, "created").utc == "2024-06-06T15:55:31.115Z");
  CHECK(time_of(prepare.times, "updated").raw == "2024-06-06T15:55:31.136Z");
  CHECK(time_of(prepare.times, "updated").utc == "2024-06-06T15:55:31.136Z");

  const auto& upgrade = status.tasks[1];
  CHECK(upgrade.id == "Task-50110d26-3973-49e1-95d3-d46755e865af");
  CHECK(upgrade.name == "VMAPP_UPGRADE_002");
  CHECK(upgrade.state == State::succeeded);
  CHECK(upgrade.message.empty());
  CHECK(time_of(upgrade.times, "created").utc == "2024-06-06T15:55:31.136Z");
  // Two fraction digits in the page: ".36" is 360 ms, not 36.
  CHECK(time_of(upgrade.times, "updated").raw == "2024-06-06T15:55:31.36Z");
  CHECK(time_of(upgrade.times, "updated").utc == "2024-06-06T15:55:31.360Z");
}

TEST_CASE("servicestage: every execution_status value maps per job-states.md", "[providers]") {
  const std::pair<const char*, State> table[] = {
      {"SUBMITTED", State::pending},  {"SCHEDULED", State::pending},
      {"RUNNING", State::running},    {"ROLLBACKING", State::running},
      {"SUCCEEDED", State::succeeded}, {"FAILED", State::failed},
      {"PARTIALLY_FAILED", State::failed}, {"ROLLBACKED", State::failed},
      {"UNKNOWN", State::failed},     {"CANCELLED", State::cancelled},
  };
  for (const auto& [raw, state] : table) {
    INFO("execution_status " << raw);
    const auto status = parsed(servicestage(), fixture(std::string("servicestage/status-") + raw + ".json"));
    CHECK(status.status == raw);
    CHECK(status.state == state);
  }
}

TEST_CASE("servicestage: its own UNKNOWN status is a failure, not jobwait's unknown", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/status-UNKNOWN.json"));
  CHECK(status.state == State::failed);
  CHECK(status.state != State::unknown);
}

TEST_CASE("servicestage: a status no source lists is unknown, and values compare exactly", "[providers]") {
  CHECK(parsed(servicestage(), fixture("servicestage/unlisted-status.json")).state == State::unknown);
  CHECK(parsed(servicestage(), R"({"job":{"execution_status":"Succeeded"}})").state == State::unknown);
  CHECK(parsed(servicestage(), R"({"job":{"execution_status":"running"}})").state == State::unknown);
}

TEST_CASE("servicestage: UPPER-CASE keys are read like lower-case ones", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/upper-case-keys.json"));
  CHECK(status.status == "RUNNING");
  CHECK(status.state == State::running);
  REQUIRE(status.tasks.size() == 1);
  CHECK(status.tasks[0].id == "Task-1");
  CHECK(status.tasks[0].name == "VMAPP_CONTEXT_PREPARE_01");
  CHECK(status.tasks[0].state == State::running);
  CHECK(time_of(status.tasks[0].times, "created").utc == "2024-06-06T15:55:31.000Z");
  CHECK(time_of(status.tasks[0].times, "updated").utc == "2024-06-06T15:55:32.500Z");
  CHECK(status.notes.empty());  // TASK_COUNT 1 was read too
}

TEST_CASE("servicestage: a failed job's reason is the failed task's decoded messages", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/failed-task-messages.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason == "VMAPP_UPGRADE_002: image pull failed: manifest unknown");
  REQUIRE(status.tasks.size() == 3);
  CHECK(status.tasks[1].message == "image pull failed: manifest unknown");
  CHECK(time_of(status.tasks[1].times, "created").utc == "2024-06-06T15:55:32.100Z");
  CHECK(time_of(status.tasks[1].times, "updated").utc == "2024-06-06T15:56:01.000Z");
}

TEST_CASE("servicestage: a SKIPPED task is neutral: succeeded, never a failure", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/failed-task-messages.json"));
  REQUIRE(status.tasks.size() == 3);
  CHECK(status.tasks[2].name == "VMAPP_HEALTH_CHECK");
  CHECK(status.tasks[2].status == "SKIPPED");
  CHECK(status.tasks[2].state == State::succeeded);
  CHECK_THAT(status.reason, !Catch::Contains("VMAPP_HEALTH_CHECK"));
  // A skipped task in a successful job leaves it successful.
  const auto ok = parsed(servicestage(), R"({"job":{"execution_status":"SUCCEEDED"},"tasks":[
      {"task_index":1,"task_name":"a","task_status":"SKIPPED","messages":"{}"}],"task_count":1})");
  CHECK(ok.state == State::succeeded);
  CHECK(ok.reason.empty());
}

TEST_CASE("servicestage: tasks are sorted by task_index, those without one last", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/unsorted-tasks.json"));
  REQUIRE(status.tasks.size() == 4);
  CHECK(status.tasks[0].name == "first");
  CHECK(status.tasks[1].name == "third");
  CHECK(status.tasks[2].name == "fifth");
  CHECK(status.tasks[3].name == "no-index");
  CHECK(status.tasks[3].state == State::pending);
}

TEST_CASE("servicestage: fewer tasks than task_count adds a note (tasks are paged)", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/paged-tasks.json"));
  CHECK(status.tasks.size() == 2);
  REQUIRE(status.notes.size() == 1);
  CHECK(status.notes[0] == "servicestage returned 2 of 5 tasks (the task list is paged)");
  CHECK(status.state == State::running);
  CHECK(status.task_total == 5);  // the share done counts all five
}

TEST_CASE("servicestage: a whole task list leaves task_total unset", "[providers]") {
  const auto whole = parsed(servicestage(), R"({"job":{"execution_status":"RUNNING"},"tasks":[
      {"task_index":1,"task_name":"a","task_status":"RUNNING","messages":"{}"}],"task_count":1})");
  CHECK_FALSE(whole.task_total);
}

TEST_CASE("servicestage: messages is a string holding JSON, decoded when it says something", "[providers]") {
  const auto status = parsed(servicestage(), fixture("servicestage/messages-variants.json"));
  REQUIRE(status.tasks.size() == 8);
  CHECK(status.tasks[0].message.empty());                          // "{}"
  CHECK(status.tasks[1].message.empty());                          // ""
  CHECK(status.tasks[2].message == "deployed 2 instances");        // plain text kept
  CHECK(status.tasks[3].message == "quota exceeded");              // error_msg member
  CHECK(status.tasks[4].message == R"({"step":3,"total":5})");     // unknown shape kept raw
  CHECK(status.tasks[5].message == "waiting for instances");       // a JSON string
  CHECK(status.tasks[6].message.empty());                          // null
  CHECK(status.tasks[7].message == "sent as an object");           // not a string at all
}

TEST_CASE("servicestage: a body without job.execution_status is an api error", "[providers]") {
  const auto error = parse_error(servicestage(), fixture("servicestage/missing-status.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.message == "unexpected response: no job.execution_status");
  CHECK(parse_error(servicestage(), "[]").kind == ErrorKind::api);
  CHECK(parse_error(servicestage(), R"({"job":{"execution_status":null}})").kind == ErrorKind::api);
}

TEST_CASE("servicestage: an error body in a 200 is reported with its code", "[providers]") {
  const auto error = parse_error(servicestage(), R"({"error_code":"SVCSTG.00100404","error_msg":"job not found"})");
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "SVCSTG.00100404");
}

TEST_CASE("servicestage: a body cut off mid-transfer is transient", "[providers]") {
  const auto error = parse_error(servicestage(), fixture("servicestage/truncated.json"));
  CHECK(error.kind == ErrorKind::transient);
  CHECK_THAT(error.message, Catch::Contains("invalid JSON"));
}

TEST_CASE("servicestage: the request is GET /v3/{project_id}/cas/jobs/{job_id}, encoded", "[providers]") {
  jobwait::config::JobConfig job;
  job.project_id = "0a1b2c";
  job.id = "JOB17cb1778-07b1/4c8f x";
  CHECK(servicestage().required_keys().empty());
  const auto request = servicestage().request(job);
  CHECK(request.path == "/v3/0a1b2c/cas/jobs/JOB17cb1778-07b1%2F4c8f%20x");
  CHECK(request.query.empty());
  CHECK(request.headers.empty());
  CHECK(servicestage().name() == "servicestage");
  CHECK(servicestage().service() == "servicestage");
}
