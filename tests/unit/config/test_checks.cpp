// config/checks.cpp: required keys and the provider's needs, through the loader and alone.
#include <catch2/catch.hpp>

#include "config/checks.hpp"
#include "config/step_file.hpp"
#include "step_text.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;
using namespace jobwait::config::test;

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

// --- check_resolved alone ----------------------------------------------------------------

namespace {

LoadState state_of(std::string provider, std::string id) {
  LoadState state;
  state.file = "deploy.toml";
  state.config.job.provider = std::move(provider);
  state.config.job.id = std::move(id);
  state.config.job.region = "eu-west-101";
  state.config.job.project_id = "p";
  return state;
}

}  // namespace

TEST_CASE("checks: a sound step has no problems", "[config]") {
  CHECK(check_resolved(state_of("cce", "job-1")).empty());
}

TEST_CASE("checks: every missing required key is reported, and nothing that would follow from it", "[config]") {
  const std::vector<ConfigError> problems = check_resolved(state_of("", ""));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].key == "job.provider");
  CHECK(problems[1].key == "job.id");
  CHECK(problems[0].message == "missing required key (add provider under [job])");
}

TEST_CASE("checks: an unknown provider is the one problem, since the rest is the provider's to say", "[config]") {
  LoadState state = state_of("CCE", "job-1");
  state.config.wait.interval = std::chrono::minutes(5);
  const std::vector<ConfigError> problems = check_resolved(state);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == "unknown provider \"CCE\" (did you mean \"cce\"?)");
}

TEST_CASE("checks: problems after the provider are all reported, each at its place", "[config]") {
  LoadState state = state_of("cce", "job-1");
  state.config.job.service = "ecs";
  state.places["job.service"] = Place{4, 11, false, false};
  state.config.wait.interval = std::chrono::minutes(5);
  state.places["wait.interval"] = Place{9, 12, false, false};
  const std::vector<ConfigError> problems = check_resolved(state);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].key == "job.service");
  CHECK(problems[0].line == 4);
  CHECK(problems[1].format() == "deploy.toml:9:12: wait.interval: 5m is longer than wait.max_interval (30s)");
}
