// runner/auth/resolve.cpp: what must be settled before anything is sent, and what `check`
// says about it.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <map>

#include "auth/resolve.hpp"
#include "temp_dir.hpp"

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
  out.job.project_id = "proj-1";
  out.job.region = "eu-de";
  out.job.cloud = "otc";
  out.auth.token = "MIItoken";
  return out;
}

config::ConfigError rejected(config::StepConfig s, Env env = {}) {
  auto resolved = resolve(s, env_of(std::move(env)));
  REQUIRE_FALSE(resolved);
  return resolved.error();
}

}  // namespace

TEST_CASE("resolve: a complete step needs nothing from the environment", "[auth]") {
  config::StepConfig s = step();
  const auto resolved = resolve(s, env_of({}));
  REQUIRE(resolved);
  CHECK(resolved->credentials.method == Method::token);
  CHECK_FALSE(resolved->project_lookup);
  CHECK(resolved->warnings.empty());
}

TEST_CASE("resolve: no credentials anywhere is a config error listing where they may come from", "[auth]") {
  config::StepConfig s = step();
  s.auth.token.clear();
  const config::ConfigError error = rejected(s);
  CHECK(error.key == "auth");
  CHECK_THAT(error.message, Catch::StartsWith("no credentials") && Catch::Contains("HW_ACCESS_KEY") &&
                                Catch::Contains("auth.user"));
}

TEST_CASE("resolve: job.region or job.endpoint, from the file or the environment", "[auth]") {
  config::StepConfig s = step();
  s.job.region.clear();
  CHECK(rejected(s).message == "missing: set job.region or job.endpoint (or HW_REGION_NAME or OS_REGION_NAME in the "
                               "environment)");
  config::StepConfig from_env = step();
  from_env.job.region.clear();
  REQUIRE(resolve(from_env, env_of({{"OS_REGION_NAME", "eu-nl"}})));
  CHECK(from_env.job.region == "eu-nl");
}

TEST_CASE("resolve: a missing project id is looked up by region name, which it then needs", "[auth]") {
  config::StepConfig s = step();
  s.job.project_id.clear();
  const auto resolved = resolve(s, env_of({}));
  REQUIRE(resolved);
  CHECK(resolved->project_lookup);

  config::StepConfig endpoint_only = step();
  endpoint_only.job.project_id.clear();
  endpoint_only.job.region.clear();
  endpoint_only.job.endpoint = "http://127.0.0.1:8000";
  endpoint_only.auth.iam_endpoint = "http://127.0.0.1:8000";
  const config::ConfigError error = rejected(endpoint_only);
  CHECK(error.key == "job.project_id");
  CHECK_THAT(error.message, Catch::Contains("looked up at IAM by region name"));
}

TEST_CASE("resolve: a password login needs a way to IAM", "[auth]") {
  config::StepConfig s = step();
  s.auth.token.clear();
  s.auth.user = "u";
  s.auth.password = "p";
  s.auth.domain = "d";
  s.job.region.clear();
  s.job.endpoint = "http://127.0.0.1:8000";
  const config::ConfigError error = rejected(s);
  CHECK(error.key == "auth.iam_endpoint");
  s.auth.iam_endpoint = "http://127.0.0.1:8000";
  CHECK(resolve(s, env_of({})));
  s.auth.iam_endpoint = "ftp://iam";
  CHECK(rejected(s).key == "auth.iam_endpoint");
}

TEST_CASE("resolve: V11 signing needs an access key and a region", "[auth]") {
  config::StepConfig token = step();
  token.auth.signing = "V11-HMAC-SHA256";
  CHECK(rejected(token).key == "auth.signing");

  config::StepConfig keys = step();
  keys.auth.token.clear();
  keys.auth.access_key = "ak";
  keys.auth.secret_key = "sk";
  keys.auth.signing = "V11-HMAC-SHA256";
  CHECK(resolve(keys, env_of({})));
  keys.job.region.clear();
  keys.job.endpoint = "http://127.0.0.1:8000";
  CHECK(rejected(keys).key == "auth.signing");
}

TEST_CASE("resolve: tls.ca_file must be a readable file, and tls.insecure warns", "[auth]") {
  config::StepConfig s = step();
  s.tls.ca_file = "/nonexistent/ca.pem";
  const config::ConfigError error = rejected(s);
  CHECK(error.key == "tls.ca_file");
  CHECK_THAT(error.message, Catch::Contains("no such file"));

  jobwait::test::TempDir dir;
  config::StepConfig insecure = step();
  insecure.tls.insecure = true;
  const auto resolved = resolve(insecure, env_of({}));
  REQUIRE(resolved);
  REQUIRE(resolved->warnings.size() == 1);
  CHECK_THAT(resolved->warnings.front(), Catch::Contains("tls.insecure"));
}

TEST_CASE("resolve: the exec provider needs no credentials, host or project", "[auth]") {
  config::StepConfig s;
  s.file = "step.toml";
  s.job.provider = "exec";
  s.job.id = "job-1";
  s.job.command = {"/bin/true"};
  const auto resolved = resolve(s, env_of({}));
  REQUIRE(resolved);
  CHECK_FALSE(resolved->project_lookup);
  CHECK(describe_resolution(*resolved, s).find("auth method") == std::string::npos);
}

TEST_CASE("resolve: a job.domain must be a host domain", "[auth]") {
  config::StepConfig s = step();
  s.job.domain = "example.com/evil";
  CHECK(rejected(s).key == "job.domain");
  s.job.domain = "cloud.example-site.com";
  CHECK(resolve(s, env_of({})));
}

TEST_CASE("resolve: check says where each credential came from, never its value", "[auth]") {
  config::StepConfig s = step();
  s.auth.token.clear();
  s.job.project_id.clear();
  const auto resolved = resolve(s, env_of({{"HW_ACCESS_KEY", "AK-VALUE-123"}, {"HW_SECRET_KEY", "SK-VALUE-456"}}));
  REQUIRE(resolved);
  const std::string text = describe_resolution(*resolved, s);
  CHECK_THAT(text, Catch::Contains("AK/SK request signing (SDK-HMAC-SHA256)"));
  CHECK_THAT(text, Catch::Contains("secret key") && Catch::Contains("from HW_SECRET_KEY (environment)"));
  CHECK_THAT(text, Catch::Contains("looked up at IAM by region name (eu-de)"));
  CHECK_THAT(text, Catch::Contains("https://iam.eu-de.otc.t-systems.com"));
  CHECK(text.find("AK-VALUE-123") == std::string::npos);
  CHECK(text.find("SK-VALUE-456") == std::string::npos);
}

TEST_CASE("resolve: a token cache directory others may write to is not used, and a warning says why", "[auth]") {
  jobwait::test::TempDir dir;
  const std::string shared = dir / "shared";
  REQUIRE(::mkdir(shared.c_str(), 0777) == 0);
  REQUIRE(::chmod(shared.c_str(), 0777) == 0);
  config::StepConfig s = step();
  s.auth.token.clear();
  s.auth.user = "u";
  s.auth.password = "p";
  s.auth.domain = "d";
  s.auth.token_cache = shared;
  auto resolved = resolve(s, env_of({}));
  REQUIRE(resolved);
  CHECK(s.auth.token_cache.empty());  // the Session then makes no cache
  REQUIRE(resolved->warnings.size() == 1);
  CHECK_THAT(resolved->warnings.front(), Catch::Contains("auth.token_cache is not used") &&
                                             Catch::Contains(shared + " is writable by others"));
  CHECK_THAT(describe_resolution(*resolved, s), Catch::Contains("warning: auth.token_cache is not used"));

  // A private one, or one not made yet, is used without a word.
  s.auth.token_cache = dir / "private";
  resolved = resolve(s, env_of({}));
  REQUIRE(resolved);
  CHECK(s.auth.token_cache == dir / "private");
  CHECK(resolved->warnings.empty());
}
