// End-to-end: the built jobwait binary against jobwait-sim on 127.0.0.1. Asserts exit codes
// and artifact fields (not log wording), and validates every artifact against its schema.
#include <catch2/catch.hpp>

#include <csignal>

#include "world.hpp"

using namespace jobwait::e2e;


TEST_CASE("e2e: a job that succeeds exits 0 and the artifact tells the whole story", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Initializing", "Running", "Running", "Success"]
tasks = [ { name = "InstallMaster", statuses = ["Initializing", "Running", "Success", "Success"] } ]
)");
  const RunResult result = world.run({});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());  // without --json, stdout stays empty
  CHECK_FALSE(result.err.empty());
  REQUIRE(result.artifact);
  const json::value& artifact = *result.artifact;
  CHECK(artifact.at("outcome") == "succeeded");
  CHECK(artifact.at("exit_code") == 0);
  CHECK(artifact.at("step").at("name") == "e2e");
  const json::value& job = job0(result);
  CHECK(job.at("provider") == "cce");
  CHECK(job.at("id") == "job-1");
  CHECK(job.at("state") == "succeeded");
  CHECK(job.at("status") == "Success");
  CHECK(job.at("polls") == 4);
  CHECK(job.at("url") == json::value(world.sim.base_url() + "/api/v3/projects/proj-1/jobs/job-1"));
  REQUIRE(job.at("timeline").as_array().size() == 3);
  CHECK(job.at("timeline").at(0).at("status") == "Initializing");
  CHECK(job.at("timeline").at(2).at("state") == "succeeded");
  REQUIRE(job.at("tasks").as_array().size() == 1);
  CHECK(job.at("tasks").at(0).at("state") == "succeeded");
  CHECK(job.at("http").at("requests") == 4);
  CHECK(job.at("http").at("by_status").at("200") == 4);
  CHECK(job.at("http").at("connections_opened") == 1);
  CHECK(job.at("http").at("last_request_id").is_string());
}

TEST_CASE("e2e: the artifact records the strategy, the requests and the delay after the job's own end", "[e2e]") {
  // CFW gives the job's end_time: the delay is measured against it. The sim ends the job 1 s
  // after its first poll and says when a request first saw it ended.
  World world(R"(
[[job]]
provider = "cfw"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
duration = "1s"
)");
  StepOptions options;
  options.provider = "cfw";
  options.interval = "100ms";
  options.max_interval = "400ms";
  const RunResult result = world.run(options);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("wait").at("strategy") == "adaptive");
  const json::value& job = job0(result);
  CHECK(job.at("requests") == job.at("polls"));
  const json::value seen = world.sim.stats().at("jobs").at("job-1");
  CHECK(job.at("requests") == seen.at("requests"));
  const double delay = job.at("detection_delay_seconds").to_number<double>();
  const double sim_delay = seen.at("seen_ended_after_seconds").to_number<double>() -
                           seen.at("ended_after_seconds").to_number<double>();
  CHECK(delay >= 0);
  CHECK(delay < 2.0);
  CHECK(delay == Approx(sim_delay).margin(0.25));  // the answer's own end_time, read back
}

TEST_CASE("e2e: wait.strategy = backoff is recorded, and without a finish time in the answer there is no delay", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
)");
  StepOptions options;
  options.wait_extra = "strategy = \"backoff\"\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("wait").at("strategy") == "backoff");
  CHECK(job0(result).at("detection_delay_seconds").is_null());
  CHECK(job0(result).at("requests") == 2);
}

TEST_CASE("e2e: every provider's success, failure and cancellation map to exit codes", "[e2e]") {
  struct Case {
    std::string provider, statuses, job_extra, scenario_extra;
    int exit_code;
    std::string outcome;
  };
  const std::string cae_env = "environment_id = \"env-1\"\n";
  const Case cases[] = {
      {"servicestage", R"(["SUBMITTED", "RUNNING", "SUCCEEDED"])", "", "", 0, "succeeded"},
      {"servicestage", R"(["RUNNING", "FAILED"])", "", "", 1, "failed"},
      {"servicestage", R"(["RUNNING", "UNKNOWN"])", "", "", 1, "failed"},
      {"servicestage", R"(["RUNNING", "CANCELLED"])", "", "", 7, "cancelled"},
      {"cce", R"(["Initializing", "Running", "Success"])", "", "", 0, "succeeded"},
      {"cce", R"(["Running", "Failed"])", "", "", 1, "failed"},
      {"cae", R"(["init", "running", "success"])", cae_env, cae_env, 0, "succeeded"},
      {"cae", R"(["running", "timeout"])", cae_env, cae_env, 1, "failed"},
      {"cae", R"(["running", "terminating", "terminated"])", cae_env, cae_env, 7, "cancelled"},
      {"ief", R"(["Waiting", "Running", "Successful"])", "", "", 0, "succeeded"},
      {"ief", R"(["Running", "Partially_successful"])", "", "", 1, "failed"},
      {"ief", R"(["Running", "Stopped"])", "", "", 7, "cancelled"},
      {"cfw", R"(["Running", "Success"])", "", "", 0, "succeeded"},
      {"cfw", R"(["Running", "Failed"])", "", "", 1, "failed"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.provider << " " << c.statuses) {
      World world("[[job]]\nprovider = \"" + c.provider + "\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = " +
                  c.statuses + "\n" + c.scenario_extra);
      StepOptions options;
      options.provider = c.provider;
      options.job_extra = c.job_extra;
      const RunResult result = world.run(options);
      INFO(result.err);
      CHECK(result.exit_code == c.exit_code);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == json::value(c.outcome));
      CHECK(job0(result).at("provider") == json::value(c.provider));
    }
  }
}

TEST_CASE("e2e: a failed job carries the service's reason", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Failed"]
reason = "insufficient ECS quota"
)");
  const RunResult result = world.run({});
  CHECK(result.exit_code == 1);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("reason") == "insufficient ECS quota");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("insufficient ECS quota"));
}

TEST_CASE("e2e: a timeout exits 3 within timeout + 1 s and says the job still runs", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running"]
)");
  StepOptions options;
  options.timeout = "2s";
  options.interval = "300ms";
  options.max_interval = "1s";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 3);
  CHECK(result.seconds >= 2.0);
  CHECK(result.seconds < 3.0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "timed_out");
  CHECK(job0(result).at("state") == "running");
  CHECK(job0(result).at("status") == "Running");
}

TEST_CASE("e2e: an unknown job exits 4 with the service's error code", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  StepOptions options;
  options.id = "no-such-job";
  options.wait_extra = "not_found_grace = \"0s\"\n";  // a 404 is final at once (test_faults.cpp: the grace)
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 4);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "not_found");
  CHECK(job0(result).at("last_error").at("kind") == "not_found");
  CHECK(job0(result).at("last_error").at("http_status") == 404);
  CHECK(job0(result).at("last_error").at("code").is_string());
  CHECK(job0(result).at("http").at("requests") == 1);
}

TEST_CASE("e2e: a wrong token exits 5 after one request, without retrying", "[e2e]") {
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "result.json"};
  run.env = {{"E2E_TOKEN", "wrong-token-value"}};
  run.result = world.dir / "result.json";
  const RunResult result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "auth_error");
  CHECK(job0(result).at("last_error").at("code") == "APIGW.0301");
  CHECK(job0(result).at("last_error").at("http_status") == 401);
  CHECK(job0(result).at("http").at("requests") == 1);
  CHECK(result.err.find("wrong-token-value") == std::string::npos);
  CHECK(read_file(world.dir / "result.json").find("wrong-token-value") == std::string::npos);
}

TEST_CASE("e2e: CAE without its environment id is a step-file error and nothing is sent", "[e2e]") {
  World world(R"(
[[job]]
provider = "cae"
id = "job-1"
project_id = "proj-1"
environment_id = "env-1"
statuses = ["success"]
)");
  StepOptions options;
  options.provider = "cae";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 2);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "config_error");
  CHECK(result.artifact->at("config_error").at("key") == "job.environment_id");
  CHECK(result.artifact->at("jobs").as_array().empty());
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("e2e: CAE with an environment id the service does not know is an API error", "[e2e]") {
  World world(R"(
[[job]]
provider = "cae"
id = "job-1"
project_id = "proj-1"
environment_id = "env-1"
statuses = ["success"]
)");
  StepOptions options;
  options.provider = "cae";
  options.job_extra = "environment_id = \"env-other\"\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 6);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  CHECK(job0(result).at("last_error").at("http_status") == 400);
}

TEST_CASE("e2e: a malformed step file exits 2 naming file and line, artifact still written", "[e2e]") {
  World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n");
  write_file(world.dir / "step.toml", "[job]\nprovider = \"cce\"\nid = \"job-1\"\ntimeout = \n");
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("step.toml:4"));
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "config_error");
  CHECK(result.artifact->at("exit_code") == 2);
  CHECK(result.artifact->at("config_error").at("line") == 4);
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("e2e: an unknown key exits 2 with a did-you-mean", "[e2e]") {
  World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n");
  StepOptions options;
  options.wait_extra = "timout = \"5m\"\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("did you mean"));
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("config_error").at("key") == "wait.timout");
}

TEST_CASE("e2e: --set job.id overrides the step file", "[e2e]") {
  World world(R"(
[[job]]
provider = "ief"
id = "job-from-script"
project_id = "proj-1"
statuses = ["Running", "Successful"]
)");
  StepOptions options;
  options.provider = "ief";
  options.id = "placeholder";
  const RunResult result = world.run(options, {"--set", "job.id=job-from-script"});
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("id") == "job-from-script");
}

TEST_CASE("e2e: --json prints exactly the artifact on stdout", "[e2e]") {
  World world(R"(
[[job]]
provider = "cfw"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  StepOptions options;
  options.provider = "cfw";
  const RunResult result = world.run(options, {"--json"});
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(json::parse(result.out) == *result.artifact);
}

TEST_CASE("e2e: a 50-poll wait uses one TCP connection", "[e2e]") {
  std::string statuses = "[";
  for (int i = 0; i < 49; ++i) statuses += "\"Running\", ";
  statuses += "\"Success\"]";
  World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = " + statuses + "\n");
  StepOptions options;
  options.interval = "10ms";
  options.max_interval = "20ms";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("polls") == 50);
  CHECK(job0(result).at("http").at("connections_opened") == 1);
  CHECK(world.sim.stats().at("connections") == 1);
}

TEST_CASE("e2e: SIGTERM and SIGINT stop the wait within a second with an interrupted artifact", "[e2e]") {
  const std::pair<int, int> cases[] = {{SIGTERM, 143}, {SIGINT, 130}};
  for (const auto& [signal_number, exit_code] : cases) {
    DYNAMIC_SECTION("signal " << signal_number) {
      World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Running\"]\n");
      StepOptions options;
      options.interval = "5s";  // asleep between polls when the signal lands
      options.max_interval = "5s";
      const RunResult result = world.run(options, {}, std::pair{signal_number, std::chrono::milliseconds(700)});
      CHECK(result.exit_code == exit_code);
      CHECK(result.seconds < 1.7);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "interrupted");
      CHECK(result.artifact->at("exit_code") == exit_code);
      CHECK(job0(result).at("status") == "Running");
    }
  }
}

TEST_CASE("e2e: an unreachable API exits 6 once the error budget is spent", "[e2e]") {
  TempDir dir;
  // A port nobody listens on: bind one, note it, close it.
  std::string base_url;
  {
    SimProcess sim(scenario(""));
    base_url = sim.base_url();
  }
  StepOptions options;
  options.wait_extra = "max_errors = 3\n";
  write_file(dir / "step.toml", step_file(base_url, options));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "result.json"};
  run.env = {{"E2E_TOKEN", k_token}};
  run.result = dir / "result.json";
  const RunResult result = run_jobwait(dir, run);
  CHECK(result.exit_code == 6);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  CHECK(job0(result).at("polls") == 3);
  CHECK(job0(result).at("http").at("transport_errors") == 3);
  CHECK(job0(result).at("last_error").at("kind") == "transient");
}

TEST_CASE("e2e: CFW's error inside a 200 is an API error, not a state", "[e2e]") {
  World world(R"(
[[job]]
provider = "cfw"
id = "job-1"
project_id = "proj-1"
statuses = ["Running"]
error_code = "CFW.00200005"
error_msg = "job query failed"
)");
  StepOptions options;
  options.provider = "cfw";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 6);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("last_error").at("code") == "CFW.00200005");
  CHECK(job0(result).at("http").at("by_status").at("200") == 1);
}

TEST_CASE("e2e: a wrong path prefix is the gateway's 404, not a missing job", "[e2e]") {
  World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n");
  StepOptions options;
  write_file(world.dir / "step.toml", step_file(world.sim.base_url() + "/wrong-prefix", options));
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 6);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("last_error").at("code") == "APIGW.0101");
  CHECK(job0(result).at("last_error").at("kind") == "config");
}

TEST_CASE("e2e: a result path in a missing directory is refused before the first poll", "[e2e]") {
  World world("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n");
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "missing-dir/result.json"};
  run.env = {{"E2E_TOKEN", k_token}};
  const RunResult result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("missing-dir"));
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("e2e: check prints the resolved settings with the token redacted", "[e2e]") {
  TempDir dir;
  write_file(dir / "step.toml", step_file("http://127.0.0.1:9", {}));
  RunOptions run;
  run.args = {"check", "step.toml"};
  run.env = {{"E2E_TOKEN", k_token}};
  const RunResult result = run_jobwait(dir, run);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("job.provider"));
  CHECK_THAT(result.out, Catch::Contains("http://127.0.0.1:9"));
  CHECK(result.out.find(k_token) == std::string::npos);
  CHECK(result.err.find(k_token) == std::string::npos);
}

TEST_CASE("e2e: usage errors, --help and --version", "[e2e]") {
  TempDir dir;
  const auto run = [&](std::vector<std::string> args) {
    RunOptions options;
    options.args = std::move(args);
    return run_jobwait(dir, options);
  };
  CHECK(run({"--version"}).out.rfind("jobwait ", 0) == 0);
  CHECK_THAT(run({"--help"}).out, Catch::Contains("exit codes"));
  CHECK(run({"run"}).exit_code == 2);
  CHECK(run({"frobnicate"}).exit_code == 2);
  CHECK(run({"run", "does-not-exist.toml"}).exit_code == 2);
}
