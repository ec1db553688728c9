// Step-file text for the config tests: a minimal file, its options, and loading it through the
// public loader (parse_step_text) so each case reads like the README's rules.
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/step_file.hpp"

namespace jobwait::config::test {

using Env = std::map<std::string, std::string>;
using Sets = std::vector<std::pair<std::string, std::string>>;

inline LoadOptions with_env(Env env, Sets sets = {}) {
  LoadOptions options;
  options.overrides = std::move(sets);
  options.getenv = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return options;
}

inline LoadOptions with_sets(Sets sets) { return with_env(Env{}, std::move(sets)); }

inline StepConfig loaded(std::string_view text, const LoadOptions& options = with_env(Env{})) {
  auto result = parse_step_text(text, "deploy.toml", options);
  if (!result) FAIL(result.error().format());
  return *result;
}

inline ConfigError rejected(std::string_view text, const LoadOptions& options = with_env(Env{})) {
  auto result = parse_step_text(text, "deploy.toml", options);
  REQUIRE_FALSE(result);
  return result.error();
}

// The least a step file needs. Line 8 is the token; anything appended starts on line 9.
inline const std::string k_minimal = R"([job]
provider = "cce"
id = "job-1"
project_id = "project-1"
region = "eu-west-101"

[auth]
token = "token-1"
)";

inline std::string minimal_with(std::string_view more) { return k_minimal + std::string(more); }

}  // namespace jobwait::config::test
