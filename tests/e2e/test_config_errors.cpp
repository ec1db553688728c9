// End-to-end: the step file as a newcomer meets it. The README's minimal example runs exactly
// as written against the simulator (its ${CCE_JOB_ID} left unset, since --set job.id gives the
// id), every TOML snippet in the README is a step file `jobwait check` reads, and a file with
// several mistakes gets all of them, one line each, from one run that exits 2.
#include <catch2/catch.hpp>

#include <regex>
#include <sys/stat.h>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

std::string readme() { return read_file(fs::path(JOBWAIT_SOURCE_DIR) / "README.md"); }

// The fenced blocks of `language` in `text`, in order.
std::vector<std::string> blocks(const std::string& text, const std::string& language) {
  std::vector<std::string> found;
  const std::string open = "```" + language + "\n";
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const std::size_t start = at + open.size();
    const std::size_t end = text.find("\n```", start);
    if (end == std::string::npos) break;
    found.push_back(text.substr(start, end - start + 1));
    at = end + 4;
  }
  return found;
}

// The README's section from `heading` to the next heading of its level.
std::string section(const std::string& text, const std::string& heading) {
  const std::size_t start = text.find("\n" + heading + "\n");
  REQUIRE(start != std::string::npos);
  const std::size_t end = text.find("\n## ", start + 1);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

struct ShellResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a README shell snippet as written with /bin/sh in `dir`, `bin` first on PATH.
ShellResult run_shell(const TempDir& dir, const fs::path& bin, const std::string& script,
                      const std::map<std::string, std::string>& variables) {
  namespace bp = boost::process;
  bp::environment env;
  env["PATH"] = bin.string() + ":/usr/bin:/bin";
  for (const auto& [name, value] : variables) env[name] = value;
  const fs::path out_path = dir / "sh-stdout.txt", err_path = dir / "sh-stderr.txt";
  fs::remove(out_path);
  fs::remove(err_path);
  bp::child child("/bin/sh", bp::args({"-c", script}), env, bp::start_dir(dir.path().string()),
                  bp::std_out > out_path.string(), bp::std_err > err_path.string(), bp::std_in < "/dev/null");
  child.wait();
  return {child.exit_code(), read_file(out_path), read_file(err_path)};
}

}  // namespace

TEST_CASE("config errors: the README's minimal example runs as written", "[e2e][config_errors]") {
  const std::string minimal = section(readme(), "## A minimal step file");
  const std::vector<std::string> toml = blocks(minimal, "toml");
  const std::vector<std::string> sh = blocks(minimal, "sh");
  REQUIRE(toml.size() == 1);
  REQUIRE(sh.size() == 1);
  REQUIRE_THAT(toml[0], Catch::Contains("id = \"${CCE_JOB_ID}\""));
  REQUIRE_THAT(sh[0], Catch::Contains("--set job.id=\"$JOB_ID\""));

  // The job the README waits for, at the project its step file names.
  SimProcess sim(scenario(R"([[job]]
provider = "cce"
id = "readme-job-7"
project_id = "0123456789abcdef0123456789abcdef"
statuses = ["Running", "Success"]
)"));
  TempDir dir;
  write_file(dir / "deploy-wait.toml", toml[0]);
  // The file names a real region; `jobwait` on PATH is the built binary pointed at the
  // simulator instead, through the same override path as any --set.
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  write_file(bin / "jobwait", "#!/bin/sh\nexec '" + std::string(JOBWAIT_BIN) + "' \"$@\" --set job.endpoint=" +
                                  sim.base_url() + " --set wait.interval=50ms\n");
  ::chmod((bin / "jobwait").c_str(), 0755);

  // CCE_JOB_ID is not set: --set job.id replaces the key, so its ${CCE_JOB_ID} is never read.
  const ShellResult run = run_shell(dir, bin, sh[0], {{"JOB_ID", "readme-job-7"}, {"HW_AUTH_TOKEN", k_token}});
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out == "deployed\n");
  CHECK(run.err.find("CCE_JOB_ID") == std::string::npos);
  REQUIRE(fs::exists(dir / "result.json"));
  const json::value artifact = json::parse(read_file(dir / "result.json"));
  CHECK(artifact.at("outcome").as_string() == "succeeded");
  CHECK(artifact.at("jobs").at(0).at("id").as_string() == "readme-job-7");
  expect_valid_against_schema(dir / "result.json");
}

TEST_CASE("config errors: every TOML snippet in the README is a step file check reads", "[e2e][config_errors]") {
  const std::vector<std::string> snippets = blocks(readme(), "toml");
  REQUIRE_FALSE(snippets.empty());
  // Whatever ${VAR} a snippet reads is set; credentials come from the environment when a
  // snippet has no [auth] of its own.
  const std::regex reference(R"(\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\})");
  int checked_snippets = 0;
  for (std::size_t i = 0; i < snippets.size(); ++i) {
    const std::string& text = snippets[i];
    // The simulator's scenarios ([[job]], [[user]]…) are its own format, not step files.
    if (text.find("[[job]]") != std::string::npos || text.find("[[access_key]]") != std::string::npos) continue;
    // A fragment (an [auth] or [exit_codes] table) is read beneath a [job] of its own.
    const bool whole = text.find("[job]") != std::string::npos || text.find("[[jobs]]") != std::string::npos;
    const std::string file =
        whole ? text : "[job]\nprovider = \"cce\"\nid = \"x\"\nproject_id = \"p\"\nregion = \"ap-southeast-1\"\n" + text;
    RunOptions run;
    run.env = {{"HW_AUTH_TOKEN", "t"}};
    for (std::sregex_iterator it(text.begin(), text.end(), reference), end; it != end; ++it) {
      run.env.emplace((*it)[1].str(), "1");
    }
    TempDir dir;
    write_file(dir / "step.toml", file);
    run.args = {"check", "step.toml"};
    const RunResult checked = run_jobwait(dir, run);
    INFO("README toml snippet " << i + 1 << ":\n" << text << "\nstderr: " << checked.err);
    CHECK(checked.exit_code == 0);
    ++checked_snippets;
  }
  CHECK(checked_snippets >= 5);
}

TEST_CASE("config errors: several mistakes are reported together, each on its own line, exit 2",
          "[e2e][config_errors]") {
  World world(R"([[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  // Line 3: an unset variable; line 7: a duration in words; line 8: a misspelt key; line 9: an
  // integer where a duration's string belongs is fine, a boolean is not.
  write_file(world.dir / "step.toml", "[job]\nprovider = \"cce\"\nid = \"${NOT_SET_ANYWHERE}\"\nproject_id = \"proj-1\"\n"
                                      "endpoint = \"" + world.sim.base_url() + "\"\n[wait]\ntimeout = \"30 minutes\"\n"
                                      "intervall = \"1s\"\nmax_interval = true\n[auth]\ntoken = \"${E2E_TOKEN}\"\n");
  const RunResult result = world.run_file({"--set", "wait.confirm=zero"});
  INFO("stderr: " << result.err);
  CHECK(result.exit_code == 2);
  CHECK(world.sim.stats().at("requests").as_int64() == 0);
  const std::vector<std::string> expected{
      "jobwait: step.toml:3:6: job.id: environment variable NOT_SET_ANYWHERE is not set",
      "jobwait: step.toml:7:11: wait.timeout: invalid duration \"30 minutes\": did you mean \"30m\"? (use 500ms, 2s, "
      "5m, 1h, 1m30s or whole seconds)",
      "jobwait: step.toml:8:1: wait.intervall: unknown key (did you mean \"interval\"?)",
      "jobwait: step.toml:9:16: wait.max_interval: expected a duration (a string such as \"5m\", or whole seconds), got a boolean",
      "jobwait: step.toml: --set wait.confirm: invalid integer \"zero\"",
  };
  std::size_t from = 0;
  for (const std::string& line : expected) {
    const std::size_t at = result.err.find(line + "\n", from);
    INFO(line);
    CHECK(at != std::string::npos);  // present, and after the one before: sorted by place
    if (at != std::string::npos) from = at;
  }
  // The artifact records the first, as a single error always did.
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome").as_string() == "config_error");
  CHECK(std::string(result.artifact->at("message").as_string()) ==
        "step.toml:3:6: job.id: environment variable NOT_SET_ANYWHERE is not set");
}

TEST_CASE("config errors: a bare duration is a TOML error that names its key and the quoted form",
          "[e2e][config_errors]") {
  World world(R"([[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  write_file(world.dir / "step.toml", "[job]\nprovider = \"cce\"\nid = \"job-1\"\n[wait]\ntimeout = 30m\n");
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("jobwait: step.toml:5:") && Catch::Contains(": wait.timeout: ") &&
                             Catch::Contains("durations are quoted strings: timeout = \"30m\""));
}

TEST_CASE("config errors: a provider in capitals suggests its name", "[e2e][config_errors]") {
  World world(R"([[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)");
  StepOptions options;
  options.provider = "CCE";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("job.provider: unknown provider \"CCE\" (did you mean \"cce\"?)"));
}
