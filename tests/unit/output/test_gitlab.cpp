#include <catch2/catch.hpp>

#include <chrono>

#include "captured_file.hpp"
#include "output/gitlab.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;
using jobwait::test::CapturedFile;

namespace {

RunStart a_start() {
  RunStart start;
  start.provider = "cce";
  start.job_id = "job-1";
  start.url = "https://cce.example/jobs/job-1";
  start.timeout = std::chrono::minutes(30);
  return start;
}

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The unix time in a section marker ("...section_start:TIME:name...").
long long marker_time(const std::string& text, const std::string& kind) {
  const auto at = text.find(kind + ":");
  REQUIRE(at != std::string::npos);
  return std::stoll(text.substr(at + kind.size() + 1));
}

}  // namespace

TEST_CASE("gitlab: section markers are GitLab's escape sequences", "[gitlab]") {
  CHECK(gitlab_section_start("jobwait_wait", 1795500000, "jobwait: waiting", false) ==
        "\x1b[0Ksection_start:1795500000:jobwait_wait\r\x1b[0Kjobwait: waiting\n");
  CHECK(gitlab_section_start("s", 1, "h", true) == "\x1b[0Ksection_start:1:s[collapsed=true]\r\x1b[0Kh\n");
  CHECK(gitlab_section_end("jobwait_wait", 1795500042) == "\x1b[0Ksection_end:1795500042:jobwait_wait\r\x1b[0K\n");
}

TEST_CASE("gitlab: the wait's lines are inside the section, the summary after it", "[gitlab]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_gitlab_reporter(out.get(), redactor, Verbosity::normal);
  const long long before = now_seconds();
  reporter->start(a_start());
  JobStatus status;
  status.status = "Running";
  status.state = State::running;
  reporter->on_update(status, true, 2);
  reporter->on_warning("slow");
  RunRecord run = testing::sample_run(Outcome::failed);
  reporter->finish(RunEnd{run, "r.json"});
  const long long after = now_seconds();
  const std::string text = out.text();

  const auto start = text.find("section_start:");
  const auto waiting = text.find("jobwait: waiting for cce job job-1 (timeout 30m)");
  const auto update = text.find("jobwait: [2s] Running (running)");
  const auto end = text.find("section_end:");
  const auto summary = text.find("jobwait: failed after");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  REQUIRE(summary != std::string::npos);
  CHECK(start < waiting);
  CHECK(waiting < update);
  CHECK(update < end);
  CHECK(end < summary);
  // Not folded in a normal run; the header names the job.
  CHECK_THAT(text, Catch::Contains(":jobwait_wait\r\x1b[0Kjobwait: waiting for cce job job-1\n"));
  CHECK(marker_time(text, "section_start") >= before);
  CHECK(marker_time(text, "section_end") <= after);
  CHECK(marker_time(text, "section_start") <= marker_time(text, "section_end"));
}

TEST_CASE("gitlab: a verbose wait is folded", "[gitlab]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_gitlab_reporter(out.get(), redactor, Verbosity::verbose);
  reporter->start(a_start());
  CHECK_THAT(out.text(), Catch::Contains(":jobwait_wait[collapsed=true]\r"));
}

TEST_CASE("gitlab: --quiet opens no section and prints only a failure's summary", "[gitlab]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_gitlab_reporter(out.get(), redactor, Verbosity::quiet);
  reporter->start(a_start());
  reporter->finish(RunEnd{testing::sample_run(Outcome::succeeded), ""});
  CHECK(out.text().empty());
  reporter->finish(RunEnd{testing::sample_run(Outcome::failed), ""});
  CHECK(out.text().find("section_") == std::string::npos);
  CHECK_THAT(out.text(), Catch::StartsWith("jobwait: failed after"));
}

TEST_CASE("gitlab: a step file that did not load closes no section it never opened", "[gitlab]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_gitlab_reporter(out.get(), redactor, Verbosity::normal);
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.message = "bad";
  reporter->finish(RunEnd{run, ""});
  CHECK(out.text().empty());
}

TEST_CASE("gitlab: the section header passes the redactor", "[gitlab]") {
  CapturedFile out;
  const Redactor redactor({"job-secret-123456"});
  auto reporter = make_gitlab_reporter(out.get(), redactor, Verbosity::normal);
  RunStart start = a_start();
  start.job_id = "job-secret-123456";
  reporter->start(start);
  CHECK(out.text().find("job-secret-123456") == std::string::npos);
  CHECK_THAT(out.text(), Catch::Contains("section_start:"));
}
