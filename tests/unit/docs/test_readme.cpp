// The README is the reference users read: every step-file key, exit code and provider in
// the code must be documented there, so docs and code cannot drift apart.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/keys.hpp"
#include "model/exit_code.hpp"
#include "providers/provider.hpp"

namespace {

std::string readme() {
  std::ifstream in(JOBWAIT_SOURCE_DIR "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("readme: documents every step-file key with its default", "[readme]") {
  const std::string text = readme();
  REQUIRE_FALSE(text.empty());
  for (const auto& key : jobwait::config::step_keys()) {
    INFO(key.name);
    const std::string row = "| `" + std::string(key.name) + "` | " + std::string(jobwait::config::type_name(key.type));
    CHECK(text.find(row) != std::string::npos);
    if (!key.default_text.empty()) {
      CHECK(text.find(row + " | `" + std::string(key.default_text) + "` |") != std::string::npos);
    }
  }
}

TEST_CASE("readme: documents every exit code and outcome", "[readme]") {
  using jobwait::Outcome;
  const std::string text = readme();
  const Outcome outcomes[] = {Outcome::succeeded, Outcome::failed,     Outcome::config_error,
                              Outcome::timed_out, Outcome::not_found,  Outcome::auth_error,
                              Outcome::api_error, Outcome::cancelled};
  for (Outcome outcome : outcomes) {
    const int code = static_cast<int>(jobwait::exit_code_for(outcome));
    const std::string row = "| " + std::to_string(code) + " | `" + std::string(jobwait::to_string(outcome)) + "` |";
    INFO(row);
    CHECK(text.find(row) != std::string::npos);
  }
  CHECK(text.find("| 130 | `interrupted` |") != std::string::npos);
  CHECK(text.find("| 143 | `interrupted` |") != std::string::npos);
}

TEST_CASE("readme: documents every provider", "[readme]") {
  const std::string text = readme();
  for (std::string_view name : jobwait::providers::provider_names()) {
    INFO(name);
    CHECK(text.find("| `" + std::string(name) + "` |") != std::string::npos);
  }
}
