#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "config/describe.hpp"
#include "config/keys.hpp"
#include "jobs/registry.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;

namespace {

constexpr std::string_view k_secret = "MIIsecret-token-7f3a9c-DO-NOT-PRINT";

StepConfig sample() {
  StepConfig config;
  config.file = "deploy.toml";
  config.name = "deploy api";
  config.job.provider = "cce";
  config.job.id = "job-1";
  config.job.project_id = "project-1";
  config.job.region = "eu-west-101";
  config.auth.token = std::string(k_secret);
  config.wait.timeout = 90s;
  return config;
}

// The value column of the line for `label`.
std::string value_of(const std::string& text, std::string_view label) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(std::string(label) + "  ", 0) == 0) {
      const std::size_t start = line.find_first_not_of(' ', label.size());
      return line.substr(start);
    }
  }
  FAIL("no line for " << label << " in:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("describe: never shows the token", "[config]") {
  const std::string text = describe(sample());
  CHECK(text.find(k_secret) == std::string::npos);
  CHECK(text.find("MIIsecret") == std::string::npos);
  CHECK(value_of(text, "auth.token") == "<redacted>");
}

TEST_CASE("describe: a token pasted into another value is redacted there too", "[config]") {
  StepConfig config = sample();
  config.name = "deploy " + std::string(k_secret);
  config.job.endpoint = "https://example.com/" + std::string(k_secret);
  const std::string text = describe(config);
  CHECK(text.find(k_secret) == std::string::npos);
  CHECK(value_of(text, "name") == "deploy <redacted>");
  CHECK(value_of(text, "base URL") == "https://example.com/<redacted>");
}

TEST_CASE("describe: lists every key of the table the provider reads, in order", "[config]") {
  const std::string text = describe(sample());
  const auto& provider = *jobwait::providers::find_entry(sample().job.provider);
  std::size_t previous = 0;
  for (const KeyInfo& key : step_keys()) {
    if (jobwait::providers::misplaced_key(provider, key.name)) {
      // [job.http] and job.command mean nothing to cce: no rows of "(not set)" for them.
      CHECK(text.find("\n" + std::string(key.name) + " ") == std::string::npos);
      continue;
    }
    const std::size_t at = text.find("\n" + std::string(key.name) + " ");
    INFO(key.name);
    REQUIRE(at != std::string::npos);
    CHECK(at > previous);
    previous = at;
  }
}

TEST_CASE("describe: durations are formatted and defaults are marked", "[config]") {
  const std::string text = describe(sample());
  CHECK(value_of(text, "wait.timeout") == "1m30s");
  CHECK(value_of(text, "wait.interval") == "2s (default)");
  CHECK(value_of(text, "wait.max_interval") == "30s (default)");
  CHECK(value_of(text, "wait.request_timeout") == "30s (default)");
  CHECK(value_of(text, "wait.max_errors") == "10 (default)");
  CHECK(value_of(text, "output.result") == "jobwait-result.json (default)");
  CHECK(value_of(text, "job.id") == "job-1");
}

TEST_CASE("describe: empty optional keys show (not set)", "[config]") {
  const std::string text = describe(sample());
  CHECK(value_of(text, "job.endpoint") == "(not set)");
  CHECK(value_of(text, "job.environment_id") == "(not set)");
  StepConfig no_token = sample();
  no_token.auth.token.clear();
  CHECK(value_of(describe(no_token), "auth.token") == "(not set)");
}

TEST_CASE("describe: shows the step file and the derived base URL", "[config]") {
  const std::string text = describe(sample());
  CHECK(value_of(text, "step file") == "deploy.toml");
  CHECK(value_of(text, "base URL") == "https://cce.eu-west-101.myhuaweicloud.eu");

  StepConfig local = sample();
  local.job.endpoint = "http://127.0.0.1:8080/";
  CHECK(value_of(describe(local), "base URL") == "http://127.0.0.1:8080");
}

TEST_CASE("describe: values are aligned in one column", "[config]") {
  const std::string text = describe(sample());
  std::istringstream lines(text);
  std::size_t column = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t label_end = line.find("  ");
    REQUIRE(label_end != std::string::npos);
    const std::size_t value_start = line.find_first_not_of(' ', label_end);
    if (column == 0) column = value_start;
    CHECK(value_start == column);
  }
  CHECK(column == std::string_view("wait.max_requests_per_second").size() + 2);  // the longest key
}

TEST_CASE("describe: arrays and tables print as a step file writes them", "[config]") {
  StepConfig config = sample();
  config.job.provider = "http";
  config.job.endpoint = "https://jobs.example.com";
  config.job.http.path = "/jobs/{job_id}";
  config.job.http.success = {"DONE", "OK"};
  config.job.http.headers = {{"X-Tenant", "a"}};
  const std::string text = describe(config);
  CHECK(value_of(text, "job.http.success") == "[\"DONE\", \"OK\"]");
  CHECK(value_of(text, "job.http.headers") == "{ X-Tenant = \"a\" }");
  CHECK(value_of(text, "job.http.failure") == "(not set)");
  CHECK(value_of(text, "job.http.method") == "GET (default)");
  CHECK(value_of(text, "base URL") == "https://jobs.example.com");
}

TEST_CASE("describe: exec has no base URL", "[config]") {
  StepConfig config = sample();
  config.job.provider = "exec";
  config.job.command = {"./status.sh", "--json"};
  const std::string text = describe(config);
  CHECK(value_of(text, "job.command") == "[\"./status.sh\", \"--json\"]");
  CHECK(value_of(text, "base URL") == "(none: exec runs a command)");
}

TEST_CASE("describe: credential headers of a declared API are redacted, others shown", "[config]") {
  StepConfig config = sample();
  config.job.provider = "http";
  config.job.endpoint = "https://jobs.example.com";
  config.job.http.headers = {{"Authorization", "Bearer " + std::string(k_secret)}, {"X-Api-Key", "k-123456"},
                             {"X-Tenant", "team-a"}};
  const std::string text = describe(config);
  CHECK(text.find(k_secret) == std::string::npos);
  CHECK(text.find("k-123456") == std::string::npos);
  CHECK(text.find("team-a") != std::string::npos);
}

TEST_CASE("describe: a header is a credential by any of nine words anywhere in its name, in any case",
          "[config]") {
  StepConfig config = sample();
  config.job.provider = "http";
  config.job.endpoint = "https://jobs.example.com";
  // Each value is distinct so that one leak names its header.
  const std::vector<std::pair<std::string, std::string>> credentials{
      {"X-Auth", "v-auth-1"},          {"X-Api-Pass", "v-pass-2"},      {"X-Passwd", "v-passwd-3"},
      {"x-client-secret", "v-sec-4"},  {"X-TOKEN-ID", "v-tok-5"},       {"Api-Key", "v-key-6"},
      {"X-Signature", "v-sig-7"},      {"Cookie", "v-cookie-8"},        {"X-Session-Id", "v-sess-9"},
      {"X-Credential", "v-cred-10"},   {"Proxy-Authorization", "v-pa-11"}};
  config.job.http.headers = credentials;
  config.job.http.headers.emplace_back("X-Tenant", "team-a");
  config.job.http.headers.emplace_back("X-Request-Source", "ci-runner");
  const std::vector<std::string> secrets = config.secrets();
  const std::string text = describe(config);
  for (const auto& [name, value] : credentials) {
    INFO(name);
    CHECK(std::find(secrets.begin(), secrets.end(), value) != secrets.end());
    CHECK(text.find(value) == std::string::npos);
  }
  CHECK(text.find("team-a") != std::string::npos);
  CHECK(std::find(secrets.begin(), secrets.end(), "team-a") == secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "ci-runner") == secrets.end());
}

TEST_CASE("describe: describe_job shows one job's job and auth keys and its base URL, nothing of the step's", "[config]") {
  jobwait::config::StepConfig config;
  config.file = "step.toml";
  config.job.provider = "cce";
  config.job.id = "job-2";
  config.job.region = "eu-west-101";
  config.auth.token = "tok-hidden";
  const std::string text = jobwait::config::describe_job(config);
  CHECK(text.find("job.id") != std::string::npos);
  CHECK(text.find("job-2") != std::string::npos);
  CHECK(text.find("auth.token") != std::string::npos);
  CHECK(text.find("tok-hidden") == std::string::npos);
  CHECK(text.find("https://cce.eu-west-101.myhuaweicloud.eu") != std::string::npos);
  CHECK(text.find("wait.") == std::string::npos);
  CHECK(text.find("output.") == std::string::npos);
  CHECK(text.find("step file") == std::string::npos);
}
