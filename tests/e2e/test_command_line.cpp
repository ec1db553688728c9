// The command line as a newcomer meets it: a step from flags alone, flags over a step file,
// and usage errors that say what is wrong in one line and where to read more in another.
#include "world.hpp"

using namespace jobwait::e2e;

namespace {

const char* k_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
)";

std::vector<std::string> lines_in(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("e2e command line: run needs no step file: --provider, --id, --endpoint and --project-id make the step",
          "[e2e][cli]") {
  World world(k_job);
  RunOptions run;
  run.args = {"run",      "--provider", "cce",      "--id",       "job-1",  "--project-id", "proj-1", "--endpoint",
              world.sim.base_url(), "--interval", "50ms", "--timeout", "30s", "--result", (world.dir / "r.json").string()};
  run.env = {{"HW_AUTH_TOKEN", k_token}};
  run.result = world.dir / "r.json";
  const RunResult result = run_jobwait(world.dir, run);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "succeeded");
  CHECK(result.artifact->at("jobs").as_array().at(0).at("id") == "job-1");
  CHECK(result.err.find(k_token) == std::string::npos);
  expect_valid_against_schema(world.dir / "r.json");
}

TEST_CASE("e2e command line: without a step file, a missing key names the flag that gives it", "[e2e][cli]") {
  World world(k_job);
  RunOptions run;
  run.args = {"run", "--provider", "cce", "--project-id", "proj-1", "--endpoint", world.sim.base_url()};
  run.env = {{"HW_AUTH_TOKEN", k_token}};
  const RunResult result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("job.id: missing: give --id or --set job.id=..."));
  CHECK(world.sim.stats().at("requests").as_int64() == 0);
}

TEST_CASE("e2e command line: with a step file, the step flags override its keys", "[e2e][cli]") {
  World world(k_job);
  StepOptions options;
  options.id = "no-such-job";
  options.timeout = "1s";
  // --id beats the file's id, and --timeout its 1s deadline: the job is found and succeeds.
  const RunResult result = world.run(options, {"--id", "job-1", "--timeout", "30s"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("jobs").as_array().at(0).at("id") == "job-1");
}

TEST_CASE("e2e command line: a usage error is one line and a pointer to the command's help", "[e2e][cli]") {
  World world(k_job);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"run", "step.toml", "--bogus"}, {"check"}, {"explain", "step.toml", "--json"}, {"run", "a", "b"}}) {
    RunOptions run;
    run.args = args;
    const RunResult result = run_jobwait(world.dir, run);
    INFO(args.front() << ": " << result.err);
    CHECK(result.exit_code == 2);
    const auto lines = lines_in(result.err);
    REQUIRE(lines.size() == 2);
    CHECK_THAT(lines[0], Catch::StartsWith("jobwait: "));
    CHECK(lines[1] == "see 'jobwait " + args.front() + " --help'");
    CHECK(result.out.empty());
  }
  RunOptions unknown;
  unknown.args = {"chek"};
  const RunResult result = run_jobwait(world.dir, unknown);
  CHECK(lines_in(result.err) == std::vector<std::string>{"jobwait: unknown command \"chek\" (did you mean \"check\"?)",
                                                         "see 'jobwait --help'"});
}

TEST_CASE("e2e command line: each command's --help lists its own options, jobwait --help every provider",
          "[e2e][cli]") {
  World world(k_job);
  const auto help = [&](std::vector<std::string> args) {
    RunOptions run;
    run.args = std::move(args);
    const RunResult result = run_jobwait(world.dir, run);
    CHECK(result.exit_code == 0);
    return result.out;
  };
  const std::string run_help = help({"run", "--help"});
  CHECK_THAT(run_help, Catch::StartsWith("usage: jobwait run "));
  CHECK_THAT(run_help, Catch::Contains("--quiet") && Catch::Contains("--provider") && Catch::Contains("exit codes:"));
  CHECK(run_help.find("jobwait check") == std::string::npos);
  const std::string check_help = help({"check", "-h"});
  CHECK_THAT(check_help, Catch::StartsWith("usage: jobwait check "));
  CHECK_THAT(check_help, Catch::Contains("--job-ids-from") && Catch::Contains("--id ID"));
  for (const char* run_only : {"--json", "--result", "--quiet", "--log-format"}) {
    INFO(run_only);
    CHECK(check_help.find(run_only) == std::string::npos);
  }
  CHECK_THAT(help({"explain", "--help"}), Catch::StartsWith("usage: jobwait explain "));
  const std::string all = help({"--help"});
  for (const char* provider : {"servicestage", "cce", "cae", "ief", "cfw", "v1-jobs", "http", "exec"}) {
    INFO(provider);
    CHECK(all.find(provider) != std::string::npos);
  }
}
