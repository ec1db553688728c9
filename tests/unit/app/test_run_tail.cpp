// runner/app/run_tail.cpp: the end of every run, one job or several: exit codes, the stamped
// record, the artifact, the reporter's finish.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <optional>
#include <sstream>

#include "app/run_tail.hpp"
#include "fake_clock.hpp"
#include "sample_run.hpp"
#include "temp_dir.hpp"

using namespace jobwait;

namespace {

class LastFinish final : public output::FinishOnlyReporter {
 public:
  void finish(const output::RunEnd& end) override {
    outcome = end.run.outcome;
    path = end.result_path;
    ++calls;
  }
  std::optional<Outcome> outcome;
  std::string path;
  int calls = 0;
};

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("run tail: exit codes follow the outcome, and [exit_codes] where it changes one", "[run_tail]") {
  RunRecord run;
  run.outcome = Outcome::failed;
  set_exit_codes(run, config::ExitCodesConfig{});
  CHECK(run.exit_code == ExitCode::failed);
  CHECK_FALSE(run.mapped_exit_code);
  CHECK(run.exit_code_changes.empty());

  config::ExitCodesConfig codes;
  codes.failed = 0;
  set_exit_codes(run, codes);
  CHECK(run.exit_code == ExitCode::failed);
  REQUIRE(run.mapped_exit_code);
  CHECK(*run.mapped_exit_code == 0);
  CHECK(run.exit_code_changes == std::map<std::string, int>{{"failed", 0}});
  CHECK(process_exit_code(run) == 0);

  RunRecord stopped;
  stopped.outcome = Outcome::interrupted;
  set_exit_codes(stopped, config::ExitCodesConfig{}, SIGTERM);
  CHECK(stopped.exit_code == ExitCode::interrupted_sigterm);
  CHECK_FALSE(stopped.mapped_exit_code);
}

TEST_CASE("run tail: finish_run stamps, writes the artifact, reports once and gives the exit code", "[run_tail]") {
  test::TempDir dir;
  testing::FakeClock clock;
  const auto started = clock.wall_now();
  clock.advance(std::chrono::milliseconds(2500));
  RunRecord run = testing::sample_run(Outcome::failed);
  run.step_file.clear();
  const RunTail tail{"deploy.toml", "deploy web", started, dir / "result.json", false};
  LastFinish reporter;
  const int code = finish_run(run, tail, clock, Redactor(), reporter);

  CHECK(code == static_cast<int>(ExitCode::failed));
  CHECK(run.step_file == "deploy.toml");
  CHECK(run.step_name == "deploy web");
  CHECK(run.started_at == started);
  CHECK(run.finished_at == clock.wall_now());
  CHECK(run.elapsed_seconds == Approx(2.5));
  CHECK(reporter.calls == 1);
  CHECK(reporter.outcome == Outcome::failed);
  CHECK(reporter.path == dir / "result.json");
  CHECK(read(dir / "result.json") == artifact_text(run));
}

TEST_CASE("run tail: a secret never reaches the artifact", "[run_tail]") {
  test::TempDir dir;
  testing::FakeClock clock;
  RunRecord run = testing::sample_run(Outcome::succeeded);
  run.message = "token s3cr3t-t0k3n-value leaked";
  LastFinish reporter;
  finish_run(run, {"step.toml", "", clock.wall_now(), dir / "r.json", false}, clock, Redactor({"s3cr3t-t0k3n-value"}),
             reporter);
  const std::string text = read(dir / "r.json");
  CHECK(text.find("s3cr3t-t0k3n-value") == std::string::npos);
  CHECK(text.find("<redacted>") != std::string::npos);
}
