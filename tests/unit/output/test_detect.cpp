#include <catch2/catch.hpp>

#include <map>

#include "output/detect.hpp"

using namespace jobwait::output;

namespace {

jobwait::config::EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

}  // namespace

TEST_CASE("detect: each CI is recognised by the variable its runner sets", "[detect]") {
  CHECK(detect_log_format(std::nullopt, env({{"GITHUB_ACTIONS", "true"}}), false) == LogFormat::github);
  CHECK(detect_log_format(std::nullopt, env({{"GITLAB_CI", "true"}}), true) == LogFormat::gitlab);
  CHECK(detect_log_format(std::nullopt, env({{"JENKINS_URL", "https://ci.example/"}}), false) == LogFormat::jenkins);
  CHECK(detect_log_format(std::nullopt, env({{"GITHUB_ACTIONS", "false"}}), false) == LogFormat::plain);
}

TEST_CASE("detect: a terminal gets colour unless NO_COLOR is set to anything or TERM is dumb", "[detect]") {
  CHECK(wants_colour(env({}), true));
  CHECK(wants_colour(env({{"TERM", "xterm-256color"}}), true));
  CHECK(wants_colour(env({{"NO_COLOR", ""}}), true));  // set but empty: no-color.org says colour stays
  CHECK_FALSE(wants_colour(env({{"NO_COLOR", "1"}}), true));
  CHECK_FALSE(wants_colour(env({{"TERM", "dumb"}}), true));
  CHECK_FALSE(wants_colour(env({}), false));
}

TEST_CASE("detect: a terminal gets the status line, unless TERM is dumb", "[detect]") {
  CHECK(detect_log_format(std::nullopt, env({}), true) == LogFormat::tty);
  CHECK(detect_log_format(std::nullopt, env({{"TERM", "dumb"}}), true) == LogFormat::plain);
  CHECK(detect_log_format(std::nullopt, env({}), false) == LogFormat::plain);
}

TEST_CASE("detect: --log-format beats the environment", "[detect]") {
  CHECK(detect_log_format(LogFormat::json, env({{"GITHUB_ACTIONS", "true"}}), true) == LogFormat::json);
}

TEST_CASE("detect: log format names parse, with a suggestion for a typo", "[detect]") {
  for (std::string_view name : log_format_names()) CHECK(to_string(*parse_log_format(name)) == name);
  CHECK_THAT(parse_log_format("githb").error(), Catch::Contains("did you mean \"github\""));
}
