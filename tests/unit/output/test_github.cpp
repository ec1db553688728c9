#include <catch2/catch.hpp>

#include "output/github.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;

TEST_CASE("github: workflow-command data escapes %, CR and LF, and properties also : and ,", "[github]") {
  CHECK(github_escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext");
  CHECK(github_escape_property("jobwait: a, b") == "jobwait%3A a%2C b");
}

TEST_CASE("github: a success has no annotation", "[github]") {
  CHECK(github_annotation(testing::sample_run(Outcome::succeeded)).empty());
}

TEST_CASE("github: a failure is one ::error with the outcome in the title and the reason", "[github]") {
  const std::string annotation = github_annotation(testing::sample_run(Outcome::failed));
  CHECK(annotation == "::error title=jobwait%3A failed (deploy web)::job failed (status Failed): no quota");
}

TEST_CASE("github: an outcome mapped to exit 0 is a warning, not an error", "[github]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.message = "timed out after 30m";
  run.mapped_exit_code = 0;
  CHECK_THAT(github_annotation(run), Catch::StartsWith("::warning title="));
}

TEST_CASE("github: a step-file error points at its file, line and column", "[github]") {
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.exit_code = ExitCode::config_error;
  run.message = "deploy.toml:7:11: wait.timeout: invalid duration";
  run.config_problem = ConfigProblem{"deploy.toml", 7, 11, "wait.timeout", "invalid duration"};
  CHECK(github_annotation(run) ==
        "::error file=deploy.toml,line=7,col=11,title=jobwait%3A config_error::deploy.toml:7:11: wait.timeout: invalid "
        "duration");
}

TEST_CASE("github: outputs are name=value lines, and a value with a newline gets a heredoc", "[github]") {
  CHECK(github_output_lines({{"outcome", "failed"}, {"exit_code", "1"}}) == "outcome=failed\nexit_code=1\n");
  const std::string text = github_output_lines({{"message", "line one\nline two"}});
  REQUIRE_THAT(text, Catch::StartsWith("message<<ghadelimiter_"));
  const std::string delimiter = text.substr(9, text.find('\n') - 9);
  CHECK(text == "message<<" + delimiter + "\nline one\nline two\n" + delimiter + "\n");
}

TEST_CASE("github: the step summary has the job, its tasks and the timeline as tables", "[github]") {
  const std::string md = github_step_summary(testing::sample_run(Outcome::failed));
  CHECK_THAT(md, Catch::StartsWith("### jobwait: deploy web — failed\n"));
  CHECK_THAT(md, Catch::Contains("| cce | job-1 | failed | Failed | – | 7 |"));
  CHECK_THAT(md, Catch::Contains("**Reason:** no quota"));
  CHECK_THAT(md, Catch::Contains("**Tasks** (tasks 1/3 done, 1 failed)"));
  // A | inside a cell must not split the row.
  CHECK_THAT(md, Catch::Contains("| InstallMaster | failed | Failed | master \\| <quota> & more |"));
  CHECK_THAT(md, Catch::Contains("| 2026-11-24T06:00:02.000Z | 2s | Running | running |"));
  CHECK_THAT(md, Catch::Contains(" | 40s | Failed | failed |"));
}
