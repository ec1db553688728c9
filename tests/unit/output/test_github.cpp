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

namespace {

// What a reporter wrote to its FILE*.
std::string read_all(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (std::size_t count; (count = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, count);
  return text;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("github: a secret obtained mid-run is sent to ::add-mask:: at once, before any line that uses it",
          "[github]") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  SecretRegistry registry;
  registry.add("given-secret-1");
  const Redactor redactor(registry);
  {
    const std::unique_ptr<Reporter> reporter = make_github_reporter(out, redactor, Verbosity::normal, {"given-secret-1"});
    registry.add("obtained-before-start");  // a token from the project lookup's login
    CHECK(read_all(out) == "::add-mask::obtained-before-start\n");
    std::fseek(out, 0, SEEK_END);
    reporter->start({"step.toml", "s", "cce", "job-1", "http://h/", std::chrono::seconds(1)});
    registry.add("obtained-mid-run");  // a token renewed during the wait
    reporter->on_warning("token obtained-mid-run refused");
  }
  registry.add("after-the-reporter-is-gone");  // the listener went with the reporter
  const std::string text = read_all(out);
  std::fclose(out);
  CHECK(count_of(text, "::add-mask::given-secret-1\n") == 1);
  CHECK(count_of(text, "::add-mask::obtained-before-start\n") == 1);
  CHECK(count_of(text, "::add-mask::obtained-mid-run\n") == 1);
  CHECK(text.find("after-the-reporter-is-gone") == std::string::npos);
  CHECK(text.find("::add-mask::obtained-mid-run") < text.find("<redacted> refused"));
  CHECK(count_of(text, "obtained-mid-run") == 1);  // only in its mask command
}
