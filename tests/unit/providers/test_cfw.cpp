// runner/providers/cfw.cpp against 004_bcfaaa33914fa11f.txt and job-states.md.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "fixture.hpp"
#include "providers/cfw.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using namespace jobwait::test;

namespace {

const jobwait::providers::Provider& cfw() { return jobwait::providers::cfw_provider(); }

}  // namespace

TEST_CASE("cfw: the page example is copied verbatim from the page", "[providers]") {
  CHECK(page_shows(api_page("004_bcfaaa33914fa11f.txt"), fixture("cfw/page-example.json")));
}

TEST_CASE("cfw: the page example parses in full", "[providers]") {
  const auto status = parsed(cfw(), fixture("cfw/page-example.json"));
  CHECK(status.status == "Success");
  CHECK(status.state == State::succeeded);
  CHECK_FALSE(status.progress);
  CHECK(status.reason.empty());
  CHECK(status.tasks.empty());
  CHECK_FALSE(status.stalled);
  CHECK(status.notes.empty());
  CHECK(time_of(status.times, "started").raw == "1641370501000");
  CHECK(time_of(status.times, "started").utc == "2022-01-05T08:15:01.000Z");
  CHECK(time_of(status.times, "finished").raw == "1641370515000");
  CHECK(time_of(status.times, "finished").utc == "2022-01-05T08:15:15.000Z");
}

TEST_CASE("cfw: every data.status value maps per job-states.md", "[providers]") {
  const std::pair<const char*, State> table[] = {
      {"Running", State::running},
      {"Success", State::succeeded},
      {"Failed", State::failed},
  };
  for (const auto& [raw, state] : table) {
    INFO("status " << raw);
    const auto status = parsed(cfw(), fixture(std::string("cfw/status-") + raw + ".json"));
    CHECK(status.status == raw);
    CHECK(status.state == state);
  }
}

TEST_CASE("cfw: a status no source lists is unknown, and values compare exactly", "[providers]") {
  CHECK(parsed(cfw(), fixture("cfw/unlisted-status.json")).state == State::unknown);
  CHECK(parsed(cfw(), R"({"data":{"status":"success"}})").state == State::unknown);
}

TEST_CASE("cfw: a running job has a start time and no end time", "[providers]") {
  const auto status = parsed(cfw(), fixture("cfw/status-Running.json"));
  CHECK(time_of(status.times, "started").utc == "2022-01-05T08:15:01.000Z");
  CHECK(status.times.size() == 1);
}

TEST_CASE("cfw: begin_time and end_time may be documented strings instead of epoch ms", "[providers]") {
  const auto zulu = parsed(cfw(), fixture("cfw/string-times-z.json"));
  CHECK(time_of(zulu.times, "started").raw == "2022-01-05T08:15:01Z");
  CHECK(time_of(zulu.times, "started").utc == "2022-01-05T08:15:01.000Z");
  CHECK(time_of(zulu.times, "finished").utc == "2022-01-05T08:15:15.000Z");

  const auto offset = parsed(cfw(), fixture("cfw/string-times-offset.json"));
  CHECK(time_of(offset.times, "started").raw == "2022-01-05T16:15:01+0800");
  CHECK(time_of(offset.times, "started").utc == "2022-01-05T08:15:01.000Z");
  CHECK(time_of(offset.times, "finished").raw == "2022-01-05T16:15:15+08:00");
  CHECK(time_of(offset.times, "finished").utc == "2022-01-05T08:15:15.000Z");

  const auto digits = parsed(cfw(), fixture("cfw/string-epoch-ms.json"));
  CHECK(time_of(digits.times, "started").utc == "2022-01-05T08:15:01.000Z");
}

TEST_CASE("cfw: an unreadable time keeps its raw text and no utc", "[providers]") {
  const auto status = parsed(cfw(), R"({"data":{"status":"Success","begin_time":"soon"}})");
  CHECK(time_of(status.times, "started").raw == "soon");
  CHECK_FALSE(time_of(status.times, "started").utc);
}

TEST_CASE("cfw: error_code/error_msg next to data in a 200 is an api error", "[providers]") {
  const auto error = parse_error(cfw(), fixture("cfw/error-next-to-data.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "CFW.00200005");
  CHECK_THAT(error.message, Catch::Contains("The job does not belong to this project"));
}

TEST_CASE("cfw: error_code/error_msg instead of data in a 200 is an api error", "[providers]") {
  const auto error = parse_error(cfw(), fixture("cfw/error-instead-of-data.json"));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "CFW.0020016");
  CHECK_THAT(error.message, Catch::Contains("Job not found"));
}

TEST_CASE("cfw: empty error_code/error_msg next to data are not an error", "[providers]") {
  const auto status = parsed(cfw(), fixture("cfw/empty-error-fields.json"));
  CHECK(status.state == State::succeeded);
}

TEST_CASE("cfw: a body without data.status is an api error", "[providers]") {
  const auto error = parse_error(cfw(), R"({"data":{"id":"x"}})");
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.message == "unexpected response: no data.status");
}

TEST_CASE("cfw: a body cut off mid-transfer is transient", "[providers]") {
  const std::string page = fixture("cfw/page-example.json");
  CHECK(parse_error(cfw(), std::string_view(page).substr(0, 30)).kind == ErrorKind::transient);
}

TEST_CASE("cfw: the request is GET /v3/{project_id}/jobs/{job_id}, encoded", "[providers]") {
  jobwait::config::JobConfig job;
  job.project_id = "09bb24e6fe80d23d2fa2c010b53b418c";
  job.id = "f588ce71-e26c-400d-8981-f854355f6849";
  CHECK(cfw().required_keys().empty());
  const auto request = cfw().request(job);
  CHECK(request.path ==
        "/v3/09bb24e6fe80d23d2fa2c010b53b418c/jobs/f588ce71-e26c-400d-8981-f854355f6849");
  CHECK(request.query.empty());
  CHECK(request.headers.empty());
  CHECK(cfw().name() == "cfw");
  CHECK(cfw().service() == "cfw");
}
