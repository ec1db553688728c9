#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "captured_file.hpp"
#include "output/select.hpp"
#include "sample_run.hpp"
#include "temp_dir.hpp"

using namespace jobwait;
using namespace jobwait::output;
using jobwait::test::CapturedFile;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

RunStart a_start() {
  RunStart start;
  start.provider = "cce";
  start.job_id = "job-1";
  start.url = "https://cce.example/jobs/job-1";
  start.timeout = std::chrono::minutes(1);
  return start;
}

JobStatus running() {
  JobStatus status;
  status.status = "Running";
  status.state = State::running;
  return status;
}

// Runs a reporter through start, one update and finish; returns what it printed.
std::string drive(Reporter& reporter, const CapturedFile& err, const RunRecord& run) {
  reporter.start(a_start());
  reporter.on_update(running(), true, 1);
  reporter.finish(RunEnd{run, "result.json"});
  return err.text();
}

// Runs the test in a fresh directory (GitLab's default dotenv is relative), then goes back.
class InTempDir {
 public:
  InTempDir() : m_old(std::filesystem::current_path()) { std::filesystem::current_path(m_dir.path()); }
  ~InTempDir() { std::filesystem::current_path(m_old); }
  const test::TempDir& dir() const { return m_dir; }

 private:
  test::TempDir m_dir;
  std::filesystem::path m_old;
};

}  // namespace

TEST_CASE("select: plain and jenkins print progress lines", "[select]") {
  for (const LogFormat format : {LogFormat::plain, LogFormat::jenkins}) {
    CapturedFile err;
    const Redactor redactor;
    OutputSettings settings;
    settings.format = format;
    auto reporter = make_reporter(err.get(), redactor, settings);
    const std::string text = drive(*reporter, err, testing::sample_run(Outcome::succeeded));
    CHECK_THAT(text, Catch::StartsWith("jobwait: waiting for cce job job-1"));
    CHECK_THAT(text, Catch::Contains("jobwait: [1s] Running (running)\n"));
    CHECK(reporter->heartbeat() == std::chrono::seconds(25));
  }
}

TEST_CASE("select: json prints one JSON object per line", "[select]") {
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::json;
  auto reporter = make_reporter(err.get(), redactor, settings);
  const std::string text = drive(*reporter, err, testing::sample_run(Outcome::succeeded));
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    CHECK_THAT(line, Catch::StartsWith("{\"time\":"));
  }
  CHECK(count == 3);
}

TEST_CASE("select: the tty status line asks for a heartbeat every second, a quiet tty does not", "[select]") {
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::tty;
  settings.width = 80;
  CapturedFile err;
  CHECK(make_reporter(err.get(), redactor, settings)->heartbeat() == std::chrono::seconds(1));
  settings.verbosity = Verbosity::quiet;
  CHECK(make_reporter(err.get(), redactor, settings)->heartbeat() == std::chrono::seconds(25));
}

TEST_CASE("select: github lines are workflow commands and the outputs go to GITHUB_OUTPUT", "[select]") {
  test::TempDir dir;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::github;
  settings.github.output = dir / "output";
  drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::failed));
  CHECK_THAT(err.text(), Catch::Contains("::error "));
  const std::string outputs = read(dir / "output");
  CHECK_THAT(outputs, Catch::Contains("outcome=failed\n"));
  CHECK_THAT(outputs, Catch::Contains("exit_code=1\n"));
}

TEST_CASE("select: under GitHub Actions the outputs are written whatever --log-format says", "[select]") {
  test::TempDir dir;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::json;
  settings.ci = LogFormat::github;
  settings.github.output = dir / "output";
  settings.github.step_summary = dir / "summary";
  drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::succeeded));
  CHECK_THAT(err.text(), Catch::StartsWith("{"));
  CHECK_THAT(read(dir / "output"), Catch::Contains("outcome=succeeded\n"));
  CHECK_THAT(read(dir / "summary"), Catch::Contains("jobwait"));
}

TEST_CASE("select: GITHUB_OUTPUT outside GitHub Actions is not written", "[select]") {
  test::TempDir dir;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.github.output = dir / "output";
  drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::succeeded));
  CHECK_FALSE(std::filesystem::exists(dir / "output"));
}

TEST_CASE("select: the junit and dotenv files the step asks for are written at the end", "[select]") {
  test::TempDir dir;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.junit = dir / "junit.xml";
  settings.dotenv = dir / "out.env";
  auto reporter = make_reporter(err.get(), redactor, settings);
  reporter->start(a_start());
  CHECK_FALSE(std::filesystem::exists(dir / "junit.xml"));
  reporter->finish(RunEnd{testing::sample_run(Outcome::failed), "result.json"});
  CHECK_THAT(read(dir / "junit.xml"), Catch::Contains("<testsuite"));
  CHECK_THAT(read(dir / "out.env"), Catch::StartsWith("JOBWAIT_OUTCOME=failed\n"));
}

TEST_CASE("select: under GitLab CI the dotenv report defaults to jobwait.env", "[select]") {
  InTempDir here;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::plain;
  settings.ci = LogFormat::gitlab;
  drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::succeeded));
  CHECK(std::string(k_gitlab_default_dotenv) == "jobwait.env");
  CHECK_THAT(read(here.dir() / "jobwait.env"), Catch::StartsWith("JOBWAIT_OUTCOME=succeeded\n"));
}

TEST_CASE("select: a dotenv path set wins over GitLab's default", "[select]") {
  InTempDir here;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  settings.format = LogFormat::gitlab;
  settings.dotenv = here.dir() / "mine.env";
  const std::string text = drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::succeeded));
  CHECK_THAT(text, Catch::Contains("section_start:"));
  CHECK(std::filesystem::exists(here.dir() / "mine.env"));
  CHECK_FALSE(std::filesystem::exists(here.dir() / "jobwait.env"));
}

TEST_CASE("select: outside GitLab no dotenv is written unless asked for", "[select]") {
  InTempDir here;
  CapturedFile err;
  const Redactor redactor;
  OutputSettings settings;
  drive(*make_reporter(err.get(), redactor, settings), err, testing::sample_run(Outcome::succeeded));
  CHECK(std::filesystem::is_empty(here.dir().path()));
}
