#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "config/step_file.hpp"
#include "step_text.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;
using namespace jobwait::config::test;

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
  // Issue 13, item 7: a duration in words gets the form it means instead of the list of forms.
  CHECK(error.format() ==
        "deploy.toml:7:11: wait.timeout: invalid duration \"5 minutes\": did you mean \"5m\"? "
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
        "deploy.toml: --set wait.timeout: invalid duration \"5 minutes\": did you mean \"5m\"? "
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

// --- issue 13: what a newcomer meets ----------------------------------------------------------

TEST_CASE("step file: a key --set gives is not read from the file, so its ${VAR} need not be set", "[config]") {
  const std::string text = "[job]\nprovider = \"cce\"\nid = \"${CCE_JOB_ID}\"\nproject_id = \"p\"\nregion = \"r\"\n";
  // Without the --set the variable is needed, as before.
  CHECK(rejected(text).message == "environment variable CCE_JOB_ID is not set");
  const StepConfig config = loaded(text, with_sets({{"job.id", "from-set"}}));
  CHECK(config.job.id == "from-set");
  // Not typed either: a value of the wrong type that a --set replaces is no error.
  CHECK(loaded(minimal_with("[wait]\ntimeout = true\n"), with_sets({{"wait.timeout", "5m"}})).wait.timeout == 5min);
  // The --set's own value is still expanded.
  CHECK(loaded(text, with_env(Env{{"ID", "env-id"}}, {{"job.id", "${ID}"}})).job.id == "env-id");
}

TEST_CASE("step file: every problem with the values is reported in one run, in the order of the file", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
id = "${UNSET_ID}"
project_id = "project-1"
region = "eu-west-101"
[wait]
timeout = "30 minutes"
intervall = "1s"
max_errors = true
[auth]
token = "token-1"
)",
                                     with_sets({{"wait.confirm", "zero"}, {"job.idd", "1"}}));
  // The first in the file is the one the artifact records.
  CHECK(error.key == "job.id");
  CHECK(error.line == 3);
  const std::vector<std::string> lines = error.lines();
  CHECK(lines == std::vector<std::string>{
                     "deploy.toml:3:6: job.id: environment variable UNSET_ID is not set",
                     "deploy.toml:7:11: wait.timeout: invalid duration \"30 minutes\": did you mean \"30m\"? (use 500ms, 2s, 5m, "
                     "1h, 1m30s or whole seconds)",
                     "deploy.toml:8:1: wait.intervall: unknown key (did you mean \"interval\"?)",
                     "deploy.toml:9:14: wait.max_errors: expected an integer, got a boolean",
                     "deploy.toml: --set wait.confirm: invalid integer \"zero\"",
                     "deploy.toml: --set job.idd: unknown key (did you mean \"job.id\"?)",
                 });
}

TEST_CASE("step file: at most 20 problems are kept, and the rest counted", "[config]") {
  std::string text = k_minimal + "[wait]\n";
  for (int i = 0; i < 25; ++i) text += "unknown_" + std::to_string(i) + " = 1\n";
  const ConfigError error = rejected(text);
  CHECK(error.others.size() == 19);
  CHECK(error.not_reported == 5);
  const std::vector<std::string> lines = error.lines();
  REQUIRE(lines.size() == 21);
  CHECK(lines.back() == "deploy.toml: 5 more problems not shown; fix these first");
}

TEST_CASE("step file: the checks of the whole come once the values are sound", "[config]") {
  // A misspelt key is not also reported as the missing key it was meant to be.
  const ConfigError misspelt = rejected("[job]\nprovider = \"cce\"\nide = \"job-1\"\n");
  CHECK(misspelt.key == "job.ide");
  CHECK(misspelt.others.empty());
  // With sound values, every check that fails is reported.
  const ConfigError checks =
      rejected(minimal_with("[job.http]\nstatus = \"/status\"\n[wait]\ninterval = \"1m\"\n"), with_sets({{"job.service", "ecs"}}));
  std::vector<std::string> keys{checks.key};
  for (const ConfigError& other : checks.others) keys.push_back(other.key);
  CHECK(keys == std::vector<std::string>{"job.http.status", "job.service", "wait.interval"});
}

TEST_CASE("step file: a TOML syntax error names the key whose line it is on", "[config]") {
  const ConfigError error = rejected("[job]\nprovider = \"cce\"\n[wait]\ntimeout = 30m\n");
  CHECK(error.line == 4);
  CHECK(error.key.empty());  // the artifact's key stays that of a syntax error
  CHECK_THAT(error.format(), Catch::StartsWith("deploy.toml:4:") && Catch::Contains(": wait.timeout: ") &&
                                 Catch::EndsWith("(durations are quoted strings: timeout = \"30m\")"));
  // Not a duration: the key alone.
  const ConfigError bare = rejected("[job]\nprovider = cce\n");
  CHECK_THAT(bare.message, Catch::StartsWith("job.provider: "));
  CHECK_THAT(bare.message, !Catch::Contains("durations"));
  // Top-level keys have no table.
  CHECK_THAT(rejected("name = oops\n").message, Catch::StartsWith("name: "));
  // A header line is no key's.
  CHECK_THAT(rejected("[job\n").message, !Catch::Contains("job: "));
}

TEST_CASE("step file: a value in the wrong case gets a did-you-mean", "[config]") {
  std::string text = k_minimal;
  text.replace(text.find("\"cce\""), 5, "\"CCE\"");
  CHECK(rejected(text).format() == "deploy.toml:2:12: job.provider: unknown provider \"CCE\" (did you mean \"cce\"?)");
  CHECK_THAT(rejected(minimal_with("[wait]\non_unknown = \"Fail\"\n")).message, Catch::Contains("(did you mean \"fail\"?)"));
}

TEST_CASE("step file: a relative exec command is the step file's neighbour, a --set one the current directory's",
          "[config]") {
  const jobwait::test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "pipeline");
  const std::string script = dir / "pipeline/status.sh";
  { std::ofstream(script) << "#!/bin/sh\necho '{\"state\": \"succeeded\"}'\n"; }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  const std::string step = dir / "pipeline/step.toml";
  const std::string text = "[job]\nprovider = \"exec\"\nid = \"job-1\"\ncommand = [\"./status.sh\", \"--job\"]\n";

  auto from_file = parse_step_text(text, step, LoadOptions{});
  REQUIRE(from_file);
  CHECK(from_file->job.command == std::vector<std::string>{script, "--job"});

  // Given on the command line, it is where the user typed it: here, not beside the file.
  auto from_set = parse_step_text(text, step, with_sets({{"job.command", "[\"./status.sh\"]"}}));
  REQUIRE_FALSE(from_set);
  CHECK_THAT(from_set.error().message, Catch::Contains("\"./status.sh\" is not an executable file"));
}
