#include <catch2/catch.hpp>

#include <map>

#include <unistd.h>

#include "output/environment.hpp"

using namespace jobwait;
using namespace jobwait::output;

namespace {

config::EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto found = vars.find(name);
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

// The tests run with stderr on a pipe (ctest) or, by hand, maybe on a terminal.
const bool k_tty = isatty(STDERR_FILENO) == 1;

}  // namespace

TEST_CASE("environment: GitHub Actions gives the github format and both of its files", "[environment]") {
  const auto lookup = env({{"GITHUB_ACTIONS", "true"},
                           {"GITHUB_OUTPUT", "/runner/out"},
                           {"GITHUB_STEP_SUMMARY", "/runner/summary"}});
  const OutputSettings settings = settings_from_environment(std::nullopt, Verbosity::verbose, lookup);
  CHECK(settings.format == LogFormat::github);
  CHECK(settings.ci == LogFormat::github);
  CHECK(settings.verbosity == Verbosity::verbose);
  CHECK(settings.github.output == "/runner/out");
  CHECK(settings.github.step_summary == "/runner/summary");
}

TEST_CASE("environment: --log-format changes the lines, not the CI detected around the run", "[environment]") {
  const auto lookup = env({{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", "/runner/out"}});
  const OutputSettings settings = settings_from_environment(LogFormat::json, Verbosity::normal, lookup);
  CHECK(settings.format == LogFormat::json);
  CHECK(settings.ci == LogFormat::github);
  CHECK(settings.github.output == "/runner/out");
  CHECK(settings.github.step_summary.empty());
}

TEST_CASE("environment: GitLab and Jenkins are detected", "[environment]") {
  CHECK(settings_from_environment(std::nullopt, Verbosity::normal, env({{"GITLAB_CI", "true"}})).format ==
        LogFormat::gitlab);
  const OutputSettings jenkins =
      settings_from_environment(std::nullopt, Verbosity::quiet, env({{"JENKINS_URL", "https://ci/"}}));
  CHECK(jenkins.format == LogFormat::jenkins);
  CHECK(jenkins.ci == LogFormat::jenkins);
  CHECK(jenkins.verbosity == Verbosity::quiet);
}

TEST_CASE("environment: no CI and stderr not a terminal is plain, width 0", "[environment]") {
  if (k_tty) return;  // by hand on a terminal: the tty format, tested above by detect_log_format
  for (const config::EnvLookup& lookup : {env({}), config::EnvLookup{}}) {
    const OutputSettings settings = settings_from_environment(std::nullopt, Verbosity::normal, lookup);
    CHECK(settings.format == LogFormat::plain);
    CHECK_FALSE(settings.ci.has_value());
    CHECK(settings.width == 0);
    CHECK(settings.github.output.empty());
  }
}

TEST_CASE("environment: GITHUB_OUTPUT alone, without GITHUB_ACTIONS=true, is no GitHub", "[environment]") {
  const OutputSettings settings =
      settings_from_environment(std::nullopt, Verbosity::normal, env({{"GITHUB_OUTPUT", "/x"}, {"GITHUB_ACTIONS", "1"}}));
  CHECK_FALSE(settings.ci.has_value());
  CHECK(settings.format == (k_tty ? LogFormat::tty : LogFormat::plain));
  // The path is read whatever the CI (select.cpp decides whether to write it).
  CHECK(settings.github.output == "/x");
}

TEST_CASE("environment: describe_format says where the format came from", "[environment]") {
  CHECK(describe_format(LogFormat::json, env({{"GITHUB_ACTIONS", "true"}})) == "json (--log-format)");
  CHECK(describe_format(std::nullopt, env({{"GITHUB_ACTIONS", "true"}})) == "github (detected: GITHUB_ACTIONS=true)");
  CHECK(describe_format(std::nullopt, env({{"GITLAB_CI", "true"}})) == "gitlab (detected: GITLAB_CI=true)");
  CHECK(describe_format(std::nullopt, env({{"JENKINS_URL", "http://j"}})) == "jenkins (detected: JENKINS_URL is set)");
  if (!k_tty) {
    CHECK(describe_format(std::nullopt, env({})) == "plain (no CI detected, stderr is not a terminal)");
  }
  CHECK(describe_format(std::nullopt, env({{"TERM", "dumb"}})) == "plain (no CI detected, stderr is not a terminal)");
}
