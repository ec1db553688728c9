// The e2e tests' world: a jobwait-sim serving a scenario, a temp dir, a step file written
// from a few options, and a run of the built jobwait whose output and artifact are checked
// for leaked secrets and validated against schemas/result.schema.json on every run.
#pragma once

#include <catch2/catch.hpp>

#include "jobwait_run.hpp"
#include "sim_process.hpp"

namespace jobwait::e2e {

namespace json = boost::json;

inline constexpr const char* k_token = "e2e-S3cret-T0ken-7f3a91";

inline std::string scenario(const std::string& jobs) {
  return std::string("token = \"") + k_token + "\"\n\n" + jobs;
}

struct StepOptions {
  std::string provider = "cce";
  std::string id = "job-1";
  std::string job_extra;  // more [job] lines
  std::string timeout = "30s";
  std::string interval = "50ms";
  std::string max_interval = "100ms";
  std::string wait_extra;
  bool with_auth = true;
};

inline std::string step_file(const std::string& base_url, const StepOptions& o) {
  std::string text = "name = \"e2e\"\n[job]\nprovider = \"" + o.provider + "\"\nid = \"" + o.id +
                     "\"\nproject_id = \"proj-1\"\nendpoint = \"" + base_url + "\"\n" + o.job_extra;
  if (o.with_auth) text += "[auth]\ntoken = \"${E2E_TOKEN}\"\n";
  text += "[wait]\ntimeout = \"" + o.timeout + "\"\ninterval = \"" + o.interval + "\"\nmax_interval = \"" +
          o.max_interval + "\"\n" + o.wait_extra;
  return text;
}

// Every artifact any test produces must match schemas/result.schema.json.
inline void expect_valid_against_schema(const fs::path& artifact) {
  namespace bp = boost::process;
  const std::string schema = std::string(JOBWAIT_SOURCE_DIR) + "/schemas/result.schema.json";
  const std::string script = std::string(JOBWAIT_SOURCE_DIR) + "/tests/e2e/validate_schema.py";
  bp::ipstream out;
  bp::child check("/usr/bin/python3", bp::args({script, schema, artifact.string()}), (bp::std_out & bp::std_err) > out);
  std::string all, line;
  while (std::getline(out, line)) all += line + "\n";
  check.wait();
  INFO(all);
  CHECK(check.exit_code() == 0);
}

// One test's world: a simulator with a scenario, a temp dir, and a way to run jobwait.
struct World {
  explicit World(const std::string& jobs) : sim(scenario(jobs)) {}

  RunResult run(const StepOptions& options, std::vector<std::string> extra_args = {},
                std::optional<std::pair<int, std::chrono::milliseconds>> signal_after = std::nullopt) {
    write_file(dir / "step.toml", step_file(sim.base_url(), options));
    return run_file(extra_args, signal_after);
  }

  RunResult run_file(std::vector<std::string> extra_args = {},
                     std::optional<std::pair<int, std::chrono::milliseconds>> signal_after = std::nullopt) {
    RunOptions run;
    run.args = {"run", "step.toml", "--result", (dir / "result.json").string()};
    run.args.insert(run.args.end(), extra_args.begin(), extra_args.end());
    run.env = {{"E2E_TOKEN", k_token}};
    run.result = dir / "result.json";
    run.signal_after = signal_after;
    RunResult result = run_jobwait(dir, run);
    INFO("stderr: " << result.err);
    // Secrets never appear in any output or in the artifact.
    CHECK(result.out.find(k_token) == std::string::npos);
    CHECK(result.err.find(k_token) == std::string::npos);
    if (result.artifact) {
      CHECK(read_file(dir / "result.json").find(k_token) == std::string::npos);
      expect_valid_against_schema(dir / "result.json");
    }
    return result;
  }

  TempDir dir;
  SimProcess sim;
};

inline const json::value& job0(const RunResult& result) { return result.artifact->at("jobs").at(0); }

}  // namespace jobwait::e2e
