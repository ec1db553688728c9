#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "model/step_config.hpp"

using namespace jobwait;
using namespace jobwait::config;

namespace {

bool holds(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TEST_CASE("step config: no credentials, no secrets", "[step_config]") {
  const StepConfig step;
  CHECK(step.secrets().empty());
}

TEST_CASE("step config: every [auth] secret is a secret, the user and domain are not", "[step_config]") {
  StepConfig step;
  step.auth.token = "tok-1";
  step.auth.access_key = "AK-1";
  step.auth.secret_key = "SK-1";
  step.auth.security_token = "ST-1";
  step.auth.password = "pw-1";
  step.auth.user = "alice";
  step.auth.domain = "acme";
  const auto secrets = step.secrets();
  CHECK(secrets.size() == 5);
  for (const char* secret : {"tok-1", "AK-1", "SK-1", "ST-1", "pw-1"}) CHECK(holds(secrets, secret));
  CHECK_FALSE(holds(secrets, "alice"));
  CHECK_FALSE(holds(secrets, "acme"));
}

TEST_CASE("step config: a declared header whose name says credential is a secret, whatever its case", "[step_config]") {
  StepConfig step;
  step.job.http.headers = {{"Authorization", "Bearer abc"}, {"X-API-KEY", "k123"},   {"X-Session-Token", "t456"},
                           {"Cookie", "c=1"},               {"X-Signature", "sig"},  {"X-Client-Secret", "s1"},
                           {"X-Password", "p1"},            {"X-Credential", "cr1"}, {"Accept", "application/json"},
                           {"X-Region", "eu-de"},           {"X-Auth-Token", ""}};
  const auto secrets = step.secrets();
  for (const char* secret : {"Bearer abc", "k123", "t456", "c=1", "sig", "s1", "p1", "cr1"}) {
    INFO(secret);
    CHECK(holds(secrets, secret));
  }
  CHECK_FALSE(holds(secrets, "application/json"));
  CHECK_FALSE(holds(secrets, "eu-de"));
  // An empty value is never a secret: redacting "" would mark every gap in the text.
  CHECK_FALSE(holds(secrets, ""));
}

TEST_CASE("step config: each [[jobs]] entry's credentials are secrets, each once", "[step_config]") {
  StepConfig step;
  step.auth.token = "shared";
  JobEntry first;
  first.auth.token = "shared";
  JobEntry second;
  second.auth.access_key = "AK-2";
  second.auth.secret_key = "SK-2";
  second.job.http.headers = {{"X-Api-Key", "key-2"}, {"Accept", "text/plain"}};
  step.jobs = {first, second};
  const auto secrets = step.secrets();
  CHECK(std::count(secrets.begin(), secrets.end(), "shared") == 1);
  CHECK(holds(secrets, "AK-2"));
  CHECK(holds(secrets, "SK-2"));
  CHECK(holds(secrets, "key-2"));
  CHECK_FALSE(holds(secrets, "text/plain"));
}

TEST_CASE("step config: single(i) is that job with the step's wait, output, exit codes and TLS", "[step_config]") {
  StepConfig step;
  step.file = "many.toml";
  step.name = "fleet";
  step.wait.timeout = std::chrono::minutes(5);
  step.output.result = "out.json";
  step.exit_codes.timed_out = 0;
  step.tls.insecure = true;
  JobEntry a;
  a.job.provider = "cce";
  a.job.id = "job-a";
  a.auth.token = "tok-a";
  JobEntry b;
  b.job.provider = "ief";
  b.job.id = "job-b";
  b.auth.token = "tok-b";
  step.jobs = {a, b};

  const StepConfig one = step.single(1);
  CHECK(one.file == "many.toml");
  CHECK(one.name == "fleet");
  CHECK(one.job.provider == "ief");
  CHECK(one.job.id == "job-b");
  CHECK(one.auth.token == "tok-b");
  CHECK(one.wait.timeout == std::chrono::minutes(5));
  CHECK(one.output.result == "out.json");
  CHECK(one.exit_codes.timed_out == 0);
  CHECK(one.tls.insecure);
  // The copy carries one job, not the list.
  CHECK(one.jobs.empty());
  CHECK(one.secrets() == std::vector<std::string>{"tok-b"});
}

TEST_CASE("step config: single() past the last job throws", "[step_config]") {
  StepConfig step;
  step.jobs.resize(1);
  CHECK_THROWS_AS(step.single(1), std::out_of_range);
}

TEST_CASE("step config: defaults are the README's", "[step_config]") {
  const StepConfig step;
  CHECK(step.wait.timeout == std::chrono::minutes(30));
  CHECK(step.wait.interval == std::chrono::seconds(2));
  CHECK(step.wait.max_interval == std::chrono::seconds(30));
  CHECK(step.wait.max_errors == 10);
  CHECK(step.wait.mode == "all");
  CHECK(step.output.result == "jobwait-result.json");
  CHECK(step.job.cloud == "huaweicloud");
  CHECK(step.job.http.method == "GET");
  CHECK(step.exit_codes.timed_out == 3);
}
