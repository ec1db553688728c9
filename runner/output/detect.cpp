#include "output/detect.hpp"

#include <array>
#include <utility>

#include "util/edit_distance.hpp"

namespace jobwait::output {

namespace {

constexpr std::array<std::pair<std::string_view, LogFormat>, 6> k_formats{{
    {"plain", LogFormat::plain},
    {"tty", LogFormat::tty},
    {"json", LogFormat::json},
    {"github", LogFormat::github},
    {"gitlab", LogFormat::gitlab},
    {"jenkins", LogFormat::jenkins},
}};

bool is_set(const config::EnvLookup& getenv, const std::string& name) {
  if (!getenv) return false;
  const std::optional<std::string> value = getenv(name);
  return value && !value->empty();
}

bool is_true(const config::EnvLookup& getenv, const std::string& name) {
  if (!getenv) return false;
  const std::optional<std::string> value = getenv(name);
  return value && *value == "true";
}

}  // namespace

std::string_view to_string(LogFormat format) {
  for (const auto& [name, value] : k_formats) {
    if (value == format) return name;
  }
  return "plain";
}

std::vector<std::string_view> log_format_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, value] : k_formats) names.push_back(name);
  return names;
}

tl::expected<LogFormat, std::string> parse_log_format(std::string_view text) {
  for (const auto& [name, value] : k_formats) {
    if (name == text) return value;
  }
  std::string message = "unknown log format \"" + std::string(text) + "\"";
  if (auto guess = config::closest(text, log_format_names())) {
    message += " (did you mean \"" + *guess + "\"?)";
  } else {
    message += " (known: plain, tty, json, github, gitlab, jenkins)";
  }
  return tl::unexpected(message);
}

std::optional<LogFormat> detect_ci(const config::EnvLookup& getenv) {
  // The runners set these in every step's environment; each documents the exact value.
  if (is_true(getenv, "GITHUB_ACTIONS")) return LogFormat::github;
  if (is_true(getenv, "GITLAB_CI")) return LogFormat::gitlab;
  if (is_set(getenv, "JENKINS_URL")) return LogFormat::jenkins;
  return std::nullopt;
}

bool wants_colour(const config::EnvLookup& getenv, bool stderr_is_tty) {
  if (!stderr_is_tty || !getenv) return stderr_is_tty;
  const std::optional<std::string> no_colour = getenv("NO_COLOR");
  return (!no_colour || no_colour->empty()) && getenv("TERM") != std::optional<std::string>("dumb");
}

LogFormat detect_log_format(std::optional<LogFormat> chosen, const config::EnvLookup& getenv, bool stderr_is_tty) {
  if (chosen) return *chosen;
  if (const std::optional<LogFormat> ci = detect_ci(getenv)) return *ci;
  if (stderr_is_tty && !(getenv && getenv("TERM") == std::optional<std::string>("dumb"))) return LogFormat::tty;
  return LogFormat::plain;
}

}  // namespace jobwait::output
