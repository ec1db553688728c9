// End-to-end: a run killed with SIGKILL (a CI runner's hard timeout) cannot write its result;
// what it leaves must say so, never the previous run's outcome (issue 12, "Files").
#include <catch2/catch.hpp>

#include <csignal>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

// What the last good run left: the next step must not read it as this run's.
constexpr const char* k_stale = R"({"schema_version": 1, "outcome": "succeeded", "exit_code": 0})";

void check_incomplete(const RunResult& result, const fs::path& path) {
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "incomplete");
  CHECK(result.artifact->at("exit_code").is_null());
  CHECK(result.artifact->at("standard_exit_code").is_null());
  CHECK(result.artifact->at("finished_at").is_null());
  CHECK(result.artifact->at("step").at("name") == "e2e");
  expect_valid_against_schema(path);
}

RunResult run_killed(World& world, std::vector<std::string> extra_args = {}) {
  write_file(world.dir / "result.json", k_stale);
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (world.dir / "result.json").string()};
  run.args.insert(run.args.end(), extra_args.begin(), extra_args.end());
  run.env = {{"E2E_TOKEN", k_token}};
  run.result = world.dir / "result.json";
  run.signal_after = std::pair{SIGKILL, std::chrono::milliseconds(800)};
  return run_jobwait(world.dir, run);
}

}  // namespace

TEST_CASE("e2e: a run killed mid-wait leaves an incomplete artifact, not the last run's", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running"]
)");
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), StepOptions{}));
  const RunResult result = run_killed(world);
  CHECK(world.sim.stats().at("requests").as_int64() > 0);  // killed while it waited
  check_incomplete(result, world.dir / "result.json");
}

TEST_CASE("e2e: several jobs killed mid-wait leave an incomplete artifact too", "[e2e]") {
  World world(R"(
[[job_set]]
count = 3
id_prefix = "n"
provider = "cce"
project_id = "proj-1"
statuses = ["Running"]
)");
  StepOptions options;
  options.id = "ignored";
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  write_file(world.dir / "ids.txt", "n1\nn2\nn3\n");
  const RunResult result = run_killed(world, {"--job-ids-from", (world.dir / "ids.txt").string()});
  CHECK(world.sim.stats().at("requests").as_int64() > 0);
  check_incomplete(result, world.dir / "result.json");
}

TEST_CASE("e2e: the run that ends replaces its incomplete artifact with the outcome", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
)");
  write_file(world.dir / "result.json", k_stale);
  const RunResult result = world.run(StepOptions{});
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "succeeded");
  CHECK(result.artifact->at("exit_code") == 0);
  CHECK_FALSE(result.artifact->at("finished_at").is_null());
}
