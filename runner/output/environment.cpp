#include "output/environment.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace jobwait::output {

namespace {

std::string value_of(const config::EnvLookup& getenv, const std::string& name) {
  if (!getenv) return {};
  return getenv(name).value_or("");
}

std::size_t terminal_width(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

}  // namespace

OutputSettings settings_from_environment(std::optional<LogFormat> chosen, Verbosity verbosity,
                                         const config::EnvLookup& getenv) {
  OutputSettings settings;
  const bool tty = isatty(STDERR_FILENO) == 1;
  settings.format = detect_log_format(chosen, getenv, tty);
  settings.ci = detect_ci(getenv);
  settings.verbosity = verbosity;
  // The runner sets both for every step; they are written under GitHub Actions whatever the log
  // format (and with --log-format github when set).
  settings.github.output = value_of(getenv, "GITHUB_OUTPUT");
  settings.github.step_summary = value_of(getenv, "GITHUB_STEP_SUMMARY");
  settings.width = tty ? terminal_width(STDERR_FILENO) : 0;
  settings.colour = wants_colour(getenv, tty);
  return settings;
}

std::string describe_format(std::optional<LogFormat> chosen, const config::EnvLookup& getenv) {
  const LogFormat format = detect_log_format(chosen, getenv, isatty(STDERR_FILENO) == 1);
  std::string text(to_string(format));
  if (chosen) return text + " (--log-format)";
  switch (format) {
    case LogFormat::github: return text + " (detected: GITHUB_ACTIONS=true)";
    case LogFormat::gitlab: return text + " (detected: GITLAB_CI=true)";
    case LogFormat::jenkins: return text + " (detected: JENKINS_URL is set)";
    case LogFormat::tty: return text + " (detected: stderr is a terminal)";
    case LogFormat::plain:
    case LogFormat::json: break;
  }
  return text + " (no CI detected, stderr is not a terminal)";
}

}  // namespace jobwait::output
