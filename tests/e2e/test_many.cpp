// End-to-end: several jobs in one step ([[jobs]], --job-ids-from) against jobwait-sim: the
// aggregate exit code, one artifact entry per job, mode any and fail_fast, connections reused
// within the per-host cap, the request rate kept, signals with many requests in flight.
#include <catch2/catch.hpp>

#include <csignal>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

// A [[jobs]] entry for the sim at `base_url`; `extra` adds lines (e.g. a [jobs.auth] table).
std::string entry(const std::string& base_url, const std::string& provider, const std::string& id,
                  const std::string& extra = "") {
  return "[[jobs]]\nprovider = \"" + provider + "\"\nid = \"" + id + "\"\nproject_id = \"proj-1\"\nendpoint = \"" +
         base_url + "\"\n" + extra;
}

std::string wait_table(const std::string& more = "", const std::string& timeout = "20s") {
  return "[auth]\ntoken = \"${E2E_TOKEN}\"\n[wait]\ntimeout = \"" + timeout +
         "\"\ninterval = \"50ms\"\nmax_interval = \"100ms\"\nmax_requests_per_second = 200\n" + more;
}

std::string sim_job(const std::string& provider, const std::string& id, const std::string& statuses,
                    const std::string& extra = "") {
  return "[[job]]\nprovider = \"" + provider + "\"\nid = \"" + id + "\"\nproject_id = \"proj-1\"\nstatuses = " +
         statuses + "\n" + extra;
}

const json::value& job_named(const RunResult& result, const std::string& id) {
  for (const json::value& job : result.artifact->at("jobs").as_array()) {
    if (job.at("id") == json::value(id)) return job;
  }
  FAIL("no job " << id << " in the artifact");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("many: all jobs of mixed providers succeed: exit 0, one artifact entry each, in step order", "[e2e]") {
  World world(sim_job("cce", "node-1", R"(["Running", "Running", "Success"])") +
              sim_job("cfw", "rule-1", R"(["Running", "Success"])") +
              sim_job("ief", "batch-1", R"(["Waiting", "Running", "Successful"])"));
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml", entry(url, "cce", "node-1") + entry(url, "cfw", "rule-1") +
                                          entry(url, "ief", "batch-1") + wait_table());
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  const json::value& artifact = *result.artifact;
  CHECK(artifact.at("outcome") == "succeeded");
  CHECK(artifact.at("mode") == "all");
  CHECK(artifact.at("limits").at("max_requests_per_second") == 200);
  REQUIRE(artifact.at("jobs").as_array().size() == 3);
  const std::vector<std::string> ids{"node-1", "rule-1", "batch-1"};
  const std::vector<std::string> providers{"cce", "cfw", "ief"};
  for (std::size_t i = 0; i < 3; ++i) {
    const json::value& job = artifact.at("jobs").at(i);
    CHECK(job.at("id") == json::value(ids[i]));
    CHECK(job.at("provider") == json::value(providers[i]));
    CHECK(job.at("state") == "succeeded");
    CHECK(job.at("outcome") == "succeeded");
    CHECK(job.at("abandoned") == false);
    CHECK(job.at("worst_lateness_seconds").is_number());
  }
  CHECK(job_named(result, "node-1").at("polls") == 3);
  CHECK(job_named(result, "rule-1").at("polls") == 2);
}

TEST_CASE("many: mode all waits for every job and exits with the worst outcome", "[e2e]") {
  World world(sim_job("cce", "quick-fail", R"(["Running", "Failed"])", "reason = \"quota\"\n") +
              sim_job("cce", "slow-ok", R"(["Running", "Running", "Running", "Running", "Success"])"));
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml", entry(url, "cce", "quick-fail") + entry(url, "cce", "slow-ok") + wait_table());
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 1);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "failed");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("quick-fail"));
  CHECK(job_named(result, "quick-fail").at("outcome") == "failed");
  CHECK(job_named(result, "quick-fail").at("reason") == "quota");
  // Without fail_fast the other job is still waited on to its end.
  CHECK(job_named(result, "slow-ok").at("outcome") == "succeeded");
  CHECK(job_named(result, "slow-ok").at("abandoned") == false);
}

TEST_CASE("many: fail_fast ends the wait at the first failure and abandons the rest", "[e2e]") {
  World world(sim_job("cce", "quick-fail", R"(["Running", "Failed"])") + sim_job("cce", "forever", R"(["Running"])"));
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml",
             entry(url, "cce", "quick-fail") + entry(url, "cce", "forever") + wait_table("fail_fast = true\n"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 1);
  CHECK(result.seconds < 10);  // far from the 20 s deadline
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "failed");
  CHECK(result.artifact->at("limits").at("fail_fast") == true);
  CHECK(job_named(result, "forever").at("abandoned") == true);
  CHECK(job_named(result, "forever").at("outcome").is_null());
  CHECK(job_named(result, "forever").at("state") == "running");  // its last state is still told
}

TEST_CASE("many: mode any ends with exit 0 at the first success", "[e2e]") {
  World world(sim_job("cfw", "winner", R"(["Running", "Success"])") + sim_job("cce", "forever", R"(["Running"])") +
              sim_job("cce", "loser", R"(["Failed"])"));
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml", entry(url, "cce", "loser") + entry(url, "cce", "forever") +
                                          entry(url, "cfw", "winner") + wait_table("mode = \"any\"\n"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 0);
  CHECK(result.seconds < 10);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "succeeded");
  CHECK(result.artifact->at("mode") == "any");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::StartsWith("job winner"));
  CHECK(job_named(result, "loser").at("outcome") == "failed");
  CHECK(job_named(result, "forever").at("abandoned") == true);
}

TEST_CASE("many: mode any without a success sums the rest up by precedence", "[e2e]") {
  World world(sim_job("cce", "failed", R"(["Running", "Failed"])") +
              sim_job("ief", "stopped", R"(["Running", "Stopped"])"));
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml",
             entry(url, "ief", "stopped") + entry(url, "cce", "failed") + wait_table("mode = \"any\"\n"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 1);  // failed beats cancelled
  REQUIRE(result.artifact);
  CHECK(job_named(result, "stopped").at("outcome") == "cancelled");
}

TEST_CASE("many: precedence: a timeout never hides a failure, a failure never hides refused credentials", "[e2e]") {
  SECTION("failed beats timed_out") {
    World world(sim_job("cce", "failed", R"(["Running", "Failed"])") + sim_job("cce", "slow", R"(["Running"])"));
    const std::string url = world.sim.base_url();
    write_file(world.dir / "step.toml", entry(url, "cce", "slow") + entry(url, "cce", "failed") + wait_table("", "1500ms"));
    const RunResult result = world.run_file();
    CHECK(result.exit_code == 1);
    REQUIRE(result.artifact);
    CHECK(job_named(result, "slow").at("outcome") == "timed_out");
    CHECK(result.seconds < 2.5);  // the deadline + 1 s
  }
  SECTION("auth_error (a job's own wrong credentials) beats failed") {
    World world(sim_job("cce", "failed", R"(["Failed"])") + sim_job("cce", "locked", R"(["Success"])"));
    const std::string url = world.sim.base_url();
    write_file(world.dir / "step.toml", entry(url, "cce", "failed") +
                                            entry(url, "cce", "locked", "[jobs.auth]\ntoken = \"not-the-token\"\n") +
                                            wait_table());
    const RunResult result = world.run_file();
    CHECK(result.exit_code == 5);
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("outcome") == "auth_error");
    CHECK(job_named(result, "locked").at("outcome") == "auth_error");
    CHECK(job_named(result, "failed").at("outcome") == "failed");
  }
}

TEST_CASE("many: --job-ids-from adds one job per line, from a file or stdin", "[e2e]") {
  World world(sim_job("cce", "a", R"(["Success"])") + sim_job("cce", "b", R"(["Running", "Success"])") +
              sim_job("cce", "c", R"(["Success"])"));
  StepOptions options;
  options.id = "ignored";  // every job comes from the list
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  const std::string ids = "# nodes of pool 1\na\n\n  b  \n# c is the last\nc\n";
  SECTION("file") {
    write_file(world.dir / "ids.txt", ids);
    const RunResult result = world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()});
    CHECK(result.exit_code == 0);
    REQUIRE(result.artifact);
    REQUIRE(result.artifact->at("jobs").as_array().size() == 3);
    CHECK(result.artifact->at("jobs").at(0).at("id") == "a");
    CHECK(result.artifact->at("jobs").at(1).at("id") == "b");
    CHECK(result.artifact->at("jobs").at(2).at("id") == "c");
    CHECK(result.artifact->at("jobs").at(1).at("polls") == 2);
  }
  SECTION("stdin") {
    RunOptions run;
    run.args = {"run", "step.toml", "--result", (world.dir / "result.json").string(), "--job-ids-from", "-"};
    run.env = {{"E2E_TOKEN", k_token}};
    run.result = world.dir / "result.json";
    run.stdin_text = ids;
    const RunResult result = run_jobwait(world.dir, run);
    CHECK(result.exit_code == 0);
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("jobs").as_array().size() == 3);
  }
  SECTION("an empty list is a usage error") {
    write_file(world.dir / "ids.txt", "# nothing yet\n\n");
    const RunResult result = world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()});
    CHECK(result.exit_code == 2);
  }
}

TEST_CASE("many: --job-ids-from refuses a line with a control character: exit 2, nothing sent", "[e2e]") {
  World world(sim_job("cce", "a", R"(["Success"])") + sim_job("cce", "b", R"(["Success"])"));
  StepOptions options;
  options.id = "ignored";
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  // An escape sequence, a NUL, a newline's CR inside the id (a trailing CR is a CRLF file's and
  // is trimmed), DEL: each on line 3, after a comment and a good id.
  for (const std::string& bad : {std::string("b\x1b[31m"), std::string("b\0c", 3), std::string("b\rc"), std::string("b\x7f")}) {
    INFO(bad);
    write_file(world.dir / "ids.txt", "# pool 1\na\n" + bad + "\n");
    const RunResult result = world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()});
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("line 3") && Catch::Contains("control character"));
    CHECK(result.err.find('\x1b') == std::string::npos);
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("outcome") == "config_error");
    CHECK(world.sim.stats().at("requests") == 0);
  }
}

TEST_CASE("many: 50 jobs on one host share connections within the per-host cap", "[e2e]") {
  World world(R"(
[[job_set]]
count = 50
id_prefix = "node-"
provider = "cce"
project_id = "proj-1"
statuses = ["Running", "Running", "Running", "Success"]
)");
  StepOptions options;
  options.wait_extra = "max_concurrent_per_host = 3\nmax_requests_per_second = 500\n";
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  std::string ids;
  for (int i = 1; i <= 50; ++i) ids += "node-" + std::to_string(i) + "\n";
  write_file(world.dir / "ids.txt", ids);
  const RunResult result = world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()});
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  const json::value stats = world.sim.stats();
  CHECK(stats.at("requests") == 200);  // 4 polls each
  CHECK(stats.at("peak_open_connections").as_int64() <= 3);
  CHECK(stats.at("connections").as_int64() <= 3);
  std::int64_t opened = 0;
  for (const json::value& job : result.artifact->at("jobs").as_array()) opened += job.at("http").at("connections_opened").as_int64();
  CHECK(opened == stats.at("connections").as_int64());
}

TEST_CASE("many: the request rate stays within wait.max_requests_per_second", "[e2e]") {
  World world(R"(
[[job_set]]
count = 40
id_prefix = "n"
provider = "cce"
project_id = "proj-1"
statuses = ["Running"]
)");
  StepOptions options;
  options.timeout = "2s";
  options.interval = "50ms";
  options.max_interval = "50ms";
  options.wait_extra = "max_requests_per_second = 20\n";
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  std::string ids;
  for (int i = 1; i <= 40; ++i) ids += "n" + std::to_string(i) + "\n";
  write_file(world.dir / "ids.txt", ids);
  const RunResult result = world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()});
  CHECK(result.exit_code == 3);
  const json::value stats = world.sim.stats();
  // 40 jobs asking every 50 ms would send 800 a second; the limit holds them to 20 (+ a burst of 2).
  CHECK(stats.at("peak_requests_per_second").as_int64() <= 24);
  CHECK(stats.at("requests").as_int64() >= 20);
  REQUIRE(result.artifact);
  // The schedule could not be kept, and the artifact says by how much.
  CHECK(result.artifact->at("worst_lateness_seconds").as_double() > 0.5);
}

TEST_CASE("many: SIGTERM with many requests in flight stops every job within a second", "[e2e]") {
  World world(R"(
[[job_set]]
count = 30
id_prefix = "slow-"
provider = "cce"
project_id = "proj-1"
statuses = ["Running"]
faults = [{ fault = "latency", delay = "5s", requests = "2-" }]
)");
  StepOptions options;
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  std::string ids;
  for (int i = 1; i <= 30; ++i) ids += "slow-" + std::to_string(i) + "\n";
  write_file(world.dir / "ids.txt", ids);
  const RunResult result =
      world.run_file({"--job-ids-from", (world.dir / "ids.txt").string()}, std::pair{SIGTERM, std::chrono::milliseconds(800)});
  CHECK(result.exit_code == 143);
  CHECK(result.seconds < 1.8);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "interrupted");
  for (const json::value& job : result.artifact->at("jobs").as_array()) CHECK(job.at("outcome") == "interrupted");
}

TEST_CASE("many: [job] and [[jobs]] in one file is a usage error", "[e2e]") {
  World world(sim_job("cce", "a", R"(["Success"])"));
  StepOptions options;
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options) + entry(world.sim.base_url(), "cce", "a"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 2);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("config_error").at("key") == "jobs");
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("many: check and explain show every job, each with its own request and credentials, and send nothing", "[e2e]") {
  World world(sim_job("cce", "node-1", R"(["Success"])") + sim_job("cfw", "rule-1", R"(["Success"])"));
  const std::string url = world.sim.base_url();
  const std::string own_token = "second-S3cret-for-rule-1";
  write_file(world.dir / "step.toml",
             entry(url, "cce", "node-1") + entry(url, "cfw", "rule-1", "[jobs.auth]\ntoken = \"${E2E_TOKEN_2}\"\n") +
                 wait_table());
  for (const std::string command : {"check", "explain"}) {
    INFO(command);
    RunOptions run;
    run.args = {command, "step.toml"};
    run.env = {{"E2E_TOKEN", k_token}, {"E2E_TOKEN_2", own_token}};
    const RunResult result = run_jobwait(world.dir, run);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(k_token) == std::string::npos);
    CHECK(result.out.find(own_token) == std::string::npos);
    // The second job is there in its own right, not only the first.
    CHECK(result.out.find("node-1") != std::string::npos);
    CHECK(result.out.find("rule-1") != std::string::npos);
    CHECK(result.out.find(command == "check" ? "job 2 of 2" : "cfw job rule-1 (2 of 2)") != std::string::npos);
    if (command == "explain") {
      CHECK(result.out.find("cce job node-1 (1 of 2)") != std::string::npos);
      CHECK(result.out.find("/api/v3/projects/proj-1/jobs/node-1") != std::string::npos);
      CHECK(result.out.find("/v3/proj-1/jobs/rule-1") != std::string::npos);
      CHECK(result.out.find("schedule") == result.out.rfind("schedule"));  // the step's, shown once
    } else {
      CHECK(result.out.find("job.provider") != result.out.rfind("job.provider"));  // each job's keys
      CHECK(result.out.find("wait.timeout") == result.out.rfind("wait.timeout"));  // the step's, once
    }
  }
  CHECK(world.sim.stats().at("requests") == 0);
}

namespace {

// Two cce jobs without a project_id: the project of region eu-de is looked up at the sim's IAM.
std::string lookup_step(const std::string& url, const std::string& timeout) {
  std::string text;
  for (const char* id : {"node-1", "node-2"}) {
    text += std::string("[[jobs]]\nprovider = \"cce\"\nid = \"") + id + "\"\nregion = \"eu-de\"\nendpoint = \"" + url +
            "\"\n";
  }
  return text + "[auth]\ntoken = \"${E2E_TOKEN}\"\niam_endpoint = \"" + url + "\"\n[wait]\ntimeout = \"" + timeout +
         "\"\ninterval = \"50ms\"\nmax_interval = \"100ms\"\nrequest_timeout = \"30s\"\n";
}

std::string lookup_scenario(const std::string& iam_faults) {
  return iam_faults + "[[project]]\nid = \"proj-1\"\nname = \"eu-de\"\n" +
         sim_job("cce", "node-1", R"(["Running", "Success"])") + sim_job("cce", "node-2", R"(["Success"])");
}

}  // namespace

TEST_CASE("many: the shared project lookup is retried like a poll, once for jobs that share credentials", "[e2e][iam]") {
  World world(lookup_scenario("iam_faults = [{ fault = \"reset\", requests = [1] }, "
                              "{ fault = \"status\", status = 503, requests = [2] }]\n"));
  write_file(world.dir / "step.toml", lookup_step(world.sim.base_url(), "10s"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(job_named(result, "node-1").at("state") == "succeeded");
  CHECK(job_named(result, "node-2").at("state") == "succeeded");
  CHECK(world.sim.stats().at("iam_requests") == 3);  // two failures, one answer, for both jobs
}

TEST_CASE("many: a project lookup hanging at IAM spends the step's deadline, not time of its own", "[e2e][iam]") {
  World world(lookup_scenario("iam_faults = [{ fault = \"latency\", delay = \"60s\" }]\n"));
  write_file(world.dir / "step.toml", lookup_step(world.sim.base_url(), "1s"));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 6);  // no status was ever read: not "timed out"
  CHECK(result.seconds >= 1.0);
  CHECK(result.seconds < 2.0);
  REQUIRE(result.artifact);
  CHECK(world.sim.stats().at("jobs").at("node-1").at("requests") == 0);
}
