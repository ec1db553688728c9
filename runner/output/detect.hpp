// Which output style a run uses: --log-format when given, else what the environment says
// (GITHUB_ACTIONS, GITLAB_CI, JENKINS_URL, a terminal on stderr). The one place that looks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "util/env_expand.hpp"

namespace jobwait::output {

enum class LogFormat {
  plain,   // a line per change on stderr
  tty,     // one live status line, redrawn in place
  json,    // one JSON object per line on stderr
  github,  // plain lines plus GitHub Actions workflow commands, outputs and step summary
  gitlab,  // plain lines in a collapsible section, plus a dotenv report
  jenkins, // plain lines (Jenkins reads the JUnit report and the dotenv file)
};

// --quiet: nothing but a failure's summary. --verbose: a line per request too.
enum class Verbosity { quiet, normal, verbose };

std::string_view to_string(LogFormat format);

// "plain", "tty", "json", "github", "gitlab", "jenkins"; the error names them and suggests one.
tl::expected<LogFormat, std::string> parse_log_format(std::string_view text);

std::vector<std::string_view> log_format_names();

// The CI system the process runs under, from the variables its runner sets in every step:
// GITHUB_ACTIONS=true (github), GITLAB_CI=true (gitlab), JENKINS_URL set (jenkins); none:
// nullopt. What a CI reads from files (GitHub's outputs and step summary, GitLab's dotenv
// report) follows this, whatever --log-format says about the lines on stderr.
std::optional<LogFormat> detect_ci(const config::EnvLookup& getenv);

// `chosen` wins; then GITHUB_ACTIONS=true, GITLAB_CI=true, JENKINS_URL set; then a terminal on
// stderr (and TERM not "dumb") gives the status line; else plain lines.
LogFormat detect_log_format(std::optional<LogFormat> chosen, const config::EnvLookup& getenv, bool stderr_is_tty);

// Whether the live status line may use colour: on a terminal, unless NO_COLOR is set to anything
// (https://no-color.org) or TERM is dumb.
bool wants_colour(const config::EnvLookup& getenv, bool stderr_is_tty);

}  // namespace jobwait::output
