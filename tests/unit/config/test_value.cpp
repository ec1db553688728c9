// config/value.cpp: value typing, each type's rules, through the loader and assign() alone.
#include <catch2/catch.hpp>

#include "config/value.hpp"
#include "config/step_file.hpp"
#include "step_text.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;
using namespace jobwait::config::test;

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

// --- assign() alone: one template stores every type --------------------------------------

namespace {

tl::expected<void, std::string> assign_to(StepConfig& config, std::string_view name, Raw raw,
                                          const EnvLookup& env = {}) {
  return assign(*find_key(name), std::move(raw), env, config);
}

}  // namespace

TEST_CASE("value: assign types and stores each kind of key in its member", "[config]") {
  StepConfig config;
  CHECK(assign_to(config, "job.id", std::string("job-9")));
  CHECK(assign_to(config, "wait.timeout", std::string("1m30s")));
  CHECK(assign_to(config, "wait.interval", std::int64_t{5}));
  CHECK(assign_to(config, "wait.max_errors", std::string("7")));
  CHECK(assign_to(config, "exit_codes.timed_out", std::int64_t{0}));
  CHECK(assign_to(config, "job.http.status", std::string("/a/0")));
  CHECK(assign_to(config, "job.command", std::vector<std::string>{"sh", "-c", "true"}));
  CHECK(assign_to(config, "job.http.headers", StringMap{{"X-A", "1"}}));
  CHECK(assign_to(config, "tls.insecure", true));
  CHECK(assign_to(config, "job.desc", std::string("true")));
  CHECK(config.job.id == "job-9");
  CHECK(config.wait.timeout == std::chrono::seconds(90));
  CHECK(config.wait.interval == std::chrono::seconds(5));
  CHECK(config.wait.max_errors == 7);
  CHECK(config.exit_codes.timed_out == 0);
  CHECK(config.job.http.status == "/a/0");
  CHECK(config.job.command == std::vector<std::string>{"sh", "-c", "true"});
  CHECK(config.job.http.headers == StringMap{{"X-A", "1"}});
  CHECK(config.tls.insecure);
  CHECK(config.job.desc);
}

TEST_CASE("value: assign leaves the member as it was when the value is refused", "[config]") {
  StepConfig config;
  const auto refused = assign_to(config, "wait.timeout", std::string("soon"));
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::StartsWith("invalid duration \"soon\""));
  CHECK(config.wait.timeout == StepConfig{}.wait.timeout);
  CHECK(assign_to(config, "job.id", std::int64_t{42}).error() == "expected a string, got an integer (quote it: \"42\")");
  CHECK(assign_to(config, "wait.confirm", true).error() == "expected an integer, got a boolean");
  CHECK(assign_to(config, "job.id", std::string("${NOPE}")).error() == "environment variable NOPE is not set");
}

TEST_CASE("value: kinds and expectations read as messages say them", "[config]") {
  CHECK(kind_of(Raw(std::string("x"))) == "a string");
  CHECK(kind_of(Raw(std::int64_t{1})) == "an integer");
  CHECK(kind_of(Raw(std::vector<std::string>{})) == "an array");
  CHECK(kind_of(Raw(StringMap{})) == "a table");
  CHECK(kind_of(Raw(false)) == "a boolean");
  CHECK(expected_text(KeyType::exit_code) == "an exit code (an integer from 0 to 255)");
  CHECK(has_reference(Raw(std::string("${A}"))));
  CHECK_FALSE(has_reference(Raw(std::int64_t{1})));
  const toml::table table = toml::parse("a = [1]\nb = { c = \"d\" }\n");
  CHECK(raw_of(*table.get("a")).error() == "an array holding an integer");
  CHECK(std::get<StringMap>(*raw_of(*table.get("b"))) == StringMap{{"c", "d"}});
}
