// End-to-end: what a run leaves for the CI system around it. GitHub outputs, step summary and
// annotations are read back from the files a run with GITHUB_ACTIONS=true wrote; the JUnit
// report is validated against tests/fixtures/junit/junit.xsd with xmllint; [exit_codes],
// --job-id-from, the GitLab dotenv report, JSON lines (and the CI files written whatever the
// log format), --quiet, `explain` and the --help synopsis are checked on real runs against
// jobwait-sim.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

const char* k_failing_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Initializing", "Running", "Failed"]
reason = "insufficient ECS quota"
tasks = [ { name = "InstallMaster", statuses = ["Initializing", "Running", "Failed"], reason = "master node failed" },
          { name = "InstallAddons", statuses = ["Initializing", "Initializing", "Initializing"] } ]
)";

const char* k_running_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running"]
tasks = [ { name = "InstallMaster", statuses = ["Running"] } ]
)";

const char* k_succeeding_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
tasks = [ { name = "InstallMaster", statuses = ["Running", "Success"] } ]
)";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::map<std::string, std::string> key_values(const std::string& text) {
  std::map<std::string, std::string> values;
  for (const std::string& line : lines_of(text)) {
    const auto equals = line.find('=');
    if (equals != std::string::npos) values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return values;
}

// A run the way a CI runner starts it: the given environment on top of the token.
RunResult run_in_ci(World& world, const StepOptions& options, std::map<std::string, std::string> env,
                    std::vector<std::string> extra_args = {}) {
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (world.dir / "result.json").string()};
  run.args.insert(run.args.end(), extra_args.begin(), extra_args.end());
  run.env = std::move(env);
  run.env["E2E_TOKEN"] = k_token;
  run.result = world.dir / "result.json";
  RunResult result = run_jobwait(world.dir, run);
  if (result.artifact) expect_valid_against_schema(world.dir / "result.json");
  return result;
}

int xmllint_against_junit_xsd(const fs::path& report, std::string& output) {
  namespace bp = boost::process;
  const std::string xsd = std::string(JOBWAIT_SOURCE_DIR) + "/tests/fixtures/junit/junit.xsd";
  bp::ipstream out;
  bp::child lint("/usr/bin/xmllint", bp::args({"--noout", "--schema", xsd, report.string()}),
                 (bp::std_out & bp::std_err) > out);
  for (std::string line; std::getline(out, line);) output += line + "\n";
  lint.wait();
  return lint.exit_code();
}

}  // namespace

TEST_CASE("e2e ci: under GitHub Actions a failed job leaves outputs, a summary and one error annotation",
          "[e2e][ci]") {
  World world(k_failing_job);
  write_file(world.dir / "outputs.txt", "earlier=kept\n");  // the runner's file is appended to
  const RunResult result = run_in_ci(world, {}, {{"GITHUB_ACTIONS", "true"},
                                                 {"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()},
                                                 {"GITHUB_STEP_SUMMARY", (world.dir / "summary.md").string()}},
                                     {"--verbose"});
  INFO(result.err);
  CHECK(result.exit_code == 1);

  const std::map<std::string, std::string> outputs = key_values(read_file(world.dir / "outputs.txt"));
  CHECK(outputs.at("earlier") == "kept");
  CHECK(outputs.at("outcome") == "failed");
  CHECK(outputs.at("state") == "failed");
  CHECK(outputs.at("exit_code") == "1");
  CHECK(outputs.at("job_id") == "job-1");
  CHECK(outputs.at("result") == (world.dir / "result.json").string());
  CHECK_THAT(outputs.at("message"), Catch::Contains("insufficient ECS quota"));

  const std::string summary = read_file(world.dir / "summary.md");
  CHECK_THAT(summary, Catch::Contains("### jobwait: e2e — failed"));
  CHECK_THAT(summary, Catch::Contains("| cce | job-1 | failed | Failed |"));
  CHECK_THAT(summary, Catch::Contains("| InstallMaster | failed | Failed | master node failed |"));
  CHECK_THAT(summary, Catch::Contains("| InstallAddons | pending | Initializing |"));
  CHECK_THAT(summary, Catch::Contains("| Initializing | pending |"));
  CHECK_THAT(summary, Catch::Contains("| Failed | failed |"));

  int errors = 0, masks = 0, groups = 0, ends = 0;
  for (const std::string& line : lines_of(result.err)) {
    if (line.rfind("::error ", 0) == 0) {
      ++errors;
      CHECK_THAT(line, Catch::StartsWith("::error title=jobwait%3A failed (e2e)::"));
      CHECK_THAT(line, Catch::Contains("insufficient ECS quota"));
    }
    if (line == std::string("::add-mask::") + k_token) ++masks;
    groups += line.rfind("::group::", 0) == 0 ? 1 : 0;
    ends += line == "::endgroup::" ? 1 : 0;
    // The mask command is the one place the runner must see the secret itself.
    if (line.rfind("::add-mask::", 0) != 0) CHECK(line.find(k_token) == std::string::npos);
  }
  CHECK(errors == 1);
  CHECK(masks == 1);
  CHECK(groups == 1);
  CHECK(ends == 1);
  CHECK(result.err.find("::add-mask::") < result.err.find("::group::"));  // masked before anything else
  CHECK(result.out.find(k_token) == std::string::npos);
  CHECK(read_file(world.dir / "outputs.txt").find(k_token) == std::string::npos);
  CHECK(summary.find(k_token) == std::string::npos);
}

TEST_CASE("e2e ci: under GitHub Actions a success has outputs and no annotation", "[e2e][ci]") {
  World world(k_succeeding_job);
  const RunResult result = run_in_ci(world, {}, {{"GITHUB_ACTIONS", "true"},
                                                 {"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()},
                                                 {"GITHUB_STEP_SUMMARY", (world.dir / "summary.md").string()}});
  CHECK(result.exit_code == 0);
  CHECK(key_values(read_file(world.dir / "outputs.txt")).at("outcome") == "succeeded");
  CHECK(result.err.find("::error") == std::string::npos);
  CHECK(result.err.find("::warning") == std::string::npos);
  CHECK(result.err.find("::group::") == std::string::npos);  // only verbose polling is grouped
}

TEST_CASE("e2e ci: a TOML syntax error under GitHub Actions is annotated too, though no artifact is written",
          "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "step.toml", "[job\nprovider = \"cce\"\n");
  RunOptions run;
  run.args = {"run", "step.toml"};
  run.env = {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()}};
  const RunResult result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("::error file=step.toml,line=1,"));
  CHECK(key_values(read_file(world.dir / "outputs.txt")).at("outcome") == "config_error");
}

TEST_CASE("e2e ci: a step-file error under GitHub Actions is annotated at its line", "[e2e][ci]") {
  World world(k_succeeding_job);
  StepOptions options;
  options.timeout = "5 minutes";
  const RunResult result = run_in_ci(world, options, {{"GITHUB_ACTIONS", "true"},
                                                      {"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()}});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("::error file=step.toml,line=10,col=11,title=jobwait%3A config_error::"));
  CHECK(key_values(read_file(world.dir / "outputs.txt")).at("outcome") == "config_error");
}

TEST_CASE("e2e ci: the JUnit report validates against the JUnit schema, job and tasks as test cases",
          "[e2e][ci]") {
  struct Case {
    const char* scenario;
    std::string timeout;
    int exit_code, failures, errors;
  };
  const Case cases[] = {{k_failing_job, "30s", 1, 2, 0}, {k_succeeding_job, "30s", 0, 0, 0}, {k_running_job, "1s", 3, 0, 1}};
  for (const Case& c : cases) {
    DYNAMIC_SECTION("exit " << c.exit_code) {
      World world(c.scenario);
      StepOptions options;
      options.timeout = c.timeout;
      options.wait_extra = "[output]\njunit = \"reports/junit.xml\"\n";
      fs::create_directories(world.dir / "reports");
      const RunResult result = world.run(options);
      CHECK(result.exit_code == c.exit_code);
      std::string lint;
      CHECK(xmllint_against_junit_xsd(world.dir / "reports/junit.xml", lint) == 0);
      INFO(lint);
      const std::string xml = read_file(world.dir / "reports/junit.xml");
      CHECK_THAT(xml, Catch::Contains("failures=\"" + std::to_string(c.failures) + "\" errors=\"" +
                                      std::to_string(c.errors) + "\""));
      CHECK_THAT(xml, Catch::Contains("name=\"job job-1\""));
      CHECK_THAT(xml, Catch::Contains("name=\"task InstallMaster\""));
      if (c.exit_code == 1) CHECK_THAT(xml, Catch::Contains("<failure message=\"insufficient ECS quota\""));
    }
  }
}

TEST_CASE("e2e ci: a timeout [exit_codes] maps to 0 is a skipped JUnit case with the reason, and validates",
          "[e2e][ci]") {
  World world(k_running_job);
  StepOptions options;
  options.timeout = "1s";
  options.wait_extra = "[exit_codes]\ntimed_out = 0\n[output]\njunit = \"junit.xml\"\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 0);
  std::string lint;
  CHECK(xmllint_against_junit_xsd(world.dir / "junit.xml", lint) == 0);
  INFO(lint);
  const std::string xml = read_file(world.dir / "junit.xml");
  CHECK_THAT(xml, Catch::Contains("failures=\"0\" errors=\"0\" skipped=\"2\""));
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"timed_out (exit 0 per [exit_codes]): timed out after 1s"));
  CHECK(xml.find("<error") == std::string::npos);
}

TEST_CASE("e2e ci: a broken JUnit report fails the schema check (the check can fail)", "[e2e][ci]") {
  TempDir dir;
  write_file(dir / "bad.xml", "<testsuites><testsuite name=\"x\" tests=\"one\"/></testsuites>");
  std::string lint;
  CHECK(xmllint_against_junit_xsd(dir / "bad.xml", lint) != 0);
}

TEST_CASE("e2e ci: [exit_codes] timed_out = 0 makes a timeout exit 0, recorded in the artifact", "[e2e][ci]") {
  World world(k_running_job);
  StepOptions options;
  options.timeout = "1s";
  options.wait_extra = "[exit_codes]\ntimed_out = 0\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "timed_out");  // the truth stays in the artifact
  CHECK(result.artifact->at("exit_code") == 0);
  CHECK(result.artifact->at("standard_exit_code") == 3);
  CHECK(result.artifact->at("exit_code_mapping") == json::parse(R"({"timed_out": 0})"));
}

TEST_CASE("e2e ci: [exit_codes] leaves other outcomes alone and the default mapping is empty", "[e2e][ci]") {
  World world(k_failing_job);
  StepOptions options;
  options.wait_extra = "[exit_codes]\ntimed_out = 0\n";
  const RunResult result = world.run(options);
  CHECK(result.exit_code == 1);
  CHECK(result.artifact->at("exit_code") == 1);

  const RunResult plain = world.run({});
  CHECK(plain.artifact->at("exit_code_mapping").as_object().empty());
  CHECK(plain.artifact->at("standard_exit_code") == 1);
}

TEST_CASE("e2e ci: --job-id-from reads the id from a create call's JSON, on stdin or in a file", "[e2e][ci]") {
  World world(k_succeeding_job);
  StepOptions options;
  options.id = "${NOT_SET:-}";
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "result.json", "--job-id-from", "-", "--job-id-pointer", "/status/jobID"};
  run.env = {{"E2E_TOKEN", k_token}};
  run.result = world.dir / "result.json";
  run.stdin_text = R"({"kind": "Cluster", "status": {"jobID": "job-1"}})";
  RunResult result = run_jobwait(world.dir, run);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(job0(result).at("id") == "job-1");

  write_file(world.dir / "created.json", R"({"job_id": "job-1"})");
  run.args = {"run", "step.toml", "--result", "result.json", "--job-id-from", "created.json", "--job-id-pointer", "/job_id"};
  run.stdin_text.reset();
  result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 0);
  CHECK(job0(result).at("id") == "job-1");

  // Without a pointer, where the provider's create calls put the id: CCE's /status/jobID.
  write_file(world.dir / "created.json", R"({"kind": "Cluster", "status": {"phase": "Creating", "jobID": "job-1"}})");
  run.args = {"run", "step.toml", "--result", "result.json", "--job-id-from", "created.json"};
  result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 0);
  CHECK(job0(result).at("id") == "job-1");
}

TEST_CASE("e2e ci: --job-id-from without an id there is a step-file error, and nothing is sent", "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "created.json", R"({"error": "quota"})");
  const RunResult result = world.run({}, {"--job-id-from", "created.json"});
  CHECK(result.exit_code == 2);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("config_error").at("key") == "job.id");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("nothing at /status/jobID"));
  CHECK(world.sim.stats().at("requests") == 0);
}

TEST_CASE("e2e ci: under GitLab CI the lines sit in a section and a dotenv report is written", "[e2e][ci]") {
  World world(k_failing_job);
  const RunResult result = run_in_ci(world, {}, {{"GITLAB_CI", "true"}});
  CHECK(result.exit_code == 1);
  const std::map<std::string, std::string> dotenv = key_values(read_file(world.dir / "jobwait.env"));
  CHECK(dotenv.at("JOBWAIT_OUTCOME") == "failed");
  CHECK(dotenv.at("JOBWAIT_STATE") == "failed");
  CHECK(dotenv.at("JOBWAIT_EXIT_CODE") == "1");
  CHECK(dotenv.at("JOBWAIT_JOB_ID") == "job-1");
  const auto start = result.err.find("section_start:");
  const auto end = result.err.find("section_end:");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  CHECK(start < result.err.find("Initializing"));
  CHECK(end > result.err.find("Initializing"));
  CHECK(end < result.err.find("failed after"));  // the summary shows when the section is folded
}

TEST_CASE("e2e ci: --log-format json writes one JSON object per line, start to finish", "[e2e][ci]") {
  World world(k_failing_job);
  const RunResult result = world.run({}, {"--log-format", "json", "--verbose"});
  CHECK(result.exit_code == 1);
  const std::vector<std::string> lines = lines_of(result.err);
  REQUIRE(lines.size() >= 4);
  std::vector<std::string> events;
  for (const std::string& line : lines) {
    INFO(line);
    const json::value event = json::parse(line);
    events.emplace_back(event.at("event").as_string());
  }
  CHECK(events.front() == "start");
  CHECK(events.back() == "finish");
  CHECK(std::count(events.begin(), events.end(), "poll") == 3);
  CHECK(json::parse(lines.back()).at("outcome") == "failed");
  CHECK(json::parse(lines.back()).at("exit_code") == 1);
}

TEST_CASE("e2e ci: under GitHub Actions --log-format json still writes the outputs and the step summary",
          "[e2e][ci]") {
  // The log format changes the lines on stderr, not what the runner reads from its files.
  for (const std::string format : {"json", "plain"}) {
    DYNAMIC_SECTION("--log-format " << format) {
      World world(k_failing_job);
      const RunResult result = run_in_ci(world, {}, {{"GITHUB_ACTIONS", "true"},
                                                     {"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()},
                                                     {"GITHUB_STEP_SUMMARY", (world.dir / "summary.md").string()}},
                                         {"--log-format", format});
      INFO(result.err);
      CHECK(result.exit_code == 1);
      REQUIRE(fs::exists(world.dir / "outputs.txt"));
      const std::map<std::string, std::string> outputs = key_values(read_file(world.dir / "outputs.txt"));
      CHECK(outputs.at("outcome") == "failed");
      CHECK(outputs.at("exit_code") == "1");
      CHECK(outputs.at("job_id") == "job-1");
      REQUIRE(fs::exists(world.dir / "summary.md"));
      CHECK_THAT(read_file(world.dir / "summary.md"), Catch::Contains("| cce | job-1 | failed | Failed |"));
      CHECK(result.err.find("::error") == std::string::npos);  // workflow commands are --log-format github's
      if (format == "json") {
        for (const std::string& line : lines_of(result.err)) {
          INFO(line);
          CHECK_NOTHROW(json::parse(line));
        }
      }
    }
  }
}

TEST_CASE("e2e ci: under GitLab CI --log-format json still writes the default dotenv report", "[e2e][ci]") {
  World world(k_failing_job);
  const RunResult result = run_in_ci(world, {}, {{"GITLAB_CI", "true"}}, {"--log-format", "json"});
  CHECK(result.exit_code == 1);
  REQUIRE(fs::exists(world.dir / "jobwait.env"));
  CHECK(key_values(read_file(world.dir / "jobwait.env")).at("JOBWAIT_OUTCOME") == "failed");
  CHECK(result.err.find("section_start:") == std::string::npos);
}

TEST_CASE("e2e ci: outside a CI no GitHub files are written, even with the variables set", "[e2e][ci]") {
  World world(k_succeeding_job);
  const RunResult result = run_in_ci(world, {}, {{"GITHUB_OUTPUT", (world.dir / "outputs.txt").string()}},
                                     {"--log-format", "json"});
  CHECK(result.exit_code == 0);
  CHECK_FALSE(fs::exists(world.dir / "outputs.txt"));
  CHECK_FALSE(fs::exists(world.dir / "jobwait.env"));
}

TEST_CASE("e2e ci: JSON log lines print numbers as plain decimals, never in exponent form", "[e2e][ci]") {
  World world(k_failing_job);
  StepOptions options;
  options.timeout = "20s";
  const RunResult result = world.run(options, {"--log-format", "json", "--verbose"});
  CHECK(result.exit_code == 1);
  const std::vector<std::string> lines = lines_of(result.err);
  REQUIRE_FALSE(lines.empty());
  CHECK_THAT(lines.front(), Catch::Contains("\"timeout_seconds\":20,") || Catch::EndsWith("\"timeout_seconds\":20}"));
  int numbers = 0;
  for (const std::string& line : lines) {
    INFO(line);
    const json::object event = json::parse(line).as_object();
    for (const auto& field : event) {
      if (!field.value().is_number()) continue;
      ++numbers;
      // The value's text as printed: after "key": up to the next , or }.
      const std::string key = "\"" + std::string(field.key()) + "\":";
      const std::size_t at = line.find(key);
      REQUIRE(at != std::string::npos);
      const std::size_t begin = at + key.size();
      const std::string text = line.substr(begin, line.find_first_of(",}", begin) - begin);
      INFO(text);
      CHECK(text.find_first_of("eE") == std::string::npos);
      CHECK(text.find_first_not_of("-0123456789.") == std::string::npos);
      if (text.find('.') != std::string::npos) {
        CHECK(text.back() != '0');                              // no trailing zeros
        CHECK(text.size() - text.find('.') - 1 <= 6);            // to the microsecond
      }
    }
  }
  CHECK(static_cast<std::size_t>(numbers) > lines.size());  // elapsed times, durations, polls: every line has some
}

TEST_CASE("e2e ci: --help names, for each command, exactly the options the command accepts", "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  RunOptions help;
  help.args = {"--help"};
  const std::string usage = run_jobwait(world.dir, help).out;
  REQUIRE_THAT(usage, Catch::StartsWith("usage: jobwait run"));
  // The options section lists every option once: "  --name ..." or "  -q, --quiet ...".
  std::set<std::string> options;
  const std::string section = usage.substr(usage.find("\noptions:"), usage.find("\nexit codes:") - usage.find("\noptions:"));
  const std::regex option_line(R"(^  (?:-[a-z], )?(--[a-z-]+)\b.*)");
  for (const std::string& line : lines_of(section)) {
    std::smatch match;
    if (std::regex_match(line, match, option_line) && match[1] != "--help" && match[1] != "--version") {
      options.insert(match[1]);
    }
  }
  REQUIRE(options.count("--job-ids-from") == 1);
  REQUIRE(options.count("--job-id-pointer") == 1);
  for (const std::string command : {"run", "check", "explain"}) {
    // The command's synopsis: from "jobwait COMMAND" to the next "jobwait ".
    const std::size_t begin = usage.find("jobwait " + command + " ");
    REQUIRE(begin != std::string::npos);
    const std::string synopsis = usage.substr(begin, usage.find("jobwait ", begin + 8) - begin);
    for (const std::string& option : options) {
      // Accepted or not, as the parser says: an option it does not know for a command is
      // "unknown option"; any other complaint (a missing value, a partner option) means known.
      RunOptions run;
      run.args = {command, "step.toml", option};
      run.env = {{"E2E_TOKEN", k_token}};
      const RunResult result = run_jobwait(world.dir, run);
      const bool accepted = result.err.find("unknown option") == std::string::npos;
      const bool named = synopsis.find("[" + option + " ") != std::string::npos ||
                         synopsis.find("[" + option + "]") != std::string::npos ||
                         synopsis.find("| " + option + " ") != std::string::npos ||
                         synopsis.find("| " + option + "]") != std::string::npos;
      INFO(command << " " << option << ": " << result.err << "\nsynopsis: " << synopsis);
      CHECK(accepted == named);
    }
  }
}

TEST_CASE("e2e ci: --quiet says nothing on success and one line on failure", "[e2e][ci]") {
  {
    World world(k_succeeding_job);
    const RunResult result = world.run({}, {"--quiet"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
  }
  World world(k_failing_job);
  const RunResult result = world.run({}, {"--quiet"});
  CHECK(result.exit_code == 1);
  CHECK(lines_of(result.err).size() == 1);
}

TEST_CASE("e2e ci: explain prints the request, budgets and schedule and sends nothing", "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  RunOptions run;
  run.args = {"explain", "step.toml", "--set", "job.id=job-7"};
  run.env = {{"E2E_TOKEN", k_token}};
  const RunResult result = run_jobwait(world.dir, run);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("GET " + world.sim.base_url() + "/api/v3/projects/proj-1/jobs/job-7"));
  CHECK_THAT(result.out, Catch::Contains("Accept: application/json"));
  CHECK_THAT(result.out, Catch::Contains("X-Auth-Token: <redacted>"));  // applied by the real authenticator
  CHECK_THAT(result.out, Catch::Contains("delay 1: 50ms, poll 2 at 50ms"));
  CHECK_THAT(result.out, Catch::Contains("timeout 30s"));
  CHECK(result.out.find(k_token) == std::string::npos);
  CHECK(world.sim.stats().at("requests") == 0);
}

namespace {

// jobwait run in a pseudo-terminal, as an interactive shell would give it: script(1) from
// bsdutils. `extra_env` adds to a minimal environment with TERM=xterm.
std::pair<int, std::string> run_on_terminal(const World& world, const std::map<std::string, std::string>& extra_env) {
  namespace bp = boost::process;
  bp::environment env;
  env["PATH"] = "/usr/bin:/bin";
  env["TERM"] = "xterm";
  env["E2E_TOKEN"] = k_token;
  for (const auto& [name, value] : extra_env) env[name] = value;
  const std::string command = std::string(JOBWAIT_BIN) + " run step.toml --result result.json";
  bp::ipstream out;
  bp::child script("/usr/bin/script", bp::args({"-qec", command, "/dev/null"}), env,
                   bp::start_dir(world.dir.path().string()), bp::std_out > out, bp::std_err > bp::null,
                   bp::std_in < bp::null);
  std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  script.wait();
  return {script.exit_code(), text};
}

}  // namespace

TEST_CASE("e2e ci: on a terminal the progress is one status line redrawn in place", "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  const auto [exit_code, text] = run_on_terminal(world, {});
  INFO(text);
  CHECK(exit_code == 0);
  // The state's symbol, coloured: cyan while running, green once succeeded.
  CHECK_THAT(text, Catch::Contains("\r\x1b[Kjobwait: \x1b[36m●\x1b[0m cce job-1: Running (running), tasks 0/1 done"));
  CHECK_THAT(text, Catch::Contains("\r\x1b[Kjobwait: \x1b[32m✔\x1b[0m cce job-1: Success (succeeded), tasks 1/1 done"));
  // The summary replaces the status line and ends the output.
  CHECK_THAT(text, Catch::Contains("\r\x1b[Kjobwait: succeeded after"));
  CHECK(text.find(k_token) == std::string::npos);
}

TEST_CASE("e2e ci: NO_COLOR keeps the status line's symbols and drops its colour", "[e2e][ci]") {
  World world(k_succeeding_job);
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), {}));
  const auto [exit_code, text] = run_on_terminal(world, {{"NO_COLOR", "1"}});
  INFO(text);
  CHECK(exit_code == 0);
  CHECK_THAT(text, Catch::Contains("\r\x1b[Kjobwait: ✔ cce job-1: Success (succeeded), tasks 1/1 done"));
  CHECK(text.find("\x1b[3") == std::string::npos);  // no SGR colour at all
}
