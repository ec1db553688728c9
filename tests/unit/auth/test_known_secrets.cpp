#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "auth/crypto.hpp"
#include "auth/known_secrets.hpp"

using namespace jobwait;
using namespace jobwait::auth;

namespace {

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TEST_CASE("known secrets: a user:password pair is secret as the password and its Basic form", "[auth]") {
  CHECK(credential_pair_forms("user", "proxypw") == std::vector<std::string>{"proxypw", "dXNlcjpwcm94eXB3"});
  CHECK(credential_pair_forms("user", "").empty());
}

TEST_CASE("known secrets: a proxy URL's userinfo is secret, as written and decoded, but its user alone is not",
          "[auth]") {
  const std::vector<std::string> plain = proxy_secrets("http://user:proxypw@127.0.0.1:3128");
  CHECK(has(plain, "user:proxypw"));
  CHECK(has(plain, "proxypw"));
  CHECK(has(plain, "dXNlcjpwcm94eXB3"));
  CHECK_FALSE(has(plain, "user"));

  const std::vector<std::string> encoded = proxy_secrets("socks5://bob:p%40ss@w0rd@proxy:1080/");
  CHECK(has(encoded, "bob:p%40ss@w0rd"));
  CHECK(has(encoded, "p@ss@w0rd"));
  CHECK(has(encoded, base64("bob:p@ss@w0rd")));  // what libcurl sends

  CHECK(has(proxy_secrets("user:pw-no-scheme@proxy:3128"), "pw-no-scheme"));
  CHECK(proxy_secrets("http://proxy:3128").empty());
  CHECK(proxy_secrets("").empty());
}

TEST_CASE("known secrets: the run registers the step's secrets, IAM pairs and every proxy variable's userinfo",
          "[auth]") {
  config::StepConfig step;
  step.auth.token = "step-token-123";
  step.auth.user = "ci-bot";
  step.auth.password = "iam-pass-456";
  config::JobEntry second;
  second.auth.user = "other-bot";
  second.auth.password = "iam-pass-789";
  step.jobs = {{step.job, step.auth}, second};
  std::map<std::string, std::string> env;
  for (const std::string_view name : jobwait::http::k_proxy_variables) {
    env[std::string(name)] = "http://u-" + std::string(name) + ":pw-" + std::string(name) + "@proxy:3128";
  }
  SecretRegistry registry;
  register_secrets(step, [&](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
  }, registry);
  const std::vector<std::string> secrets = registry.secrets();
  CHECK(has(secrets, "step-token-123"));
  CHECK(has(secrets, "iam-pass-456"));
  CHECK(has(secrets, base64("ci-bot:iam-pass-456")));
  CHECK(has(secrets, "iam-pass-789"));
  CHECK(has(secrets, base64("other-bot:iam-pass-789")));
  for (const std::string_view name : jobwait::http::k_proxy_variables) {
    INFO(name);
    CHECK(has(secrets, "pw-" + std::string(name)));
    CHECK(has(secrets, "u-" + std::string(name) + ":pw-" + std::string(name)));
    CHECK(has(secrets, base64("u-" + std::string(name) + ":pw-" + std::string(name))));
  }
}
