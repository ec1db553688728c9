// End-to-end: CI log injection (issue 12). jobwait-sim serves hostile statuses, a hostile
// reason, hostile task names and reasons, and (cfw) a hostile error body; every log format
// and every CI file a run writes is read back, and nothing of it may end or start a line, run
// a GitHub workflow command, open a GitLab section or move a terminal's cursor.
#include <catch2/catch.hpp>

#include <regex>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

// TOML escapes: a newline, ESC, CR, NEL, LINE SEPARATOR, zero width space, right-to-left
// override. Each string carries the marker PWN, so the test can see it was shown, not dropped.
constexpr const char* k_status = R"("Run\n::error::PWN")";
constexpr const char* k_reason = R"("\r::add-mask::PWN\u2028::stop-commands::PWN x ##[set-output name=outcome;]PWN")";
constexpr const char* k_task = R"("\u001b[0Ksection_start:1:PWN\r\u001b[0KPWN")";
constexpr const char* k_task_reason = R"("\u0085::error::PWN\u200b\u202e")";
constexpr const char* k_error = R"("  ::error::PWN\n\u001b]8;;http://evil/\u001b\\PWN")";

std::string hostile_jobs() {
  return std::string("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [") + k_status +
         ", \"Failed\"]\nreason = " + k_reason + "\ntasks = [{ name = " + k_task +
         ", statuses = [\"Running\", \"Failed\"], reason = " + k_task_reason + " }]\n" +
         "[[job]]\nprovider = \"cfw\"\nid = \"rule-1\"\nproject_id = \"proj-1\"\nerror_code = \"CFW.00200005\"\n" +
         "error_msg = " + k_error + "\n";
}

// jobwait's own workflow commands; any other line starting with "::" came from the data.
bool our_command(const std::string& line) {
  for (const char* prefix : {"::add-mask::", "::group::jobwait: ", "::endgroup::", "::error title=jobwait",
                             "::warning title=jobwait"}) {
    if (line.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

void check_clean(const std::string& where, std::string text) {
  INFO(where << ":\n" << text);
  text = std::regex_replace(
      text, std::regex("\x1b\\[0Ksection_(start|end):[0-9]+:jobwait_wait(\\[collapsed=true\\])?\r\x1b\\[0K"), "");
  std::size_t controls = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    controls += (byte < 0x20 && c != '\n') || byte == 0x7f ? 1 : 0;
  }
  CHECK(controls == 0);
  for (const char* hidden : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\x8b", "\xe2\x80\xae", "##["}) {
    CHECK(text.find(hidden) == std::string::npos);
  }
  std::string line;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    if (at < text.size() && text[at] != '\n') {
      line += text[at];
      continue;
    }
    const std::size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, 2, "::") == 0) CHECK(our_command(line.substr(start)));
    line.clear();
  }
}

RunResult run_with(World& world, std::map<std::string, std::string> env, std::vector<std::string> extra) {
  write_file(world.dir / "step.toml",
             "name = \"e2e\"\n[[jobs]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nendpoint = \"" +
                 world.sim.base_url() + "\"\n[[jobs]]\nprovider = \"cfw\"\nid = \"rule-1\"\nproject_id = \"proj-1\"\n" +
                 "endpoint = \"" + world.sim.base_url() +
                 "\"\n[auth]\ntoken = \"${E2E_TOKEN}\"\n[wait]\ntimeout = \"10s\"\ninterval = \"50ms\"\n"
                 "max_interval = \"100ms\"\n[output]\njunit = \"junit.xml\"\ndotenv = \"jobwait.env\"\n");
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (world.dir / "result.json").string(), "--verbose"};
  run.args.insert(run.args.end(), extra.begin(), extra.end());
  run.env = std::move(env);
  run.env["E2E_TOKEN"] = k_token;
  run.result = world.dir / "result.json";
  RunResult result = run_jobwait(world.dir, run);
  REQUIRE(result.artifact);
  expect_valid_against_schema(world.dir / "result.json");
  return result;
}

}  // namespace

TEST_CASE("e2e injection: hostile API text is escaped in every log format and CI file", "[e2e][ci]") {
  World world(hostile_jobs());
  struct Case {
    std::string name;
    std::map<std::string, std::string> env;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"github", {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", "outputs.txt"}, {"GITHUB_STEP_SUMMARY", "summary.md"}}, {}},
      {"gitlab", {{"GITLAB_CI", "true"}}, {}},
      {"json", {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", "outputs.txt"}}, {"--log-format", "json"}},
      {"plain", {}, {"--log-format", "plain"}},
  };
  for (const Case& each : cases) {
    INFO(each.name);
    const RunResult result = run_with(world, each.env, each.args);
    CHECK(result.exit_code != 0);  // the cce job failed; the cfw error ends its wait too
    check_clean(each.name + " stderr", result.err);
    check_clean(each.name + " stdout", result.out);
    CHECK_THAT(result.err, Catch::Contains("PWN"));
    for (const char* file : {"junit.xml", "jobwait.env", "outputs.txt", "summary.md"}) {
      if (fs::exists(world.dir / file)) check_clean(each.name + " " + file, read_file(world.dir / file));
    }
    // Shown, escaped, where a reader looks (a JSON line doubles the backslash).
    CHECK_THAT(result.err, Catch::Contains(each.name == "json" ? "PWN\\\\u2028::stop" : "PWN\\u2028::stop"));
  }
  CHECK(fs::exists(world.dir / "outputs.txt"));
  CHECK(fs::exists(world.dir / "summary.md"));
}
