#include <catch2/catch.hpp>
#include <set>

#include "config/keys.hpp"
#include "model/defaults.hpp"
#include "util/duration.hpp"
#include "wait/poll_loop.hpp"

using namespace jobwait::config;

namespace {

std::string text_of(const ConstFieldRef& value) {
  if (const auto* const* text = std::get_if<const std::string*>(&value)) return **text;
  if (const auto* const* duration = std::get_if<const Duration*>(&value)) return format_duration(**duration);
  // Arrays and tables have no defaults: empty means not set.
  if (const auto* const* items = std::get_if<const std::vector<std::string>*>(&value)) return (*items)->empty() ? "" : "[...]";
  if (const auto* const* items = std::get_if<const StringMap*>(&value)) return (*items)->empty() ? "" : "{...}";
  if (const auto* const* flag = std::get_if<const bool*>(&value)) return **flag ? "true" : "false";
  return std::to_string(*std::get<const int*>(value));
}

}  // namespace

TEST_CASE("keys: the table holds every step-file key, in reference order", "[config]") {
  const std::vector<std::string_view> expected{"name",
                                               "job.provider",
                                               "job.id",
                                               "job.project_id",
                                               "job.region",
                                               "job.endpoint",
                                               "job.cloud",
                                               "job.domain",
                                               "job.environment_id",
                                               "job.enterprise_project_id",
                                               "job.instance_id",
                                               "job.limit",
                                               "job.offset",
                                               "job.desc",
                                               "job.service",
                                               "job.command",
                                               "job.http.path",
                                               "job.http.method",
                                               "job.http.headers",
                                               "job.http.body",
                                               "job.http.status",
                                               "job.http.message",
                                               "job.http.progress",
                                               "job.http.tasks",
                                               "job.http.task_id",
                                               "job.http.task_name",
                                               "job.http.task_status",
                                               "job.http.task_message",
                                               "job.http.started",
                                               "job.http.finished",
                                               "job.http.success",
                                               "job.http.failure",
                                               "job.http.cancelled",
                                               "job.http.pending",
                                               "job.http.running",
                                               "job.http.stalled",
                                               "auth.token",
                                               "auth.access_key",
                                               "auth.secret_key",
                                               "auth.security_token",
                                               "auth.signing",
                                               "auth.user",
                                               "auth.password",
                                               "auth.domain",
                                               "auth.iam_endpoint",
                                               "auth.token_cache",
                                               "tls.ca_file",
                                               "tls.insecure",
                                               "wait.timeout",
                                               "wait.interval",
                                               "wait.max_interval",
                                               "wait.strategy",
                                               "wait.request_timeout",
                                               "wait.max_errors",
                                               "wait.connect_timeout",
                                               "wait.not_found_grace",
                                               "wait.on_unknown",
                                               "wait.confirm",
                                               "wait.stall_warning",
                                               "wait.mode",
                                               "wait.fail_fast",
                                               "wait.max_requests_per_second",
                                               "wait.max_concurrent_per_host",
                                               "output.result",
                                               "output.junit",
                                               "output.dotenv",
                                               "exit_codes.succeeded",
                                               "exit_codes.failed",
                                               "exit_codes.timed_out",
                                               "exit_codes.not_found",
                                               "exit_codes.auth_error",
                                               "exit_codes.api_error",
                                               "exit_codes.cancelled"};
  CHECK(key_names() == expected);
}

TEST_CASE("keys: find_key knows dotted names only", "[config]") {
  REQUIRE(find_key("wait.timeout") != nullptr);
  CHECK(find_key("wait.timeout")->type == KeyType::duration);
  CHECK(find_key("wait.max_errors")->type == KeyType::integer);
  CHECK(find_key("job.id")->type == KeyType::string);
  CHECK(find_key("timeout") == nullptr);
  CHECK(find_key("wait") == nullptr);
  CHECK(find_key("") == nullptr);
}

// Credentials, region and project id may come from the environment (the project from IAM):
// auth/resolve.cpp requires them after loading, not the loader.
TEST_CASE("keys: required keys are the job's identity", "[config]") {
  std::set<std::string_view> required;
  for (const KeyInfo& key : step_keys()) {
    if (key.required) required.insert(key.name);
  }
  CHECK(required == std::set<std::string_view>{"job.provider", "job.id"});
}

TEST_CASE("keys: credentials are secret, except the names that say whose they are", "[config]") {
  for (std::string_view name : {"auth.token", "auth.access_key", "auth.secret_key", "auth.security_token", "auth.password"}) {
    INFO(name);
    CHECK(find_key(name)->secret);
  }
  CHECK_FALSE(find_key("auth.user")->secret);
  CHECK_FALSE(find_key("auth.domain")->secret);
}

TEST_CASE("keys: every secret key is what StepConfig::secrets() hides, and only those", "[config]") {
  for (const KeyInfo& key : step_keys()) {
    if (key.type != KeyType::string) {
      CHECK_FALSE(key.secret);
      continue;
    }
    StepConfig config;
    *std::get<std::string*>(key.field(config)) = "distinctive-value-0xC0FFEE";
    const std::vector<std::string> secrets = config.secrets();
    const bool listed = std::find(secrets.begin(), secrets.end(), "distinctive-value-0xC0FFEE") != secrets.end();
    INFO(key.name);
    CHECK(listed == key.secret);
  }
}

TEST_CASE("keys: default texts are what a default StepConfig holds", "[config]") {
  const StepConfig defaults;
  for (const KeyInfo& key : step_keys()) {
    INFO(key.name);
    CHECK(text_of(key.value(defaults)) == key.default_text);
  }
  CHECK(find_key("wait.timeout")->default_text == "30m");
  CHECK(find_key("output.result")->default_text == "jobwait-result.json");
}

TEST_CASE("keys: each key writes and reads its own member", "[config]") {
  StepConfig config;
  *std::get<Duration*>(find_key("wait.request_timeout")->field(config)) = std::chrono::seconds(7);
  *std::get<int*>(find_key("wait.max_errors")->field(config)) = 3;
  *std::get<std::string*>(find_key("job.instance_id")->field(config)) = "ief-1";
  *std::get<std::string*>(find_key("name")->field(config)) = "deploy";
  CHECK(config.wait.request_timeout == std::chrono::seconds(7));
  CHECK(config.wait.max_errors == 3);
  CHECK(config.job.instance_id == "ief-1");
  CHECK(config.name == "deploy");
  CHECK(*std::get<const Duration*>(find_key("wait.request_timeout")->value(config)) == std::chrono::seconds(7));

  // No two keys share a member.
  std::set<const void*> members;
  for (const KeyInfo& key : step_keys()) {
    members.insert(std::visit([](auto* pointer) -> const void* { return pointer; }, key.field(config)));
  }
  CHECK(members.size() == step_keys().size());
}

TEST_CASE("keys: every key has a one-line description", "[config]") {
  for (const KeyInfo& key : step_keys()) {
    INFO(key.name);
    CHECK_FALSE(key.description.empty());
    CHECK(key.description.find('\n') == std::string_view::npos);
  }
}

TEST_CASE("keys: tables and the keys in them", "[config]") {
  CHECK(table_names() ==
        std::vector<std::string_view>{"job", "job.http", "auth", "tls", "wait", "output", "exit_codes"});
  CHECK(keys_in("") == std::vector<std::string_view>{"name"});
  CHECK(keys_in("wait") ==
        std::vector<std::string_view>{"timeout", "interval", "max_interval", "strategy", "request_timeout",
                                      "max_errors", "connect_timeout", "not_found_grace", "on_unknown", "confirm",
                                      "stall_warning", "mode", "fail_fast", "max_requests_per_second",
                                      "max_concurrent_per_host"});
  CHECK(keys_in("auth") == std::vector<std::string_view>{"token", "access_key", "secret_key", "security_token", "signing",
                                                         "user", "password", "domain", "iam_endpoint", "token_cache"});
  CHECK(keys_in("tls") == std::vector<std::string_view>{"ca_file", "insecure"});
  CHECK(keys_in("nope").empty());
  CHECK(keys_in("job.http").size() == 20);
  CHECK(type_name(KeyType::duration) == "duration");
}

// Each default is written once (model/defaults.hpp); the key table, StepConfig and the wait
// engine's PollSettings all read it there, so they cannot drift apart.
TEST_CASE("keys: the wait engine's PollSettings start from the step file's defaults", "[config]") {
  const jobwait::PollSettings poll;
  const WaitConfig wait;
  const auto duration_default = [](std::string_view name) {
    auto parsed = parse_duration(find_key(name)->default_text);
    REQUIRE(parsed);
    return *parsed;
  };
  CHECK(poll.timeout == wait.timeout);
  CHECK(poll.timeout == duration_default("wait.timeout"));
  CHECK(poll.interval == duration_default("wait.interval"));
  CHECK(poll.max_interval == duration_default("wait.max_interval"));
  CHECK(poll.request_timeout == duration_default("wait.request_timeout"));
  CHECK(poll.not_found_grace == duration_default("wait.not_found_grace"));
  CHECK(poll.stall_warning == duration_default("wait.stall_warning"));
  CHECK(std::to_string(poll.max_errors) == find_key("wait.max_errors")->default_text);
  CHECK(std::to_string(poll.confirm) == find_key("wait.confirm")->default_text);
  CHECK(poll.fail_on_unknown == (find_key("wait.on_unknown")->default_text == "fail"));
}

TEST_CASE("keys: defaults are read at compile time as a step file writes them", "[config]") {
  using namespace std::chrono_literals;
  static_assert(defaults::duration("30m") == 30min);
  static_assert(defaults::duration("1h2m3s500ms") == 3'723'500ms);
  static_assert(defaults::value_text<10> == "10");
  static_assert(defaults::value_text<0> == "0");
  static_assert(defaults::value_text<false> == "false");
  CHECK(find_key("wait.timeout")->default_text == defaults::k_timeout);
  CHECK(find_key("exit_codes.timed_out")->default_text == "3");
}
