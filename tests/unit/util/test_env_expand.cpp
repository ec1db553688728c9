#include <catch2/catch.hpp>
#include <map>

#include "util/env_expand.hpp"

using jobwait::config::EnvLookup;
using jobwait::config::expand_env;

namespace {

// A fake environment: tests never read the real one.
EnvLookup environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

const EnvLookup k_env = environment({{"REGION", "eu-west-101"}, {"EMPTY", ""}, {"DOLLAR", "a$b${REGION}"}});

std::string expanded(std::string_view text) {
  auto result = expand_env(text, k_env);
  INFO(text);
  REQUIRE(result);
  return *result;
}

jobwait::config::ExpandError failure(std::string_view text) {
  auto result = expand_env(text, k_env);
  INFO(text);
  REQUIRE_FALSE(result);
  return result.error();
}

}  // namespace

TEST_CASE("env: ${VAR} is replaced by its value", "[config]") {
  CHECK(expanded("${REGION}") == "eu-west-101");
  CHECK(expanded("https://cce.${REGION}.example") == "https://cce.eu-west-101.example");
  CHECK(expanded("${REGION}/${REGION}") == "eu-west-101/eu-west-101");
}

TEST_CASE("env: text without references is unchanged", "[config]") {
  CHECK(expanded("") == "");
  CHECK(expanded("plain text") == "plain text");
}

TEST_CASE("env: a variable set to empty expands to empty", "[config]") { CHECK(expanded("a${EMPTY}b") == "ab"); }

TEST_CASE("env: an unset variable without a default is an error naming it", "[config]") {
  const auto error = failure("x${HW_TOKEN}y");
  CHECK(error.variable == "HW_TOKEN");
  CHECK(error.message == "environment variable HW_TOKEN is not set");
}

TEST_CASE("env: ${VAR:-default} uses the default when VAR is unset or empty", "[config]") {
  CHECK(expanded("${UNSET:-eu-de}") == "eu-de");
  CHECK(expanded("${EMPTY:-eu-de}") == "eu-de");
  CHECK(expanded("${REGION:-eu-de}") == "eu-west-101");
  CHECK(expanded("${UNSET:-a b:-c}") == "a b:-c");
}

TEST_CASE("env: ${VAR:-} allows an empty result", "[config]") { CHECK(expanded("${UNSET:-}") == ""); }

TEST_CASE("env: $$ writes a literal $", "[config]") {
  CHECK(expanded("$$") == "$");
  CHECK(expanded("$${REGION}") == "${REGION}");
  CHECK(expanded("a$$$${REGION}") == "a$${REGION}");
}

TEST_CASE("env: a lone $ not followed by { stays literal", "[config]") {
  CHECK(expanded("$") == "$");
  CHECK(expanded("costs $5") == "costs $5");
  CHECK(expanded("$REGION") == "$REGION");
  CHECK(expanded("end$") == "end$");
}

TEST_CASE("env: values and defaults are not expanded again", "[config]") {
  CHECK(expanded("${DOLLAR}") == "a$b${REGION}");
  CHECK(expanded("${UNSET:-${REGION}}") == "${REGION}");  // the default ends at the first }
  CHECK(expanded("${UNSET:-$$}") == "$$");
}

TEST_CASE("env: an unterminated ${ is an error", "[config]") {
  const auto error = failure("${REGION");
  CHECK(error.variable.empty());
  CHECK_THAT(error.message, Catch::Contains("unterminated \"${\""));
  CHECK_THAT(failure("abc${").message, Catch::Contains("unterminated"));
}

TEST_CASE("env: a malformed reference is an error that shows the accepted forms", "[config]") {
  for (std::string_view text : {"${}", "${1ABC}", "${A-B}", "${REGION-x}", "${REGION:x}", "${ REGION}"}) {
    const auto error = failure(text);
    CHECK(error.variable.empty());
    CHECK_THAT(error.message, Catch::Contains("invalid reference") && Catch::Contains("${NAME:-default}"));
  }
}

TEST_CASE("env: an empty lookup means nothing is set", "[config]") {
  CHECK(expand_env("${UNSET:-x}", EnvLookup{}) == "x");
  CHECK_FALSE(expand_env("${HOME}", EnvLookup{}));
}
