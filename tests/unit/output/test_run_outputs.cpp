#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "output/run_outputs.hpp"
#include "sample_run.hpp"
#include "temp_dir.hpp"

using namespace jobwait;
using namespace jobwait::output;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("run outputs: six values in a fixed order", "[run_outputs]") {
  const RunRecord run = testing::sample_run(Outcome::failed);
  const auto outputs = run_outputs(RunEnd{run, "out/result.json"});
  using Pair = std::pair<std::string, std::string>;
  CHECK(outputs == std::vector<Pair>{{"outcome", "failed"},
                                     {"state", "failed"},
                                     {"exit_code", "1"},
                                     {"job_id", "job-1"},
                                     {"result", "out/result.json"},
                                     {"message", "job failed (status Failed): no quota"}});
}

TEST_CASE("run outputs: state is the last state read, not the outcome", "[run_outputs]") {
  // Timed out: the job was still running.
  const RunRecord run = testing::sample_run(Outcome::timed_out);
  const auto outputs = run_outputs(RunEnd{run, ""});
  CHECK(outputs[0].second == "timed_out");
  CHECK(outputs[1].second == "running");
  CHECK(outputs[2].second == "3");
  CHECK(outputs[4].second.empty());  // no artifact written
}

TEST_CASE("run outputs: no status read is state unknown, no job is an empty id", "[run_outputs]") {
  RunRecord run = testing::sample_run(Outcome::not_found);
  run.jobs.front().wait.last_status.reset();
  CHECK(run_outputs(RunEnd{run, ""})[1].second == "unknown");
  run.jobs.clear();
  run.outcome = Outcome::config_error;
  run.exit_code = ExitCode::config_error;
  const auto outputs = run_outputs(RunEnd{run, ""});
  CHECK(outputs[1].second == "unknown");
  CHECK(outputs[2].second == "2");
  CHECK(outputs[3].second.empty());
}

TEST_CASE("run outputs: exit_code is the one the process exits with, after [exit_codes]", "[run_outputs]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.mapped_exit_code = 0;
  CHECK(run_outputs(RunEnd{run, ""})[2].second == "0");
}

TEST_CASE("run outputs: append_to_file appends, never truncates", "[run_outputs]") {
  test::TempDir dir;
  const std::string path = dir / "github_output";
  REQUIRE(append_to_file(path, "a=1\n").has_value());
  REQUIRE(append_to_file(path, "b=2\n").has_value());
  REQUIRE(append_to_file(path, "").has_value());
  CHECK(read(path) == "a=1\nb=2\n");
}

TEST_CASE("run outputs: append_to_file says which file it cannot open and why", "[run_outputs]") {
  test::TempDir dir;
  const std::string path = dir / "missing/dir/out";
  const auto result = append_to_file(path, "x");
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error(), Catch::StartsWith("cannot open " + path + ": "));
  CHECK_THAT(result.error(), Catch::Contains("No such file"));
}
