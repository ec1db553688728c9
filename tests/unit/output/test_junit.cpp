#include <catch2/catch.hpp>

#include "output/junit.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("junit: escapes markup and drops control characters XML forbids", "[junit]") {
  CHECK(xml_escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  CHECK(xml_escape(std::string("x\x01y\tz\n", 6)) == "xy\tz\n");
}

TEST_CASE("junit: a succeeded job and its tasks are passing test cases", "[junit]") {
  const std::string xml = junit_xml(testing::sample_run(Outcome::succeeded), "runner-1");
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"deploy web\" tests=\"4\" failures=\"0\" errors=\"0\" skipped=\"0\""));
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"jobwait.cce\" name=\"job job-1\" time=\"42.000\"/>"));
  CHECK_THAT(xml, Catch::Contains("name=\"task InstallMaster\""));
  CHECK_THAT(xml, Catch::Contains("hostname=\"runner-1\""));
  CHECK_THAT(xml, Catch::Contains("timestamp=\"2026-11-24T06:00:00\""));
  CHECK(count(xml, "<failure") == 0);
}

TEST_CASE("junit: a failed job is a failure with the reason, and so is its failed task", "[junit]") {
  const std::string xml = junit_xml(testing::sample_run(Outcome::failed), "h");
  CHECK(count(xml, "<failure") == 2);
  CHECK_THAT(xml, Catch::Contains("<failure message=\"no quota\" type=\"failed\">"));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"master | &lt;quota&gt; &amp; more\" type=\"failed\""));
  // The task still running when the job failed is skipped, not passed.
  CHECK(count(xml, "<skipped") == 1);
  CHECK_THAT(xml, Catch::Contains("failures=\"2\" errors=\"0\" skipped=\"1\""));
}

TEST_CASE("junit: a timeout is an error of the wait, never a failure of the job", "[junit]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.message = "timed out after 30m; job still running (status Running)";
  run.jobs[0].wait.message = run.message;
  const std::string xml = junit_xml(run, "h");
  CHECK(count(xml, "<failure") == 0);
  CHECK(count(xml, "<error") == 1);
  CHECK_THAT(xml, Catch::Contains("<error message=\"timed out after 30m; job still running (status Running)\" type=\"timed_out\">"));
}

TEST_CASE("junit: a timeout [exit_codes] maps to 0 is skipped with the reason, not an error", "[junit]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.message = "timed out after 30m; job still running (status Running)";
  run.jobs[0].wait.message = run.message;
  run.exit_code_changes = {{"timed_out", 0}};
  run.mapped_exit_code = 0;
  const std::string xml = junit_xml(run, "h");
  CHECK(count(xml, "<error") == 0);
  CHECK(count(xml, "<failure") == 0);
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"timed_out (exit 0 per [exit_codes]): timed out after 30m; job still "
                                  "running (status Running)\">"));
  CHECK_THAT(xml, Catch::Contains("failures=\"0\" errors=\"0\" skipped=\"2\""));  // the job and its running task
}

TEST_CASE("junit: a failure mapped to 0 is skipped, its failed tasks too, other jobs keep their own", "[junit]") {
  RunRecord run = testing::sample_run(Outcome::failed);
  run.exit_code_changes = {{"failed", 0}};
  run.mapped_exit_code = 0;
  SECTION("one job") {
    const std::string xml = junit_xml(run, "h");
    CHECK(count(xml, "<failure") == 0);
    CHECK_THAT(xml, Catch::Contains("<skipped message=\"failed (exit 0 per [exit_codes]): no quota\">"));
    CHECK_THAT(xml, Catch::Contains("failures=\"0\" errors=\"0\" skipped=\"3\""));
  }
  SECTION("several jobs: a timed-out one, not mapped, is still an error") {
    JobRecord late = testing::sample_run(Outcome::timed_out).jobs[0];
    late.id = "job-2";
    run.jobs.push_back(late);
    run.outcome = Outcome::timed_out;
    run.mapped_exit_code.reset();
    const std::string xml = junit_xml(run, "h");
    CHECK(count(xml, "<failure") == 0);
    CHECK(count(xml, "<error") == 1);
    CHECK_THAT(xml, Catch::Contains("<error message=\"job failed (status Failed): no quota\" type=\"timed_out\">"));
  }
}

TEST_CASE("junit: the properties carry outcome and exit code", "[junit]") {
  RunRecord run = testing::sample_run(Outcome::failed);
  run.mapped_exit_code = 0;
  const std::string xml = junit_xml(run, "h");
  CHECK_THAT(xml, Catch::Contains("<property name=\"outcome\" value=\"failed\"/>"));
  CHECK_THAT(xml, Catch::Contains("<property name=\"exit_code\" value=\"0\"/>"));
}

TEST_CASE("junit: with several jobs each job is judged by its own outcome", "[junit]") {
  RunRecord run = testing::sample_run(Outcome::failed);
  JobRecord ok = testing::sample_run(Outcome::succeeded).jobs[0];
  ok.id = "job-2";
  run.jobs.push_back(ok);
  const std::string xml = junit_xml(run, "h");
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"jobwait.cce\" name=\"job job-2\" time=\"42.000\"/>"));
  CHECK_THAT(xml, Catch::Contains("tests=\"8\" failures=\"2\" errors=\"0\""));
}
