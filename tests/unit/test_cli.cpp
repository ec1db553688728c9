#include <catch2/catch.hpp>

#include "cli.hpp"

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
