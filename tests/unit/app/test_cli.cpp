#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "app/cli.hpp"

using namespace jobwait;

namespace {
tl::expected<CliOptions, std::string> parse(std::vector<std::string_view> args) { return parse_cli(args); }
}  // namespace

TEST_CASE("cli: run takes a step file, --result, repeated --set and --json", "[cli]") {
  auto options = parse({"run", "step.toml", "--set", "job.id=42", "--result", "out.json", "--set", "wait.timeout=5m",
                        "--json"});
  REQUIRE(options);
  CHECK(options->command == Command::run);
  CHECK(options->step_file == "step.toml");
  CHECK(options->result_path == std::optional<std::string>("out.json"));
  CHECK(options->json);
  REQUIRE(options->overrides.size() == 2);
  CHECK(options->overrides[0] == std::pair<std::string, std::string>{"job.id", "42"});
  CHECK(options->overrides[1] == std::pair<std::string, std::string>{"wait.timeout", "5m"});
}

TEST_CASE("cli: providers takes nothing, schema takes step, result or exec", "[cli]") {
  auto providers = parse({"providers"});
  REQUIRE(providers);
  CHECK(providers->command == Command::providers);
  CHECK_FALSE(parse({"providers", "cce"}));
  for (const char* name : {"step", "result", "exec"}) {
    auto schema = parse({"schema", name});
    REQUIRE(schema);
    CHECK(schema->command == Command::schema);
    CHECK(schema->schema_name == name);
  }
  CHECK_FALSE(parse({"schema"}));
  CHECK_FALSE(parse({"schema", "artifact"}));
  CHECK_FALSE(parse({"schema", "step", "result"}));
  CHECK(parse({"provider"}).error().find("did you mean \"providers\"") != std::string::npos);
}

TEST_CASE("cli: a --set value may itself contain '='", "[cli]") {
  auto options = parse({"run", "s.toml", "--set", "auth.token=a=b=c"});
  REQUIRE(options);
  CHECK(options->overrides[0].second == "a=b=c");
}

TEST_CASE("cli: check, --help and --version", "[cli]") {
  CHECK(parse({"check", "s.toml"})->command == Command::check);
  CHECK(parse({"--help"})->command == Command::help);
  CHECK(parse({"-h"})->command == Command::help);
  CHECK(parse({"help"})->command == Command::help);
  CHECK(parse({"--version"})->command == Command::version);
  CHECK(parse({"run", "s.toml", "--help"})->command == Command::help);
}

TEST_CASE("cli: usage errors say what is wrong", "[cli]") {
  CHECK_THAT(parse({}).error(), Catch::Contains("missing command"));
  CHECK_THAT(parse({"chek", "s.toml"}).error(), Catch::Contains("did you mean \"check\""));
  CHECK_THAT(parse({"run"}).error(), Catch::Contains("needs a step file"));
  CHECK_THAT(parse({"run", "s.toml", "--set"}).error(), Catch::Contains("--set needs a value"));
  CHECK_THAT(parse({"run", "s.toml", "--set", "novalue"}).error(), Catch::Contains("KEY=VALUE"));
  CHECK_THAT(parse({"run", "s.toml", "--bogus"}).error(), Catch::Contains("unknown option"));
  CHECK_THAT(parse({"run", "a.toml", "b.toml"}).error(), Catch::Contains("unexpected argument"));
  CHECK_THAT(parse({"check", "s.toml", "--json"}).error(), Catch::Contains("unknown option"));
}

TEST_CASE("cli: explain takes a step file, --set and --job-id-from", "[cli]") {
  auto options = parse({"explain", "s.toml", "--set", "job.id=1", "--job-id-from", "-"});
  REQUIRE(options);
  CHECK(options->command == Command::explain);
  CHECK(options->job_id_from == std::optional<std::string>("-"));
}

TEST_CASE("cli: --job-id-from with a JSON Pointer, /job_id by default", "[cli]") {
  CHECK(parse({"run", "s.toml", "--job-id-from", "create.json"})->job_id_pointer == "/job_id");
  auto options = parse({"run", "s.toml", "--job-id-from", "-", "--job-id-pointer", "/status/jobID"});
  REQUIRE(options);
  CHECK(options->job_id_pointer == "/status/jobID");
  CHECK_THAT(parse({"run", "s.toml", "--job-id-from", "-", "--job-id-pointer", "job_id"}).error(),
             Catch::Contains("JSON Pointer"));
  CHECK_THAT(parse({"run", "s.toml", "--job-id-pointer", "/id"}).error(), Catch::Contains("needs --job-id-from"));
}

TEST_CASE("cli: --log-format, --quiet and --verbose", "[cli]") {
  CHECK(parse({"run", "s.toml", "--log-format", "json"})->log_format == output::LogFormat::json);
  CHECK(parse({"run", "s.toml", "-q"})->verbosity == output::Verbosity::quiet);
  CHECK(parse({"run", "s.toml", "--verbose"})->verbosity == output::Verbosity::verbose);
  CHECK_THAT(parse({"run", "s.toml", "--log-format", "jsn"}).error(), Catch::Contains("did you mean \"json\""));
  CHECK_THAT(parse({"run", "s.toml", "-q", "-v"}).error(), Catch::Contains("exclude each other"));
  CHECK_THAT(parse({"check", "s.toml", "--quiet"}).error(), Catch::Contains("unknown option"));
}

namespace {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(JOBWAIT_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "--job-id-from" as a man page writes it: "\-\-job\-id\-from".
std::string roff(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("cli: every command and option in --help is in the man page and the README", "[cli]") {
  const std::string usage = usage_text();
  const std::string man = source_file("docs/jobwait.1");
  const std::string readme = source_file("README.md");
  REQUIRE_FALSE(man.empty());
  std::set<std::string> options;
  for (std::size_t at = usage.find("--"); at != std::string::npos; at = usage.find("--", at + 2)) {
    std::size_t end = at + 2;
    while (end < usage.size() && (std::islower(static_cast<unsigned char>(usage[end])) || usage[end] == '-')) ++end;
    options.insert(usage.substr(at, end - at));
  }
  CHECK(options.count("--job-id-from") == 1);
  for (const std::string& option : options) {
    INFO(option);
    CHECK(man.find(roff(option)) != std::string::npos);
    CHECK(readme.find(option) != std::string::npos);
  }
  const std::string commands = usage.substr(usage.find("commands:"), usage.find("options:") - usage.find("commands:"));
  std::istringstream lines(commands);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 3 || line[0] != ' ' || line[2] == ' ') continue;
    const std::string command = line.substr(2, line.find(' ', 2) - 2);
    INFO(command);
    CHECK(man.find(".B jobwait " + command) != std::string::npos);
    CHECK(readme.find("jobwait " + command) != std::string::npos);
  }
}
