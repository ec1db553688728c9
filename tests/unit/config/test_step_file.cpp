#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "config/step_file.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;

namespace {

using Env = std::map<std::string, std::string>;
using Sets = std::vector<std::pair<std::string, std::string>>;

LoadOptions with_env(Env env, Sets sets = {}) {
  LoadOptions options;
  options.overrides = std::move(sets);
  options.getenv = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return options;
}

LoadOptions with_sets(Sets sets) { return with_env(Env{}, std::move(sets)); }

StepConfig loaded(std::string_view text, const LoadOptions& options = with_env(Env{})) {
  auto result = parse_step_text(text, "deploy.toml", options);
  if (!result) FAIL(result.error().format());
  return *result;
}

ConfigError rejected(std::string_view text, const LoadOptions& options = with_env(Env{})) {
  auto result = parse_step_text(text, "deploy.toml", options);
  REQUIRE_FALSE(result);
  return result.error();
}

// The least a step file needs. Line 8 is the token; anything appended starts on line 9.
const std::string k_minimal = R"([job]
provider = "cce"
id = "job-1"
project_id = "project-1"
region = "eu-west-101"

[auth]
token = "token-1"
)";

std::string minimal_with(std::string_view more) { return k_minimal + std::string(more); }

}  // namespace

// --- what a good file gives ---------------------------------------------------------------

TEST_CASE("step file: a minimal file loads, with every default", "[config]") {
  const StepConfig config = loaded(k_minimal);
  CHECK(config.file == "deploy.toml");
  CHECK(config.name.empty());
  CHECK(config.job.provider == "cce");
  CHECK(config.job.id == "job-1");
  CHECK(config.job.project_id == "project-1");
  CHECK(config.job.region == "eu-west-101");
  CHECK(config.job.endpoint.empty());
  CHECK(config.auth.token == "token-1");
  CHECK(config.wait.timeout == 30min);
  CHECK(config.wait.interval == 2s);
  CHECK(config.wait.max_interval == 30s);
  CHECK(config.wait.request_timeout == 30s);
  CHECK(config.wait.max_errors == 10);
  CHECK(config.output.result == "jobwait-result.json");
}

TEST_CASE("step file: every key is read", "[config]") {
  const StepConfig config = loaded(R"(name = "deploy api"
[job]
provider = "cae"
id = "job-1"
project_id = "project-1"
endpoint = "http://127.0.0.1:8080/prefix"
environment_id = "env-1"
enterprise_project_id = "ep-1"
instance_id = "inst-1"
[auth]
token = "token-1"
[wait]
timeout = "1h2m"
interval = "500ms"
max_interval = "1m"
request_timeout = "10s"
max_errors = 3
[output]
result = "out/result.json"
)");
  CHECK(config.name == "deploy api");
  CHECK(config.job.provider == "cae");
  CHECK(config.job.endpoint == "http://127.0.0.1:8080/prefix");
  CHECK(config.job.environment_id == "env-1");
  CHECK(config.job.enterprise_project_id == "ep-1");
  CHECK(config.job.instance_id == "inst-1");
  CHECK(config.wait.timeout == 62min);
  CHECK(config.wait.interval == 500ms);
  CHECK(config.wait.max_interval == 1min);
  CHECK(config.wait.request_timeout == 10s);
  CHECK(config.wait.max_errors == 3);
  CHECK(config.output.result == "out/result.json");
}

TEST_CASE("step file: inline tables and dotted keys mean the same as tables", "[config]") {
  const StepConfig config = loaded(R"(job = { provider = "cce", id = "job-1", project_id = "p", region = "eu-de" }
auth.token = "token-1"
wait.timeout = "5m"
)");
  CHECK(config.job.region == "eu-de");
  CHECK(config.auth.token == "token-1");
  CHECK(config.wait.timeout == 5min);
}

TEST_CASE("step file: job.endpoint can stand in for job.region", "[config]") {
  const StepConfig config = loaded(R"([job]
provider = "cce"
id = "job-1"
project_id = "project-1"
endpoint = "http://127.0.0.1:9000"
[auth]
token = "token-1"
)");
  CHECK(config.job.region.empty());
  CHECK(config.job.endpoint == "http://127.0.0.1:9000");
}

TEST_CASE("step file: a duration is a string with units, whole seconds as digits, or a TOML integer", "[config]") {
  const StepConfig config = loaded(minimal_with(R"([wait]
timeout = 300
interval = "3"
max_interval = "1m30s"
request_timeout = "2500ms"
)"));
  CHECK(config.wait.timeout == 5min);
  CHECK(config.wait.interval == 3s);
  CHECK(config.wait.max_interval == 90s);
  CHECK(config.wait.request_timeout == 2500ms);
}

// --- the error line -------------------------------------------------------------------------

TEST_CASE("step file: an error reads file:line:column: key: message", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
id = "job-1"
project_id = "project-1"
region = "eu-west-101"
[wait]
timeout = "5 minutes"
[auth]
token = "token-1"
)");
  CHECK(error.file == "deploy.toml");
  CHECK(error.line == 7);
  CHECK(error.column == 11);
  CHECK(error.key == "wait.timeout");
  CHECK_FALSE(error.from_override);
  CHECK(error.format() ==
        "deploy.toml:7:11: wait.timeout: invalid duration \"5 minutes\" "
        "(use 500ms, 2s, 5m, 1h, 1m30s or whole seconds)");
}

TEST_CASE("step file: of several errors the earliest in the file is reported", "[config]") {
  // toml++ keeps keys sorted; [auth] sorts first but comes last here.
  const ConfigError error = rejected(R"([wait]
timeout = true
[job]
provider = "cce"
id = "job-1"
project_id = "project-1"
region = "eu-west-101"
[auth]
tokn = "token-1"
)");
  CHECK(error.key == "wait.timeout");
  CHECK(error.line == 2);
}

// --- unknown keys and tables ----------------------------------------------------------------

TEST_CASE("step file: an unknown key suggests the closest known one", "[config]") {
  const ConfigError error = rejected(minimal_with("[wait]\ntimout = \"5m\"\n"));
  CHECK(error.line == 10);
  CHECK(error.column == 1);
  CHECK(error.key == "wait.timout");
  CHECK(error.message == "unknown key (did you mean \"timeout\"?)");
  CHECK(error.format() == "deploy.toml:10:1: wait.timout: unknown key (did you mean \"timeout\"?)");
}

TEST_CASE("step file: a key in the wrong table suggests where it belongs", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
timeout = "5m"
)");
  CHECK(error.line == 3);
  CHECK(error.key == "job.timeout");
  CHECK(error.message == "unknown key (did you mean \"wait.timeout\"?)");
}

TEST_CASE("step file: a misspelt key in the wrong table still finds its key", "[config]") {
  const ConfigError error = rejected("[job]\ntiemout = 5\n");
  CHECK(error.key == "job.tiemout");
  CHECK(error.message == "unknown key (did you mean \"wait.timeout\"?)");
  CHECK(rejected("timeout = 5\n" + k_minimal).message == "unknown key (did you mean \"wait.timeout\"?)");
}

TEST_CASE("step file: an unknown top-level key suggests a key or a table", "[config]") {
  const ConfigError misspelt = rejected("nam = \"x\"\n" + k_minimal);
  CHECK(misspelt.key == "nam");
  CHECK(misspelt.message == "unknown key (did you mean \"name\"?)");
  const ConfigError stray = rejected("xylophone = \"red\"\n" + k_minimal);
  CHECK(stray.line == 1);
  CHECK(stray.column == 1);
  CHECK(stray.message == "unknown key");
}

TEST_CASE("step file: an unknown table suggests the closest table", "[config]") {
  const ConfigError error = rejected(minimal_with("[wayt]\ntimeout = \"5m\"\n"));
  CHECK(error.line == 9);
  CHECK(error.column == 2);
  CHECK(error.key == "wayt");
  CHECK(error.message == "unknown table (did you mean \"wait\"?)");
}

TEST_CASE("step file: a table nested in a known table is unknown", "[config]") {
  const ConfigError error = rejected(minimal_with("[job.extra]\nx = 1\n"));
  CHECK(error.key == "job.extra");
  CHECK(error.line == 9);
  CHECK(error.message == "unknown table");
}

TEST_CASE("step file: a quoted key with a dot is one unknown name, not a dotted key", "[config]") {
  const ConfigError error = rejected(k_minimal + "\"wait.timeout\" = \"5m\"\n");
  CHECK(error.key == "auth.wait.timeout");
  CHECK(error.line == 9);
  CHECK_THAT(error.message, Catch::StartsWith("unknown key"));
}

TEST_CASE("step file: a known table name holding a value is a type error", "[config]") {
  const ConfigError error = rejected(R"(wait = "5m")"
                                     "\n" +
                                     k_minimal);
  CHECK(error.key == "wait");
  CHECK(error.line == 1);
  CHECK(error.column == 8);
  CHECK(error.message == "expected a table, got a string");
}

// --- types ----------------------------------------------------------------------------------

TEST_CASE("step file: a value of the wrong type names both types", "[config]") {
  const ConfigError error = rejected(minimal_with("[wait]\ntimeout = true\n"));
  CHECK(error.line == 10);
  CHECK(error.column == 11);
  CHECK(error.key == "wait.timeout");
  CHECK(error.message == "expected a duration (a string such as \"5m\", or whole seconds), got a boolean");

  CHECK(rejected(minimal_with("[wait]\nmax_errors = 2.5\n")).message ==
        "expected an integer, got a floating-point number");
  CHECK(rejected(minimal_with("[wait]\ntimeout = 1.5\n")).message ==
        "expected a duration (a string such as \"5m\", or whole seconds), got a floating-point number");
  CHECK(rejected("name = 1979-05-27\n" + k_minimal).message == "expected a string, got a date");
}

TEST_CASE("step file: an integer where a string belongs says how to quote it", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
id = 123
)");
  CHECK(error.key == "job.id");
  CHECK(error.line == 3);
  CHECK(error.column == 6);
  CHECK(error.message == "expected a string, got an integer (quote it: \"123\")");
}

TEST_CASE("step file: tables and arrays are not accepted in place of values", "[config]") {
  const ConfigError inline_table = rejected(R"([job]
provider = { name = "cce" }
)");
  CHECK(inline_table.key == "job.provider");
  CHECK(inline_table.message == "expected a string, got a table");

  const ConfigError header = rejected(minimal_with("[wait.timeout]\nminutes = 5\n"));
  CHECK(header.key == "wait.timeout");
  CHECK(header.message == "expected a duration (a string such as \"5m\", or whole seconds), got a table");

  const ConfigError array = rejected(R"([job]
id = ["a", "b"]
)");
  CHECK(array.key == "job.id");
  CHECK(array.line == 2);
  CHECK(array.column == 6);
  CHECK(array.message == "expected a string, got an array");
}

// --- values ---------------------------------------------------------------------------------

TEST_CASE("step file: zero and negative durations are rejected", "[config]") {
  const ConfigError zero = rejected(minimal_with("[wait]\ninterval = \"0s\"\n"));
  CHECK(zero.key == "wait.interval");
  CHECK(zero.line == 10);
  CHECK(zero.column == 12);
  CHECK(zero.message == "must be longer than 0s");
  CHECK(rejected(minimal_with("[wait]\ntimeout = 0\n")).message == "must be longer than 0s");
  CHECK(rejected(minimal_with("[wait]\ntimeout = -5\n")).message == "must be longer than 0s, got -5");
  CHECK_THAT(rejected(minimal_with("[wait]\nrequest_timeout = \"-5s\"\n")).message,
             Catch::StartsWith("invalid duration \"-5s\": negative"));
  CHECK_THAT(rejected(minimal_with("[wait]\ntimeout = 999999999999\n")).message, Catch::StartsWith("too long"));
}

TEST_CASE("step file: wait.interval may not exceed wait.max_interval", "[config]") {
  const ConfigError both = rejected(minimal_with("[wait]\ninterval = \"1m\"\nmax_interval = \"10s\"\n"));
  CHECK(both.key == "wait.interval");
  CHECK(both.line == 10);
  CHECK(both.column == 12);
  CHECK(both.message == "1m is longer than wait.max_interval (10s)");

  const ConfigError against_default = rejected(minimal_with("[wait]\nmax_interval = \"1s\"\n"));
  CHECK(against_default.key == "wait.max_interval");
  CHECK(against_default.line == 10);
  CHECK(against_default.column == 16);
  CHECK(against_default.message == "1s is shorter than wait.interval (2s, the default)");

  CHECK(loaded(minimal_with("[wait]\ninterval = \"5s\"\nmax_interval = \"5s\"\n")).wait.interval == 5s);
}

TEST_CASE("step file: wait.max_errors must be at least 1", "[config]") {
  const ConfigError zero = rejected(minimal_with("[wait]\nmax_errors = 0\n"));
  CHECK(zero.key == "wait.max_errors");
  CHECK(zero.line == 10);
  CHECK(zero.column == 14);
  CHECK(zero.message == "must be at least 1, got 0");
  CHECK(rejected(minimal_with("[wait]\nmax_errors = -3\n")).message == "must be at least 1, got -3");
  CHECK(rejected(minimal_with("[wait]\nmax_errors = 3000000000\n")).message == "too large, got 3000000000");
  CHECK(rejected(k_minimal, with_sets({{"wait.max_errors", "99999999999999999999"}})).message ==
        "too large, got 99999999999999999999");
  CHECK(rejected(k_minimal, with_sets({{"wait.max_errors", "-99999999999999999999"}})).message ==
        "must be at least 1, got -99999999999999999999");
}

TEST_CASE("step file: an integer may come as digits in a string, so ${VAR} works", "[config]") {
  CHECK(loaded(minimal_with("[wait]\nmax_errors = \"${MAX_ERRORS:-7}\"\n")).wait.max_errors == 7);
  CHECK(loaded(minimal_with("[wait]\nmax_errors = \"${MAX_ERRORS}\"\n"), with_env(Env{{"MAX_ERRORS", "4"}}))
            .wait.max_errors == 4);
  CHECK(rejected(minimal_with("[wait]\nmax_errors = \"seven\"\n")).message == "invalid integer \"seven\"");
  CHECK(rejected(minimal_with("[wait]\nmax_errors = \" 7\"\n")).message == "invalid integer \" 7\"");
}

TEST_CASE("step file: leading or trailing spaces and control characters are errors, not trimmed", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
id = "job-1 "
)");
  CHECK(error.key == "job.id");
  CHECK(error.line == 3);
  CHECK(error.message == "has leading or trailing spaces or control characters (nothing is trimmed)");

  const ConfigError newline = rejected(k_minimal, with_sets({{"auth.token", "SECRET-abc\n"}}));
  CHECK(newline.key == "auth.token");
  CHECK_THAT(newline.format(), !Catch::Contains("SECRET-abc"));
}

TEST_CASE("step file: job.endpoint is checked when loading", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
endpoint = "ftp://example.com"
)");
  CHECK(error.key == "job.endpoint");
  CHECK(error.line == 3);
  CHECK(error.column == 12);
  CHECK_THAT(error.message,
             Catch::StartsWith("invalid endpoint \"ftp://example.com\": the scheme must be http or https"));
}

TEST_CASE("step file: output.result may not be empty", "[config]") {
  const ConfigError error = rejected(minimal_with("[output]\nresult = \"\"\n"));
  CHECK(error.key == "output.result");
  CHECK(error.message == "must not be empty");
}

// --- required keys --------------------------------------------------------------------------

TEST_CASE("step file: a missing required key points at its table", "[config]") {
  const ConfigError error = rejected(R"(name = "x"

[job]
id = "job-1"
project_id = "project-1"
region = "eu-west-101"
[auth]
token = "token-1"
)");
  CHECK(error.key == "job.provider");
  CHECK(error.line == 3);
  CHECK(error.column == 1);
  CHECK(error.message == "missing required key (add provider under [job])");
}

TEST_CASE("step file: a missing table puts a missing key at the top of the file", "[config]") {
  const ConfigError error = rejected(R"(name = "x"
[auth]
token = "token-1"
)");
  CHECK(error.key == "job.provider");
  CHECK(error.line == 1);
  CHECK(error.column == 1);
  CHECK(error.message == "missing required key (add provider under [job])");
}

// Credentials, region and project may also come from the environment, and a project id can be
// looked up at IAM: auth/resolve.cpp checks those after loading (test_resolve.cpp).
TEST_CASE("step file: credentials, region and project id are not the loader's to require", "[config]") {
  const StepConfig config = loaded(R"([job]
provider = "cce"
id = "job-1"
)");
  CHECK(config.auth.token.empty());
  CHECK(config.job.region.empty());
  CHECK(config.job.project_id.empty());
}

TEST_CASE("step file: each required key is required", "[config]") {
  for (std::string_view line : {"id = \"job-1\"\n", "provider = \"cce\"\n"}) {
    std::string text = k_minimal;
    text.erase(text.find(line), line.size());
    INFO(text);
    CHECK_THAT(rejected(text).message, Catch::StartsWith("missing required key"));
  }
}

TEST_CASE("step file: a required key may not be empty, literally or after expansion", "[config]") {
  const ConfigError literal = rejected(R"([job]
provider = "cce"
id = ""
project_id = "project-1"
region = "eu-west-101"
[auth]
token = "token-1"
)");
  CHECK(literal.key == "job.id");
  CHECK(literal.line == 3);
  CHECK(literal.column == 6);
  CHECK(literal.message == "must not be empty");

  std::string text = k_minimal;
  text.replace(text.find("job-1"), 5, "${JOB_ID:-}");
  const ConfigError expanded = rejected(text);
  CHECK(expanded.key == "job.id");
  CHECK(expanded.line == 3);
  CHECK(expanded.column == 6);
  CHECK(expanded.message == "is empty after environment expansion");
}

TEST_CASE("step file: an empty optional key is fine", "[config]") {
  std::string text = k_minimal;
  text.insert(text.find("[auth]"), "environment_id = \"${CAE_ENV:-}\"\n");
  const StepConfig config = loaded(text);
  CHECK(config.job.environment_id.empty());
}

// --- providers ------------------------------------------------------------------------------

TEST_CASE("step file: an unknown provider suggests a registered one", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("\"cce\""), 5, "\"cc\"");
  const ConfigError error = rejected(text);
  CHECK(error.key == "job.provider");
  CHECK(error.line == 2);
  CHECK(error.column == 12);
  CHECK(error.message == "unknown provider \"cc\" (did you mean \"cce\"?)");
  CHECK(error.format() == "deploy.toml:2:12: job.provider: unknown provider \"cc\" (did you mean \"cce\"?)");
}

TEST_CASE("step file: an unknown provider with no near name lists the registered ones", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("\"cce\""), 5, "\"kubernetes\"");
  CHECK(rejected(text).message == "unknown provider \"kubernetes\" (known: servicestage, cce, cae, ief, cfw, v1-jobs, http, exec)");
}

TEST_CASE("step file: a key the provider requires is reported as missing", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("\"cce\""), 5, "\"cae\"");
  const ConfigError error = rejected(text);
  CHECK(error.key == "job.environment_id");
  CHECK(error.line == 1);  // the [job] header: where the key belongs
  CHECK_THAT(error.message, Catch::Contains("cae provider needs it"));

  text.insert(text.find("[auth]"), "environment_id = \"env-1\"\n");
  CHECK(loaded(text).job.environment_id == "env-1");
}

// --- environment ----------------------------------------------------------------------------

TEST_CASE("step file: ${VAR} is expanded in every string value", "[config]") {
  const StepConfig config = loaded(R"(name = "${NAME}"
[job]
provider = "${PROVIDER}"
id = "${JOB_ID}"
project_id = "${PROJECT}"
endpoint = "${ENDPOINT}/x"
environment_id = "${ENV_ID}"
[auth]
token = "${HW_TOKEN}"
[wait]
timeout = "${TIMEOUT:-10m}"
[output]
result = "${OUT_DIR}/result.json"
)",
                                   with_env(Env{{"NAME", "n"},
                                                {"PROVIDER", "cae"},
                                                {"JOB_ID", "j"},
                                                {"PROJECT", "p"},
                                                {"ENDPOINT", "http://127.0.0.1:1"},
                                                {"ENV_ID", "e"},
                                                {"HW_TOKEN", "t"},
                                                {"OUT_DIR", "/tmp/o"}}));
  CHECK(config.name == "n");
  CHECK(config.job.provider == "cae");
  CHECK(config.job.id == "j");
  CHECK(config.job.project_id == "p");
  CHECK(config.job.endpoint == "http://127.0.0.1:1/x");
  CHECK(config.job.environment_id == "e");
  CHECK(config.auth.token == "t");
  CHECK(config.wait.timeout == 10min);
  CHECK(config.output.result == "/tmp/o/result.json");
}

TEST_CASE("step file: an unset variable is an error naming the key and the variable", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("\"token-1\""), 9, "\"${HW_TOKEN}\"");
  const ConfigError error = rejected(text);
  CHECK(error.key == "auth.token");
  CHECK(error.line == 8);
  CHECK(error.column == 9);
  CHECK(error.format() == "deploy.toml:8:9: auth.token: environment variable HW_TOKEN is not set");
}

TEST_CASE("step file: a malformed reference in a secret does not quote the secret", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("token-1"), 7, "SECRET-abc${A-B}");
  const ConfigError error = rejected(text);
  CHECK(error.key == "auth.token");
  CHECK_THAT(error.message, Catch::StartsWith("invalid ${...} reference"));
  CHECK_THAT(error.format(), !Catch::Contains("SECRET-abc"));

  CHECK_THAT(rejected("name = \"${A-B}\"\n" + k_minimal).message, Catch::Contains("\"${A-B}\""));
}

TEST_CASE("step file: $$ is a literal dollar", "[config]") {
  CHECK(loaded("name = \"cost $$5\"\n" + k_minimal).name == "cost $5");
}

// --- --set overrides ------------------------------------------------------------------------

TEST_CASE("step file: --set replaces a value from the file", "[config]") {
  const StepConfig config = loaded(k_minimal, with_sets({{"job.id", "job-2"}, {"job.region", "eu-de"}}));
  CHECK(config.job.id == "job-2");
  CHECK(config.job.region == "eu-de");
}

TEST_CASE("step file: --set adds a key the file does not have", "[config]") {
  const StepConfig config = loaded(k_minimal, with_sets({{"wait.timeout", "5m"},
                                                         {"wait.max_errors", "3"},
                                                         {"output.result", "out.json"},
                                                         {"job.instance_id", "inst-1"}}));
  CHECK(config.wait.timeout == 5min);
  CHECK(config.wait.max_errors == 3);
  CHECK(config.output.result == "out.json");
  CHECK(config.job.instance_id == "inst-1");
}

TEST_CASE("step file: --set can supply a required key and a whole table", "[config]") {
  std::string text = k_minimal;
  text.erase(text.find("[auth]"));
  const StepConfig config = loaded(text, with_sets({{"auth.token", "from-set"}}));
  CHECK(config.auth.token == "from-set");
}

TEST_CASE("step file: overrides apply in order, the last one winning", "[config]") {
  const StepConfig config = loaded(k_minimal, with_sets({{"wait.timeout", "5m"}, {"wait.timeout", "7m"}}));
  CHECK(config.wait.timeout == 7min);
}

TEST_CASE("step file: --set values are expanded too", "[config]") {
  const StepConfig config =
      loaded(k_minimal, with_env(Env{{"HW_TOKEN", "env-token"}}, {{"auth.token", "${HW_TOKEN}"}, {"name", "$$x"}}));
  CHECK(config.auth.token == "env-token");
  CHECK(config.name == "$x");
}

TEST_CASE("step file: --set of an unknown key suggests the closest key", "[config]") {
  const ConfigError error = rejected(k_minimal, with_sets({{"wait.timout", "5m"}}));
  CHECK(error.from_override);
  CHECK(error.file == "deploy.toml");
  CHECK(error.line == 0);
  CHECK(error.column == 0);
  CHECK(error.key == "wait.timout");
  CHECK(error.message == "unknown key (did you mean \"wait.timeout\"?)");
  CHECK(error.format() == "deploy.toml: --set wait.timout: unknown key (did you mean \"wait.timeout\"?)");

  CHECK(rejected(k_minimal, with_sets({{"timeout", "5m"}})).message == "unknown key (did you mean \"wait.timeout\"?)");
  CHECK(rejected(k_minimal, with_sets({{"wait", "5m"}})).message == "unknown key");
}

TEST_CASE("step file: a bad --set value is reported against the --set", "[config]") {
  const ConfigError error = rejected(k_minimal, with_sets({{"wait.timeout", "5 minutes"}}));
  CHECK(error.from_override);
  CHECK(error.key == "wait.timeout");
  CHECK(error.format() ==
        "deploy.toml: --set wait.timeout: invalid duration \"5 minutes\" "
        "(use 500ms, 2s, 5m, 1h, 1m30s or whole seconds)");

  CHECK(rejected(k_minimal, with_sets({{"wait.max_errors", "x"}})).message == "invalid integer \"x\"");
  CHECK(rejected(k_minimal, with_sets({{"job.endpoint", "example.com"}})).key == "job.endpoint");
  CHECK(rejected(k_minimal, with_sets({{"job.id", "${JOB}"}})).message == "environment variable JOB is not set");
}

TEST_CASE("step file: a check after the overrides points at the --set that broke it", "[config]") {
  const ConfigError empty = rejected(k_minimal, with_sets({{"job.id", ""}}));
  CHECK(empty.from_override);
  CHECK(empty.key == "job.id");
  CHECK(empty.message == "must not be empty");

  const ConfigError interval = rejected(k_minimal, with_sets({{"wait.interval", "1m"}}));
  CHECK(interval.format() == "deploy.toml: --set wait.interval: 1m is longer than wait.max_interval (30s)");

  const ConfigError provider = rejected(k_minimal, with_sets({{"job.provider", "ccee"}}));
  CHECK(provider.format() == "deploy.toml: --set job.provider: unknown provider \"ccee\" (did you mean \"cce\"?)");
}

// --- syntax, reading, and where the artifact goes -------------------------------------------

TEST_CASE("step file: a TOML syntax error keeps toml++'s line, column and description", "[config]") {
  const ConfigError error = rejected("[job]\nprovider = \n");
  CHECK(error.file == "deploy.toml");
  CHECK(error.line == 2);
  CHECK(error.column == 12);
  CHECK(error.key.empty());
  CHECK_FALSE(error.result_path);
  CHECK_THAT(error.format(), Catch::StartsWith("deploy.toml:2:12: ") && Catch::Contains("expected"));

  CHECK(rejected("[job]\nid = 'a'\nid = 'b'\n").line == 3);
}

TEST_CASE("step file: the artifact path is known despite an error once the TOML parsed", "[config]") {
  CHECK(rejected(minimal_with("[wait]\ntimeout = true\n")).result_path == "jobwait-result.json");
  CHECK(rejected(minimal_with("[wait]\ntimeout = true\n[output]\nresult = \"${DIR}/r.json\"\n"),
                 with_env(Env{{"DIR", "/tmp/d"}}))
            .result_path == "/tmp/d/r.json");
  CHECK(rejected(minimal_with("[output]\nresult = \"r.json\"\n"), with_sets({{"wait.timeout", "x"}})).result_path ==
        "r.json");
  CHECK(rejected(k_minimal, with_sets({{"job.provider", "x"}, {"output.result", "set.json"}})).result_path ==
        "set.json");
}

TEST_CASE("step file: the artifact path is unknown when output.result itself is broken", "[config]") {
  CHECK_FALSE(rejected(minimal_with("[output]\nresult = 5\n")).result_path);
  CHECK_FALSE(rejected(minimal_with("[output]\nresult = \"${UNSET}\"\n")).result_path);
  CHECK_FALSE(rejected("output = 5\n" + k_minimal).result_path);
}

TEST_CASE("step file: a missing file is an error with the system's reason", "[config]") {
  auto result = load_step_file("/nonexistent/jobwait/deploy.toml", with_env(Env{}));
  REQUIRE_FALSE(result);
  const ConfigError& error = result.error();
  CHECK(error.file == "/nonexistent/jobwait/deploy.toml");
  CHECK(error.line == 0);
  CHECK(error.key.empty());
  CHECK_FALSE(error.result_path);
  CHECK(error.format() == "/nonexistent/jobwait/deploy.toml: cannot read the step file: No such file or directory");
}

TEST_CASE("step file: a directory is not a step file", "[config]") {
  auto result = load_step_file(std::filesystem::temp_directory_path().string(), with_env(Env{}));
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("Is a directory"));
}

TEST_CASE("step file: a file on disk loads like its text", "[config]") {
  // A name of its own, so that builds testing side by side do not share the file.
  const auto path = std::filesystem::temp_directory_path() /
                    ("jobwait-test-step-file-" + std::to_string(std::random_device{}()) + ".toml");
  std::ofstream(path) << k_minimal;
  auto result = load_step_file(path.string(), with_env(Env{}));
  std::filesystem::remove(path);
  REQUIRE(result);
  CHECK(result->file == path.string());
  CHECK(result->job.id == "job-1");
}

TEST_CASE("step file: [exit_codes] takes 0 to 255 per outcome", "[step_file]") {
  const std::string base = "[job]\nprovider = \"cce\"\nid = \"j\"\nproject_id = \"p\"\nregion = \"r\"\n[auth]\ntoken = \"t\"\n";
  const StepConfig step = loaded(base + "[exit_codes]\ntimed_out = 0\nfailed = 42\n");
  CHECK(step.exit_codes.timed_out == 0);
  CHECK(step.exit_codes.failed == 42);
  CHECK(step.exit_codes.cancelled == 7);
  CHECK(loaded(base, with_sets({{"exit_codes.api_error", "0"}})).exit_codes.api_error == 0);
  CHECK_THAT(rejected(base + "[exit_codes]\nfailed = 256\n").format(),
             Catch::Contains("deploy.toml:9:10: exit_codes.failed: an exit code is 0 to 255, got 256"));
  CHECK_THAT(rejected(base + "[exit_codes]\ntimeout = 0\n").format(), Catch::Contains("did you mean \"timed_out\""));
  CHECK_THAT(rejected(base + "[exit_codes]\ninterrupted = 0\n").format(), Catch::Contains("unknown key"));
}

// --- declared providers: [job.http], arrays, tables, JSON Pointers, presets, exec ----------

namespace {

const std::string k_http = R"([job]
provider = "http"
id = "job-1"
project_id = "project-1"
endpoint = "https://jobs.example.com"

[job.http]
path = "/v1/{project_id}/jobs/{job_id}"
status = "/status"
success = ["SUCCESS"]
failure = ["FAIL"]

[auth]
token = "token-1"
)";

const std::string k_v1_jobs = R"([job]
provider = "v1-jobs"
service = "ecs"
id = "job-1"
project_id = "project-1"
region = "ap-southeast-1"

[auth]
token = "token-1"
)";

std::string with_http(std::string_view more) {
  std::string text = k_http;
  text.insert(text.find("\n[auth]"), "\n" + std::string(more));
  return text;
}

}  // namespace

TEST_CASE("step file: [job.http] declares a job API with arrays, a table and pointers", "[config]") {
  const StepConfig config = loaded(with_http(R"(method = "POST"
body = '{"id": "{job_id}"}'
headers = { X-Tenant = "team-a", X-Trace = "${TRACE:-off}" }
message = "/fail_reason"
tasks = "/entities/sub_jobs"
task_status = "/status"
pending = ["INIT"]
running = ["RUNNING", "${EXTRA_RUNNING}"])"),
                                    with_env({{"EXTRA_RUNNING", "ROLLING"}}));
  const HttpSpec& http = config.job.http;
  CHECK(http.path == "/v1/{project_id}/jobs/{job_id}");
  CHECK(http.method == "POST");
  CHECK(http.body == R"({"id": "{job_id}"})");
  CHECK(http.headers == StringMap{{"X-Tenant", "team-a"}, {"X-Trace", "off"}});
  CHECK(http.status == "/status");
  CHECK(http.tasks == "/entities/sub_jobs");
  CHECK(http.success == std::vector<std::string>{"SUCCESS"});
  CHECK(http.running == std::vector<std::string>{"RUNNING", "ROLLING"});  // ${VAR} inside arrays too
  CHECK(http.method != HttpSpec{}.method);
}

TEST_CASE("step file: provider http needs its declaration, reported under [job.http]", "[config]") {
  std::string text = k_http;
  text.erase(text.find("status = \"/status\"\n"), std::string("status = \"/status\"\n").size());
  const ConfigError error = rejected(text);
  CHECK(error.key == "job.http.status");
  CHECK(error.line == 7);  // the [job.http] header
  CHECK_THAT(error.message, Catch::Contains("add status under [job.http]"));
}

TEST_CASE("step file: a JSON Pointer is checked where it is written", "[config]") {
  const ConfigError error = rejected(with_http("message = \"fail_reason\""));
  CHECK(error.key == "job.http.message");
  CHECK(error.line == 13);
  CHECK_THAT(error.message, Catch::Contains("starts with '/'"));
}

TEST_CASE("step file: arrays and tables only where the key takes them", "[config]") {
  CHECK_THAT(rejected(with_http("path2 = 1")).format(), Catch::Contains("unknown key"));
  CHECK_THAT(rejected(with_http("message = [\"/a\"]")).message, Catch::Contains("expected a JSON Pointer"));
  CHECK_THAT(rejected(with_http("pending = \"INIT\"")).message,
             Catch::Contains("expected an array of strings, got a string"));
  CHECK_THAT(rejected(with_http("pending = [\"INIT\", 2]")).message, Catch::Contains("an array holding an integer"));
  CHECK_THAT(rejected(with_http("pending = [\"\"]")).message, Catch::Contains("item 1 is empty"));
  CHECK_THAT(rejected(with_http("headers = { X-Count = 2 }")).message, Catch::Contains("a table holding an integer"));
  CHECK_THAT(rejected(with_http("headers = \"X-A: 1\"")).message, Catch::Contains("expected a table of strings"));
  CHECK_THAT(rejected(with_http("headers = { X-A = \"1\\r\\nX-Injected: 2\" }")).message,
             Catch::Contains("control characters"));
}

TEST_CASE("step file: a misspelt [job.http] key or table gets a suggestion", "[config]") {
  CHECK_THAT(rejected(with_http("stauts = \"/x\"")).format(), Catch::Contains("did you mean \"status\""));
  std::string text = k_http;
  text.replace(text.find("[job.http]"), 10, "[job.htp]");
  CHECK_THAT(rejected(text).format(), Catch::Contains("unknown table (did you mean \"http\"?)"));
}

TEST_CASE("step file: --set takes a TOML array or inline table for those keys", "[config]") {
  const StepConfig config =
      loaded(k_http, with_sets({{"job.http.success", R"(["SUCCESS", "DONE"])"},
                                {"job.http.headers", R"({ X-Tenant = "b" })"},
                                {"job.http.pending", "INIT"}}));
  CHECK(config.job.http.success == std::vector<std::string>{"SUCCESS", "DONE"});
  CHECK(config.job.http.headers == StringMap{{"X-Tenant", "b"}});
  CHECK(config.job.http.pending == std::vector<std::string>{"INIT"});  // one bare string: a list of one
  const ConfigError bad = rejected(k_http, with_sets({{"job.http.success", "[\"A\", "}}));
  CHECK(bad.from_override);
  CHECK_THAT(bad.message, Catch::Contains("expected an array of strings"));
  CHECK_THAT(rejected(k_http, with_sets({{"job.http.headers", "X-A=1"}})).message,
             Catch::Contains("such as { Name = \"value\" }"));
}

TEST_CASE("step file: v1-jobs loads its preset into job.http", "[config]") {
  const StepConfig config = loaded(k_v1_jobs);
  const HttpSpec& http = config.job.http;
  CHECK(http.path == "/v1/{project_id}/jobs/{job_id}");
  CHECK(http.status == "/status");
  CHECK(http.tasks == "/entities/sub_jobs");
  CHECK(http.success == std::vector<std::string>{"SUCCESS"});
  CHECK(http.failure == std::vector<std::string>{"FAIL"});
  CHECK(http.pending == std::vector<std::string>{"INIT", "PENDING_PAYMENT"});
  CHECK(http.stalled == std::vector<std::string>{"PENDING_PAYMENT"});
}

TEST_CASE("step file: the step file's [job.http] keys beat the preset's", "[config]") {
  // Failing fast on an unpaid order: PENDING_PAYMENT leaves pending and stalled.
  const StepConfig config = loaded(k_v1_jobs + "[job.http]\nfailure = [\"FAIL\", \"PENDING_PAYMENT\"]\nmessage = \"/error_code\"\n");
  const HttpSpec& http = config.job.http;
  CHECK(http.failure == std::vector<std::string>{"FAIL", "PENDING_PAYMENT"});
  CHECK(http.pending == std::vector<std::string>{"INIT"});
  CHECK(http.stalled.empty());
  CHECK(http.message == "/error_code");
  CHECK(http.status == "/status");  // not given: the preset's
}

TEST_CASE("step file: v1-jobs needs job.service for its host unless an endpoint is given", "[config]") {
  std::string text = k_v1_jobs;
  text.erase(text.find("service = \"ecs\"\n"), std::string("service = \"ecs\"\n").size());
  const ConfigError error = rejected(text);
  CHECK(error.key == "job.service");
  CHECK_THAT(error.message, Catch::Contains("ecs, evs, ims or vpc"));
  CHECK(loaded(text, with_sets({{"job.endpoint", "https://ecs.example.com"}})).job.service.empty());
}

TEST_CASE("step file: keys a provider never reads are errors, not silently ignored", "[config]") {
  const ConfigError http = rejected(minimal_with("[job.http]\nstatus = \"/status\"\n"));
  CHECK(http.key == "job.http.status");
  CHECK(http.line == 10);
  CHECK_THAT(http.message, Catch::Contains("cce does not"));
  CHECK_THAT(rejected(k_minimal, with_sets({{"job.service", "ecs"}})).message, Catch::Contains("host label is fixed"));
  CHECK_THAT(rejected(k_minimal, with_sets({{"job.command", "./status.sh"}})).message,
             Catch::Contains("only provider \"exec\""));
}

TEST_CASE("step file: exec needs a command, not a project, host or token", "[config]") {
  const StepConfig config = loaded("[job]\nprovider = \"exec\"\nid = \"job-1\"\ncommand = [\"sh\", \"-c\", \"echo\"]\n");
  CHECK(config.job.command == std::vector<std::string>{"sh", "-c", "echo"});
  CHECK(config.job.project_id.empty());
  const ConfigError missing = rejected("[job]\nprovider = \"exec\"\nid = \"job-1\"\n");
  CHECK(missing.key == "job.command");
  CHECK_THAT(missing.message, Catch::Contains("add command under [job]"));
  const ConfigError absent = rejected("[job]\nprovider = \"exec\"\nid = \"job-1\"\ncommand = [\"./no-such-status.sh\"]\n");
  CHECK(absent.key == "job.command");
  CHECK(absent.line == 4);
  CHECK_THAT(absent.message, Catch::Contains("not an executable file"));
  CHECK_THAT(rejected("[job]\nprovider = \"exec\"\nid = \"j\"\ncommand = \"sh -c echo\"\n").message,
             Catch::Contains("expected an array of strings, got a string"));
}

// --- robustness: the wait policies and input no one meant to write ------------------------

TEST_CASE("step file: the wait policies have their defaults and read their values", "[config]") {
  const StepConfig defaults = loaded(k_minimal);
  CHECK(defaults.wait.connect_timeout == 10s);
  CHECK(defaults.wait.not_found_grace == 30s);
  CHECK(defaults.wait.on_unknown == "wait");
  CHECK(defaults.wait.confirm == 1);
  CHECK(defaults.wait.stall_warning == 10min);
  const StepConfig set = loaded(minimal_with(
      "[wait]\nconnect_timeout = \"3s\"\nnot_found_grace = \"2m\"\non_unknown = \"fail\"\nconfirm = 3\n"
      "stall_warning = \"90s\"\n"));
  CHECK(set.wait.connect_timeout == 3s);
  CHECK(set.wait.not_found_grace == 2min);
  CHECK(set.wait.on_unknown == "fail");
  CHECK(set.wait.confirm == 3);
  CHECK(set.wait.stall_warning == 90s);
}

TEST_CASE("step file: a key with a fixed set of values names them and suggests one", "[config]") {
  const ConfigError error = rejected(minimal_with("[wait]\non_unknown = \"Fail\"\n"));
  CHECK(error.key == "wait.on_unknown");
  CHECK(error.line == 10);
  CHECK(error.message == "must be \"wait\" or \"fail\", got \"Fail\" (did you mean \"fail\"?)");
  CHECK(rejected(k_minimal, with_sets({{"wait.on_unknown", "ignore"}})).message ==
        "must be \"wait\" or \"fail\", got \"ignore\"");
  CHECK(rejected(minimal_with("[wait]\non_unknown = \"\"\n")).message == "must not be empty");
  CHECK(loaded(k_minimal, with_sets({{"wait.on_unknown", "${POLICY:-fail}"}})).wait.on_unknown == "fail");
}

TEST_CASE("step file: not_found_grace may be zero, other durations and confirm may not", "[config]") {
  CHECK(loaded(minimal_with("[wait]\nnot_found_grace = \"0s\"\n")).wait.not_found_grace == 0s);
  CHECK(loaded(minimal_with("[wait]\nnot_found_grace = 0\n")).wait.not_found_grace == 0s);
  CHECK(rejected(minimal_with("[wait]\nstall_warning = \"0s\"\n")).message == "must be longer than 0s");
  CHECK(rejected(minimal_with("[wait]\nconnect_timeout = 0\n")).message == "must be longer than 0s");
  CHECK(rejected(minimal_with("[wait]\nconfirm = 0\n")).message == "must be at least 1, got 0");
  CHECK(rejected(minimal_with("[wait]\nnot_found_grace = -1\n")).key == "wait.not_found_grace");
}

TEST_CASE("step file: empty, binary and non-UTF-8 text is an error, never a crash", "[config]") {
  CHECK(rejected("").key == "job.provider");  // nothing there: the first missing key
  std::string binary(512, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 37) & 0xff);
  CHECK(rejected(binary).line >= 1);
  CHECK(rejected(minimal_with("name = \"caf\xC3\x28\"\n")).line == 9);
  CHECK(rejected(minimal_with("# \xFF\n")).line == 9);
  CHECK(rejected(minimal_with(std::string("name = \"a\0b\"\n", 13))).line == 9);
}

TEST_CASE("step file: duplicate keys and tables are errors", "[config]") {
  CHECK(rejected(minimal_with("[wait]\ntimeout = \"1m\"\ntimeout = \"2m\"\n")).line == 11);
  CHECK(rejected(minimal_with("[auth]\n")).line == 9);
}

TEST_CASE("step file: deep nesting is an error, never a stack overflow", "[config]") {
  CHECK(rejected("x = " + std::string(100000, '[') + std::string(100000, ']')).line == 1);
  std::string inline_tables = "job = ";
  for (int i = 0; i < 100000; ++i) inline_tables += "{a=";
  CHECK(rejected(inline_tables + "1" + std::string(100000, '}')).line == 1);
  std::string header = "[job";
  for (int i = 0; i < 20000; ++i) header += ".a";
  CHECK(rejected(header + "]\n").key == "job.a");
}

TEST_CASE("step file: a file over 1 MiB is refused before parsing", "[config]") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("jobwait-test-huge-" + std::to_string(std::random_device{}()) + ".toml");
  std::ofstream(path) << k_minimal << std::string(1024 * 1024, '#') << "\n";
  auto result = load_step_file(path.string(), with_env(Env{}));
  std::filesystem::remove(path);
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("larger than 1024 KiB"));
  CHECK_FALSE(result.error().result_path);
}

// --- booleans, and the auth, TLS and ServiceStage keys ----------------------------------------

TEST_CASE("step file: a boolean key takes true or false, in the file or by --set", "[config]") {
  const StepConfig file = loaded(minimal_with("[tls]\ninsecure = true\n"));
  CHECK(file.tls.insecure);
  CHECK_FALSE(loaded(k_minimal).tls.insecure);
  const StepConfig set = loaded(k_minimal, with_sets({{"tls.insecure", "true"}}));
  CHECK(set.tls.insecure);
  CHECK_FALSE(loaded(k_minimal, with_sets({{"tls.insecure", "false"}})).tls.insecure);

  const ConfigError text = rejected(minimal_with("[tls]\ninsecure = \"yes\"\n"));
  CHECK(text.key == "tls.insecure");
  CHECK(text.message == "expected true or false, got \"yes\"");
  const ConfigError bad_set = rejected(k_minimal, with_sets({{"tls.insecure", "yes"}}));
  CHECK(bad_set.message == "expected true or false, got \"yes\"");
  const ConfigError number = rejected(minimal_with("[tls]\ninsecure = 1\n"));
  CHECK(number.message == "expected a boolean (true or false), got an integer");
}

TEST_CASE("step file: a boolean is not a string, a duration or a number", "[config]") {
  const ConfigError name = rejected("name = true\n" + k_minimal);
  CHECK(name.key == "name");
  CHECK(name.message == "expected a string, got a boolean");
  const ConfigError timeout = rejected(minimal_with("[wait]\ntimeout = false\n"));
  CHECK(timeout.key == "wait.timeout");
  CHECK_THAT(timeout.message, Catch::StartsWith("expected a duration") && Catch::EndsWith("got a boolean"));
}

TEST_CASE("step file: job.cloud is huaweicloud or otc", "[config]") {
  std::string text = k_minimal;
  text.insert(text.find("[auth]"), "cloud = \"otc\"\n");
  CHECK(loaded(text).job.cloud == "otc");
  CHECK(loaded(k_minimal).job.cloud == "huaweicloud");
  const ConfigError error = rejected(k_minimal, with_sets({{"job.cloud", "otcc"}}));
  CHECK(error.key == "job.cloud");
  CHECK_THAT(error.message, Catch::Contains("\"huaweicloud\" or \"otc\"") && Catch::Contains("did you mean \"otc\"?"));
}

TEST_CASE("step file: AK/SK, password and TLS keys land in their members", "[config]") {
  const StepConfig config = loaded(R"([job]
provider = "servicestage"
id = "job-1"
region = "eu-de"
limit = 50
offset = 0
desc = true
[auth]
access_key = "${AK}"
secret_key = "${SK}"
security_token = "${STS:-}"
signing = "V11-HMAC-SHA256"
iam_endpoint = "https://iam.example.com"
token_cache = "/tmp/tokens"
[tls]
ca_file = "/etc/ssl/certs/ca-certificates.crt"
)",
                                   with_env(Env{{"AK", "AK-1"}, {"SK", "SK-1"}}));
  CHECK(config.auth.access_key == "AK-1");
  CHECK(config.auth.secret_key == "SK-1");
  CHECK(config.auth.security_token.empty());
  CHECK(config.auth.signing == "V11-HMAC-SHA256");
  CHECK(config.auth.iam_endpoint == "https://iam.example.com");
  CHECK(config.auth.token_cache == "/tmp/tokens");
  CHECK(config.tls.ca_file == "/etc/ssl/certs/ca-certificates.crt");
  CHECK(config.job.limit == 50);
  CHECK(config.job.offset == 0);
  CHECK(config.job.desc);
  const ConfigError signing = rejected(k_minimal, with_sets({{"auth.signing", "HMAC"}}));
  CHECK(signing.key == "auth.signing");
}

TEST_CASE("step file: ServiceStage's paging keys are refused for other providers, where they are", "[config]") {
  const ConfigError error = rejected(k_minimal, with_sets({{"job.desc", "true"}}));
  CHECK(error.key == "job.desc");
  CHECK_THAT(error.message, Catch::StartsWith("only provider \"servicestage\""));
  std::string text = k_minimal;
  text.insert(text.find("[auth]"), "limit = 10\n");
  const ConfigError in_file = rejected(text);
  CHECK(in_file.key == "job.limit");
  CHECK(in_file.line == 7);
}

// --- [[jobs]]: several jobs in one step ----------------------------------------------------

TEST_CASE("step file: [[jobs]] gives one entry per job, each a whole [job] with its own auth", "[config]") {
  const StepConfig config = loaded(R"([[jobs]]
provider = "cce"
id = "node-1"
project_id = "p"
region = "eu-west-101"

[[jobs]]
provider = "cfw"
id = "rule-7"
project_id = "q"
endpoint = "http://127.0.0.1:8080"
[jobs.auth]
token = "other-token"

[auth]
token = "token-1"

[wait]
mode = "any"
fail_fast = true
max_requests_per_second = 50
max_concurrent_per_host = 3
)");
  REQUIRE(config.jobs.size() == 2);
  CHECK(config.jobs[0].job.provider == "cce");
  CHECK(config.jobs[0].job.id == "node-1");
  CHECK(config.jobs[0].auth.token == "token-1");
  CHECK(config.jobs[1].job.provider == "cfw");
  CHECK(config.jobs[1].job.endpoint == "http://127.0.0.1:8080");
  CHECK(config.jobs[1].auth.token == "other-token");
  CHECK(config.job.id == "node-1");  // the first entry is also the step's [job]
  CHECK(config.wait.mode == "any");
  CHECK(config.wait.fail_fast);
  CHECK(config.wait.max_requests_per_second == 50);
  CHECK(config.wait.max_concurrent_per_host == 3);
  const auto secrets = config.secrets();
  CHECK(std::find(secrets.begin(), secrets.end(), "other-token") != secrets.end());
}

TEST_CASE("step file: a single [job] has no [[jobs]] entries and waits on all by default", "[config]") {
  const StepConfig config = loaded(k_minimal);
  CHECK(config.jobs.empty());
  CHECK(config.wait.mode == "all");
  CHECK_FALSE(config.wait.fail_fast);
}

TEST_CASE("step file: [job] and [[jobs]] exclude each other", "[config]") {
  const ConfigError error = rejected(minimal_with("[[jobs]]\nprovider = \"cce\"\nid = \"x\"\nproject_id = \"p\"\n"));
  CHECK(error.key == "jobs");
  CHECK(error.line == 1);
  CHECK_THAT(error.message, Catch::Contains("exclude each other"));
}

TEST_CASE("step file: an entry of [[jobs]] is checked like a [job], at its own line", "[config]") {
  const ConfigError error = rejected(R"([[jobs]]
provider = "cce"
id = "a"
project_id = "p"
region = "eu-west-101"
[[jobs]]
provider = "cce"
id = "b"
project_id = "p"
regoin = "eu-west-101"
[auth]
token = "t"
)");
  CHECK(error.key == "job.regoin");
  CHECK(error.line == 10);
  CHECK_THAT(error.message, Catch::Contains("did you mean"));
}

TEST_CASE("step file: the same job twice in [[jobs]] is an error", "[config]") {
  const ConfigError error = rejected(R"([[jobs]]
provider = "cce"
id = "a"
project_id = "p"
region = "eu-west-101"
[[jobs]]
provider = "cce"
id = "a"
project_id = "p"
region = "eu-west-101"
[auth]
token = "t"
)");
  CHECK(error.key == "jobs");
  CHECK_THAT(error.message, Catch::Contains("listed twice"));
}

TEST_CASE("step file: wait.mode is all or any", "[config]") {
  const ConfigError error = rejected(minimal_with("[wait]\nmode = \"some\"\n"));
  CHECK(error.key == "wait.mode");
}
