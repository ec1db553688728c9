// runner/auth/credentials.cpp: the step file's [auth], else the documented environment order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "auth/credentials.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using Env = std::map<std::string, std::string>;

config::EnvLookup env_of(Env values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

config::StepConfig step() {
  config::StepConfig out;
  out.file = "step.toml";
  out.job.provider = "cce";
  out.job.id = "job-1";
  return out;
}

// Every documented set, fully given.
const Env k_all_sets{
    {"HW_AUTH_TOKEN", "tok-hw"},
    {"HW_ACCESS_KEY", "ak-hw"},          {"HW_SECRET_KEY", "sk-hw"},          {"HW_SECURITY_TOKEN", "st-hw"},
    {"HUAWEICLOUD_SDK_AK", "ak-sdk"},    {"HUAWEICLOUD_SDK_SK", "sk-sdk"},
    {"OS_ACCESS_KEY", "ak-os"},          {"OS_SECRET_KEY", "sk-os"},
    {"HW_USER_NAME", "user-hw"},         {"HW_USER_PASSWORD", "pw-hw"},       {"HW_DOMAIN_NAME", "dom-hw"},
    {"OS_USERNAME", "user-os"},          {"OS_PASSWORD", "pw-os"},            {"OS_DOMAIN_NAME", "dom-os"},
};

Env without(Env env, std::initializer_list<std::string> names) {
  for (const std::string& name : names) env.erase(name);
  return env;
}

std::string source_of(const ResolvedCredentials& credentials, std::string_view what) {
  for (const Source& source : credentials.sources) {
    if (source.what == what) return source.from;
  }
  return {};
}

}  // namespace

TEST_CASE("credentials: the environment is read in the documented order", "[auth]") {
  Env env = k_all_sets;
  config::StepConfig s = step();
  auto found = resolve_credentials(s, env_of(env));
  REQUIRE(found);
  CHECK(found->method == Method::token);
  CHECK(s.auth.token == "tok-hw");
  CHECK(source_of(*found, "token") == "HW_AUTH_TOKEN (environment)");

  env = without(env, {"HW_AUTH_TOKEN"});
  s = step();
  found = resolve_credentials(s, env_of(env));
  REQUIRE(found);
  CHECK(found->method == Method::access_key);
  CHECK(s.auth.access_key == "ak-hw");
  CHECK(s.auth.secret_key == "sk-hw");
  CHECK(s.auth.security_token == "st-hw");
  CHECK(source_of(*found, "secret key") == "HW_SECRET_KEY (environment)");
  CHECK(source_of(*found, "security token") == "HW_SECURITY_TOKEN (environment)");

  env = without(env, {"HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN"});
  s = step();
  REQUIRE(resolve_credentials(s, env_of(env)));
  CHECK(s.auth.access_key == "ak-sdk");
  CHECK(s.auth.security_token.empty());

  env = without(env, {"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"});
  s = step();
  REQUIRE(resolve_credentials(s, env_of(env)));
  CHECK(s.auth.access_key == "ak-os");
  CHECK(s.auth.secret_key == "sk-os");

  env = without(env, {"OS_ACCESS_KEY", "OS_SECRET_KEY"});
  s = step();
  found = resolve_credentials(s, env_of(env));
  REQUIRE(found);
  CHECK(found->method == Method::password);
  CHECK(s.auth.user == "user-hw");
  CHECK(s.auth.password == "pw-hw");
  CHECK(s.auth.domain == "dom-hw");

  env = without(env, {"HW_USER_NAME", "HW_USER_PASSWORD", "HW_DOMAIN_NAME"});
  s = step();
  REQUIRE(resolve_credentials(s, env_of(env)));
  CHECK(s.auth.user == "user-os");

  s = step();
  found = resolve_credentials(s, env_of({}));
  REQUIRE(found);
  CHECK(found->method == Method::none);
}

TEST_CASE("credentials: the step file's [auth] beats the environment entirely", "[auth]") {
  config::StepConfig s = step();
  s.auth.access_key = "ak-file";
  s.auth.secret_key = "sk-file";
  const auto found = resolve_credentials(s, env_of(k_all_sets));
  REQUIRE(found);
  CHECK(found->method == Method::access_key);
  CHECK(s.auth.access_key == "ak-file");
  CHECK(s.auth.security_token.empty());  // not taken from HW_SECURITY_TOKEN
  CHECK(s.auth.token.empty());
  CHECK(source_of(*found, "access key") == "auth.access_key (step file)");
}

TEST_CASE("credentials: a set without its secret is an error naming both variables", "[auth]") {
  config::StepConfig s = step();
  const auto found = resolve_credentials(s, env_of({{"HW_ACCESS_KEY", "ak"}, {"OS_ACCESS_KEY", "x"}, {"OS_SECRET_KEY", "y"}}));
  REQUIRE_FALSE(found);
  CHECK(found.error().message == "HW_ACCESS_KEY is set in the environment but HW_SECRET_KEY is not (or is empty)");
  CHECK(found.error().key == "auth");
  CHECK(found.error().result_path == s.output.result);

  s = step();
  const auto user = resolve_credentials(s, env_of({{"HW_USER_NAME", "u"}, {"HW_USER_PASSWORD", "p"}}));
  REQUIRE_FALSE(user);
  CHECK_THAT(user.error().message, Catch::Contains("HW_DOMAIN_NAME"));
}

TEST_CASE("credentials: an empty variable counts as unset", "[auth]") {
  config::StepConfig s = step();
  const auto found = resolve_credentials(s, env_of({{"HW_AUTH_TOKEN", ""}, {"HW_ACCESS_KEY", "ak"}, {"HW_SECRET_KEY", "sk"}}));
  REQUIRE(found);
  CHECK(found->method == Method::access_key);
}

TEST_CASE("credentials: one way to authenticate per step file, and each complete", "[auth]") {
  config::StepConfig both = step();
  both.auth.token = "t";
  both.auth.access_key = "ak";
  both.auth.secret_key = "sk";
  const auto two = resolve_credentials(both, env_of({}));
  REQUIRE_FALSE(two);
  CHECK(two.error().key == "auth");
  CHECK_THAT(two.error().message, Catch::StartsWith("set one way to authenticate"));

  config::StepConfig half = step();
  half.auth.access_key = "ak";
  const auto no_sk = resolve_credentials(half, env_of({}));
  REQUIRE_FALSE(no_sk);
  CHECK(no_sk.error().key == "auth.secret_key");

  config::StepConfig login = step();
  login.auth.user = "u";
  login.auth.password = "p";
  const auto no_domain = resolve_credentials(login, env_of({}));
  REQUIRE_FALSE(no_domain);
  CHECK(no_domain.error().key == "auth.domain");

  config::StepConfig stray = step();
  stray.auth.token = "t";
  stray.auth.security_token = "st";
  const auto token_with_sts = resolve_credentials(stray, env_of({}));
  REQUIRE_FALSE(token_with_sts);
  CHECK(token_with_sts.error().key == "auth.security_token");
}

TEST_CASE("credentials: region, project and IAM come from the environment when the file has none", "[auth]") {
  config::StepConfig s = step();
  s.auth.token = "t";
  const auto found = resolve_credentials(
      s, env_of({{"HW_REGION_NAME", "ap-southeast-1"}, {"OS_REGION_NAME", "eu-de"}, {"OS_PROJECT_ID", "p-os"},
                 {"OS_AUTH_URL", "https://iam.eu-de.otc.t-systems.com/v3/"}}));
  REQUIRE(found);
  CHECK(s.job.region == "ap-southeast-1");
  CHECK(s.job.project_id == "p-os");
  CHECK(s.auth.iam_endpoint == "https://iam.eu-de.otc.t-systems.com");
  CHECK(source_of(*found, "region") == "HW_REGION_NAME (environment)");
  CHECK(source_of(*found, "project") == "OS_PROJECT_ID (environment)");

  config::StepConfig given = step();
  given.auth.token = "t";
  given.job.region = "eu-nl";
  const auto kept = resolve_credentials(given, env_of({{"HW_REGION_NAME", "ap-southeast-1"}}));
  REQUIRE(kept);
  CHECK(given.job.region == "eu-nl");
  CHECK(source_of(*kept, "region") == "job.region (step file)");
}

TEST_CASE("credentials: environment values go where the Redactor looks", "[auth]") {
  config::StepConfig s = step();
  REQUIRE(resolve_credentials(s, env_of({{"OS_ACCESS_KEY", "AK-DISTINCT-1"}, {"OS_SECRET_KEY", "SK-DISTINCT-2"},
                                         {"OS_SECURITY_TOKEN", "ST-DISTINCT-3"}})));
  const std::vector<std::string> secrets = s.secrets();
  for (const char* value : {"AK-DISTINCT-1", "SK-DISTINCT-2", "ST-DISTINCT-3"}) {
    INFO(value);
    CHECK(std::find(secrets.begin(), secrets.end(), value) != secrets.end());
  }
}

TEST_CASE("credentials: sources never hold a value", "[auth]") {
  config::StepConfig s = step();
  const auto found = resolve_credentials(s, env_of(without(k_all_sets, {"HW_AUTH_TOKEN"})));
  REQUIRE(found);
  for (const Source& source : found->sources) {
    INFO(source.what << ": " << source.from);
    for (const auto& [name, value] : k_all_sets) CHECK(source.from.find(value) == std::string::npos);
  }
}

TEST_CASE("credentials: a control character from the environment is refused", "[auth]") {
  config::StepConfig s = step();
  const auto found = resolve_credentials(s, env_of({{"HW_AUTH_TOKEN", "tok\r\nX-Evil: 1"}}));
  REQUIRE_FALSE(found);
  CHECK(found.error().key == "auth.token");
  CHECK(found.error().message.find("X-Evil") == std::string::npos);
}
