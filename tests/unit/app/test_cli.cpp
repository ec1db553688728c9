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

TEST_CASE("cli: --job-id-from with a JSON Pointer, the provider's by default", "[cli]") {
  CHECK_FALSE(parse({"run", "s.toml", "--job-id-from", "create.json"})->job_id_pointer);  // the provider's default
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

TEST_CASE("cli: the step flags set their keys as --set does, in the order given", "[cli]") {
  auto options = parse({"run", "s.toml", "--provider", "cce", "--id", "42", "--set", "job.id=43", "--region", "eu-west-101",
                        "--endpoint", "http://127.0.0.1:1", "--project-id", "p", "--timeout", "5m", "--interval", "2s"});
  REQUIRE(options);
  using Pair = std::pair<std::string, std::string>;
  CHECK(options->overrides == std::vector<Pair>{{"job.provider", "cce"}, {"job.id", "42"}, {"job.id", "43"},
                                                {"job.region", "eu-west-101"}, {"job.endpoint", "http://127.0.0.1:1"},
                                                {"job.project_id", "p"}, {"wait.timeout", "5m"}, {"wait.interval", "2s"}});
  CHECK(parse({"check", "--provider", "cce", "--id", "1"}));
  CHECK(parse({"explain", "--provider", "cce", "--id", "1"}));
  CHECK_THAT(parse({"run", "s.toml", "--id"}).error(), Catch::Contains("--id needs a value"));
  CHECK(flag_for_key("job.id") == std::optional<std::string_view>("--id"));
  CHECK_FALSE(flag_for_key("wait.max_errors"));
}

TEST_CASE("cli: a step file is optional once the flags name the provider", "[cli]") {
  auto options = parse({"run", "--provider", "cce", "--id", "1", "--region", "ap-southeast-1"});
  REQUIRE(options);
  CHECK(options->step_file.empty());
  CHECK(parse({"run", "--set", "job.provider=cce", "--id", "1"}));
  CHECK_THAT(parse({"run", "--id", "1"}).error(), Catch::Contains("needs a step file, or --provider and --id"));
}

TEST_CASE("cli: --help after a command asks for that command's help", "[cli]") {
  auto options = parse({"check", "s.toml", "--help"});
  REQUIRE(options);
  CHECK(options->command == Command::help);
  CHECK(options->help_for == std::optional<Command>(Command::check));
  CHECK_FALSE(parse({"--help"})->help_for);
}

TEST_CASE("cli: each command's help lists the options it takes, no others", "[cli]") {
  const std::string check = command_help_text(Command::check);
  CHECK_THAT(check, Catch::StartsWith("usage: jobwait check "));
  for (const char* taken : {"--provider P", "--id ID", "--set KEY=VALUE", "--job-id-from", "--job-ids-from", "--help"}) {
    INFO(taken);
    CHECK(check.find(taken) != std::string::npos);
  }
  for (const char* run_only : {"--json", "--result", "--quiet", "--verbose", "--log-format", "--version"}) {
    INFO(run_only);
    CHECK(check.find(run_only) == std::string::npos);
  }
  const std::string run = command_help_text(Command::run);
  CHECK_THAT(run, Catch::Contains("-q, --quiet") && Catch::Contains("--result PATH") && Catch::Contains("exit codes:"));
  CHECK(run.find("jobwait explain") == std::string::npos);
}

TEST_CASE("cli: a usage error points at the help of the command it was for", "[cli]") {
  CHECK(usage_hint({"run", "--bogus"}) == "see 'jobwait run --help'");
  CHECK(usage_hint({"explain"}) == "see 'jobwait explain --help'");
  CHECK(usage_hint({"schema", "x"}) == "see 'jobwait --help'");
  CHECK(usage_hint({"chek"}) == "see 'jobwait --help'");
  CHECK(usage_hint({}) == "see 'jobwait --help'");
}

TEST_CASE("cli: --help names all eight providers", "[cli]") {
  const std::string usage = usage_text();
  for (const char* provider : {"servicestage", "cce", "cae", "ief", "cfw", "v1-jobs", "http", "exec"}) {
    INFO(provider);
    CHECK(usage.find(provider) != std::string::npos);
  }
}
