// Mistakes a newcomer makes, caught where they are made, with a message that says the fix.
#include "world.hpp"

using namespace jobwait::e2e;

namespace {

RunResult jobwait_with(const World& world, std::vector<std::string> args) {
  RunOptions run;
  run.args = std::move(args);
  run.env = {{"HW_AUTH_TOKEN", k_token}};
  return run_jobwait(world.dir, run);
}

const char* k_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)";

}  // namespace

TEST_CASE("e2e newcomer: a missing project id says all three ways to give it, and nothing is sent", "[e2e][newcomer]") {
  World world(k_job);
  const RunResult result = jobwait_with(world, {"run", "--provider", "cce", "--id", "job-1", "--endpoint", world.sim.base_url()});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("job.project_id: missing: set job.project_id, or HW_PROJECT_ID in the "
                                         "environment, or job.region so that the project is looked up at IAM"));
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("e2e newcomer: explain shows a project still to be looked up as {project_id}, not an empty segment",
          "[e2e][newcomer]") {
  World world(k_job);
  const RunResult result = jobwait_with(world, {"explain", "--provider", "cce", "--id", "job-1", "--region", "ap-southeast-1"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("/api/v3/projects/{project_id}/jobs/job-1"));
  CHECK(result.out.find("projects//") == std::string::npos);
}

TEST_CASE("e2e newcomer: a misspelled region gets a did-you-mean from check and from run", "[e2e][newcomer]") {
  World world(k_job);
  const std::string warning = "job.region \"ap-southest-1\" is not a region Huawei Cloud is known to have "
                              "(did you mean \"ap-southeast-1\"?)";
  const RunResult check = jobwait_with(world, {"check", "--provider", "cce", "--id", "job-1", "--project-id", "proj-1",
                                               "--region", "ap-southest-1"});
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out + check.err, Catch::Contains(warning));
  // The run warns too; an endpoint decides the host here, so the sim answers and it succeeds.
  const RunResult run = jobwait_with(world, {"run", "--provider", "cce", "--id", "job-1", "--project-id", "proj-1",
                                             "--region", "ap-southeast-1", "--endpoint", world.sim.base_url(),
                                             "--result", (world.dir / "r.json").string()});
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("is not a region") == std::string::npos);
  // With the typo the run warns too. The derived host is sent to a closed proxy port on
  // 127.0.0.1, so that the test never asks a resolver about it: the proxy refuses every try
  // and the deadline ends the wait with no answer from the API, exit 6 (a host that never
  // resolves ends sooner: test_http_job).
  RunOptions typo_run;
  typo_run.args = {"run", "--provider", "cce", "--id", "job-1", "--project-id", "proj-1", "--region", "ap-southest-1",
                   "--timeout", "1s", "--result", (world.dir / "r.json").string()};
  typo_run.env = {{"HW_AUTH_TOKEN", k_token}, {"https_proxy", "http://127.0.0.1:1"}};
  const RunResult typo = run_jobwait(world.dir, typo_run);
  CHECK(typo.exit_code == 6);
  CHECK_THAT(typo.err, Catch::Contains(warning));
  CHECK_THAT(typo.err, Catch::Contains("no answer from the API within 1s"));
}

TEST_CASE("e2e newcomer: the IAM project lookup's retries are called lookup retries, and a refused lookup leaves "
          "{project_id} in the URL, not an empty segment",
          "[e2e][newcomer]") {
  World world("iam_faults = [{ fault = \"status\", status = 503 }]\n[[project]]\nid = \"proj-1\"\nname = "
              "\"eu-de\"\n" +
              std::string(k_job));
  const std::string url = world.sim.base_url();
  RunOptions run;
  run.args = {"run", "--provider", "cce", "--id", "job-1", "--region", "eu-de", "--endpoint", url,
              "--set", "auth.iam_endpoint=" + url, "--set", "wait.max_errors=2", "--interval", "50ms",
              "--result", (world.dir / "r.json").string()};
  run.env = {{"HW_AUTH_TOKEN", k_token}};
  run.result = world.dir / "r.json";
  const RunResult result = run_jobwait(world.dir, run);
  INFO(result.err);
  CHECK(result.exit_code == 6);
  CHECK_THAT(result.err, Catch::Contains("IAM project lookup failed (1 in a row)"));
  CHECK(result.err.find("poll failed") == std::string::npos);
  CHECK(result.err.find("projects//") == std::string::npos);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("jobs").at(0).at("url").as_string() == url + "/api/v3/projects/{project_id}/jobs/job-1");
}

TEST_CASE("e2e newcomer: a job id that does not exist says at the first 404 how long it waits for it, and ends "
          "with one line",
          "[e2e][newcomer]") {
  World world(k_job);
  StepOptions options;
  options.id = "no-such-job";
  options.wait_extra = "not_found_grace = \"300ms\"\n";
  const RunResult result = world.run(options);
  INFO(result.err);
  CHECK(result.exit_code == 4);
  CHECK_THAT(result.err, Catch::Contains("wait.not_found_grace"));
  CHECK_THAT(result.err, Catch::Contains("polling for up to 300ms (wait.not_found_grace) for it to appear"));
  REQUIRE(result.artifact);
  const std::string message(result.artifact->at("message").as_string());
  CHECK(message.find('\n') == std::string::npos);
  CHECK_THAT(message, Catch::Contains("no-such-job"));
}

TEST_CASE("e2e newcomer: a paused IEF job is warned about once", "[e2e][newcomer]") {
  World world(R"(
[[job]]
provider = "ief"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Stopping", "Stopping", "Successful"]
)");
  StepOptions options;
  options.provider = "ief";
  const RunResult result = world.run(options);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  std::size_t said = 0;
  for (std::size_t at = 0; (at = result.err.find("paused", at)) != std::string::npos; ++at) ++said;
  CHECK(said == 1);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("jobs").at(0).at("warnings").as_array().size() == 1);
}
