// runner/providers/cce.cpp against 001_ac15b65fb143f8b5.txt and job-states.md.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "providers/cce.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;

namespace {

const jobwait::providers::Provider& cce() { return jobwait::providers::cce_provider(); }

}  // namespace

TEST_CASE("cce: the page example is copied verbatim from the page", "[providers]") {
  CHECK(page_shows(api_page("001_ac15b65fb143f8b5.txt"), fixture("cce/page-example.json")));
}

TEST_CASE("cce: the page example parses in full", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/page-example.json"));
  CHECK(status.status == "Running");
  CHECK(status.state == State::running);
  CHECK_FALSE(status.progress);
  CHECK(status.reason.empty());
  CHECK_FALSE(status.stalled);
  CHECK(status.notes.empty());
  CHECK(time_of(status.times, "created").raw == "2018-08-02 08:12:40.672772389 +0000 UTC");
  CHECK(time_of(status.times, "created").utc == "2018-08-02T08:12:40.672Z");
  CHECK(time_of(status.times, "updated").raw == "2018-08-02 08:21:50.478108569 +0000 UTC");
  CHECK(time_of(status.times, "updated").utc == "2018-08-02T08:21:50.478Z");
  REQUIRE(status.tasks.size() == 2);

  const auto& master = status.tasks[0];
  CHECK(master.id == "fd474fab-9606-11e8-baa9-0255ac10215d");
  CHECK(master.name == "InstallMaster");  // no resourceName in this sub-job
  CHECK(master.status == "Success");
  CHECK(master.state == State::succeeded);
  CHECK(master.message.empty());
  CHECK(time_of(master.times, "created").raw == "2018-08-02 03:52:34.615819618 +0000 UTC");
  CHECK(time_of(master.times, "created").utc == "2018-08-02T03:52:34.615Z");
  CHECK(time_of(master.times, "updated").utc == "2018-08-02T04:05:29.196Z");

  const auto& cert = status.tasks[1];
  CHECK(cert.id == "fd474f82-9606-11e8-baa8-0255ac10215d");
  CHECK(cert.name == "CreatePSMCert");
  CHECK(cert.state == State::succeeded);
  CHECK(time_of(cert.times, "created").utc == "2018-08-02T03:52:33.859Z");
  CHECK(time_of(cert.times, "updated").utc == "2018-08-02T03:52:34.615Z");
}

TEST_CASE("cce: a Running parent with Success sub-jobs stays running", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/page-example.json"));
  for (const auto& task : status.tasks) CHECK(task.state == State::succeeded);
  CHECK(status.state == State::running);
}

TEST_CASE("cce: a Running parent with a Failed sub-job stays running", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/running-with-failed-subjob.json"));
  CHECK(status.state == State::running);
  CHECK(status.reason.empty());
  REQUIRE(status.tasks.size() == 1);
  CHECK(status.tasks[0].state == State::failed);
  CHECK(status.tasks[0].message == "retrying on another AZ");
}

TEST_CASE("cce: every status.phase value maps per job-states.md", "[providers]") {
  const std::pair<const char*, State> table[] = {
      {"Initializing", State::pending},
      {"Running", State::running},
      {"Success", State::succeeded},
      {"Failed", State::failed},
  };
  for (const auto& [raw, state] : table) {
    INFO("phase " << raw);
    const auto status = parsed(cce(), fixture(std::string("cce/status-") + raw + ".json"));
    CHECK(status.status == raw);
    CHECK(status.state == state);
  }
}

TEST_CASE("cce: a phase no source lists is unknown, and values compare exactly", "[providers]") {
  CHECK(parsed(cce(), fixture("cce/unlisted-status.json")).state == State::unknown);
  CHECK(parsed(cce(), R"({"status":{"phase":"SUCCESS"}})").state == State::unknown);
  CHECK(parsed(cce(), R"({"status":{"phase":"running"}})").state == State::unknown);
}

TEST_CASE("cce: a failed job's reason is status.reason", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/failed-with-reason.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason == "Create node failed: insufficient ECS quota");
  REQUIRE(status.tasks.size() == 1);
  CHECK(status.tasks[0].name == "CreateVM (node-1)");  // type plus resourceName
  CHECK(status.tasks[0].message == "ECS.0610: quota exceeded");
}

TEST_CASE("cce: with an empty status.reason, the first failed sub-job's reason is used", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/failed-reason-from-subjob.json"));
  CHECK(status.state == State::failed);
  CHECK(status.reason == "InstallMaster: install master timed out after 1800s");
}

TEST_CASE("cce: a failed job with no reason anywhere names the failed sub-job", "[providers]") {
  const auto status = parsed(cce(), R"({"status":{"phase":"Failed","reason":""},
      "spec":{"subJobs":[{"spec":{"type":"InstallMaster"},"status":{"phase":"Failed"}}]}})");
  CHECK(status.reason == "sub-job InstallMaster failed");
  CHECK(parsed(cce(), R"({"status":{"phase":"Failed"}})").reason.empty());
}

TEST_CASE("cce: Go timestamps with other offsets and zone names are normalized to UTC", "[providers]") {
  const auto status = parsed(cce(), fixture("cce/offset-times.json"));
  CHECK(time_of(status.times, "created").raw == "2018-08-02 16:12:40.672772389 +0800 CST");
  CHECK(time_of(status.times, "created").utc == "2018-08-02T08:12:40.672Z");
  CHECK(time_of(status.times, "updated").utc == "2018-08-02T08:21:50.400Z");
}

TEST_CASE("cce: a body without status.phase is an api error", "[providers]") {
  const auto error = parse_error(cce(), R"({"kind":"Job","status":{"reason":""}})");
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.message == "unexpected response: no status.phase");
}

TEST_CASE("cce: an errorCode/errorMessage body in a 200 is reported with its code", "[providers]") {
  const auto error = parse_error(cce(), fixture("errors/cce-404.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "CCE.01404001");
  CHECK_THAT(error.message, Catch::Contains("Job not found"));
}

TEST_CASE("cce: a body cut off mid-transfer is transient", "[providers]") {
  const std::string page = fixture("cce/page-example.json");
  const auto error = parse_error(cce(), std::string_view(page).substr(0, page.size() / 2));
  CHECK(error.kind == ErrorKind::transient);
}

TEST_CASE("cce: the request is GET /api/v3/projects/{project_id}/jobs/{job_id}, encoded", "[providers]") {
  jobwait::config::JobConfig job;
  job.project_id = "proj 1";
  job.id = "354331b2c-229a-11e8-9c75-0255ac100ceb";
  CHECK(cce().required_keys().empty());
  const auto request = cce().request(job);
  CHECK(request.path == "/api/v3/projects/proj%201/jobs/354331b2c-229a-11e8-9c75-0255ac100ceb");
  CHECK(request.query.empty());
  CHECK(request.headers.empty());
  CHECK(cce().name() == "cce");
  CHECK(cce().service() == "cce");
}
