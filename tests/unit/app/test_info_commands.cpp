// runner/app/info_commands.cpp: `jobwait providers` and `jobwait schema`, printed from the data
// the binary runs on.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "app/info_commands.hpp"
#include "captured_stdio.hpp"
#include "jobs/registry.hpp"
#include "providers/cce.hpp"

using namespace jobwait;
using jobwait::test::CapturedStdio;

namespace {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(JOBWAIT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string providers_text() {
  CapturedStdio out(stdout);
  const ExitCode code = list_providers();
  std::string text = out.stop();
  CHECK(code == ExitCode::succeeded);
  return text;
}

// The block of `providers` output for one provider: from "name: " to the blank line.
std::string block_of(const std::string& text, const std::string& name) {
  const std::string head = name + ": ";
  const auto at = text.rfind(head, 0) == 0 ? 0 : text.find("\n" + head) + 1;
  REQUIRE(text.compare(at, head.size(), head) == 0);
  const auto end = text.find("\n\n", at);
  return text.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at);
}

}  // namespace

TEST_CASE("providers: every registered provider, with its summary, in the table's order", "[info_commands]") {
  const std::string text = providers_text();
  std::size_t last = 0;
  for (const providers::ProviderEntry& entry : providers::provider_entries()) {
    const std::string line = std::string(entry.name) + ": " + std::string(entry.summary) + "\n";
    const auto at = text.find(line);
    INFO(entry.name);
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    last = at;
  }
  // Blocks are separated by one blank line, and the text ends with a newline, not a blank line.
  CHECK(text.back() == '\n');
  CHECK(text.find("\n\n\n") == std::string::npos);
  CHECK_THAT(text, !Catch::EndsWith("\n\n"));
}

TEST_CASE("providers: a built-in shows its request and its status values by state", "[info_commands]") {
  const std::string cce = block_of(providers_text(), "cce");
  const auto& provider = providers::cce_provider();
  CHECK_THAT(cce, Catch::Contains("  GET https://cce.{region}.myhuaweicloud.com/api/v3/projects/{project_id}/jobs/{job_id}\n"));
  CHECK_THAT(cce, Catch::Contains("  " + std::string(provider.status_field()) + ":\n"));
  // Each state's values, in the status map's words, the label padded to one column.
  for (const State state : {State::pending, State::running, State::succeeded, State::failed, State::cancelled}) {
    const auto values = provider.statuses().values_of(state);
    if (values.empty()) {
      CHECK(cce.find("    " + std::string(to_string(state)) + " ") == std::string::npos);
      continue;
    }
    std::string label(to_string(state));
    label.resize(11, ' ');
    INFO(label);
    CHECK_THAT(cce, Catch::Contains("    " + label + values.front()));
  }
  CHECK_THAT(cce, Catch::Contains("    succeeded  Success"));
  CHECK_THAT(cce, Catch::EndsWith("    anything else: unknown (wait.on_unknown)\n"));
}

TEST_CASE("providers: a preset shows its declared request and values, http its keys, exec its protocol", "[info_commands]") {
  const std::string text = providers_text();
  const std::string v1 = block_of(text, "v1-jobs");
  CHECK_THAT(v1, Catch::Contains("https://{job.service}.{region}.myhuaweicloud.com/"));
  CHECK_THAT(v1, Catch::Contains("anything else: unknown (wait.on_unknown)"));
  CHECK(v1.find("preset unreadable") == std::string::npos);
  CHECK_THAT(block_of(text, "http"), Catch::Contains("  [job.http]: path, method, headers, body"));
  CHECK_THAT(block_of(text, "exec"), Catch::Contains("job.command prints {\"state\": ...}"));
}

TEST_CASE("providers: a stalled status is listed as not terminal", "[info_commands]") {
  // IEF's "Stopping" is a pause: the job will not move without someone.
  CHECK_THAT(block_of(providers_text(), "ief"),
             Catch::Contains("    stalled    ") && Catch::Contains("(not terminal; will not move without someone acting)"));
}

TEST_CASE("schema: each schema is printed exactly as shipped in schemas/", "[info_commands]") {
  for (const std::string name : {"step", "result"}) {
    CapturedStdio out(stdout);
    const ExitCode code = print_schema(name);
    const std::string text = out.stop();
    CHECK(code == ExitCode::succeeded);
    CHECK(text == source_file("schemas/" + name + ".schema.json"));
  }
  CapturedStdio out(stdout);
  CHECK(print_schema("exec") == ExitCode::succeeded);
  CHECK(out.stop() == source_file("schemas/exec-output.schema.json"));
}

TEST_CASE("schema: an unknown name is a usage error on stderr, nothing on stdout", "[info_commands]") {
  CapturedStdio err(stderr);
  CapturedStdio out(stdout);
  const ExitCode code = print_schema("nope");
  const std::string printed = out.stop();
  const std::string said = err.stop();
  CHECK(code == ExitCode::config_error);
  CHECK(printed.empty());
  CHECK(said == "jobwait: no schema schemas/nope.schema.json in this build\n");
}
