#include "output/select.hpp"

#include <algorithm>

#include "output/dotenv.hpp"
#include "output/gitlab.hpp"
#include "output/json_log.hpp"
#include "output/junit.hpp"
#include "output/progress.hpp"
#include "output/status_line.hpp"

namespace jobwait::output {

namespace {

class Fanout final : public Reporter {
 public:
  explicit Fanout(std::vector<std::unique_ptr<Reporter>> reporters) : m_reporters(std::move(reporters)) {}

  void start(const RunStart& start) override {
    for (auto& r : m_reporters) r->start(start);
  }
  void on_poll(const PollTrace& trace) override {
    for (auto& r : m_reporters) r->on_poll(trace);
  }
  void on_update(const JobStatus& status, bool new_status, double elapsed) override {
    for (auto& r : m_reporters) r->on_update(status, new_status, elapsed);
  }
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    for (auto& r : m_reporters) r->on_retry(error, consecutive, elapsed);
  }
  void on_warning(std::string_view text) override {
    for (auto& r : m_reporters) r->on_warning(text);
  }
  void on_heartbeat(const JobStatus* last, double elapsed, double next_poll_in) override {
    for (auto& r : m_reporters) r->on_heartbeat(last, elapsed, next_poll_in);
  }
  void finish(const RunEnd& end) override {
    for (auto& r : m_reporters) r->finish(end);
  }
  std::chrono::milliseconds heartbeat() const override {
    std::chrono::milliseconds shortest = Reporter::heartbeat();
    for (const auto& r : m_reporters) shortest = std::min(shortest, r->heartbeat());
    return shortest;
  }

 private:
  std::vector<std::unique_ptr<Reporter>> m_reporters;
};

std::unique_ptr<Reporter> log_reporter(std::FILE* err, const Redactor& redactor, const OutputSettings& settings) {
  switch (settings.format) {
    case LogFormat::tty:
      // A quiet run has nothing to redraw.
      if (settings.verbosity == Verbosity::normal) return make_status_line_reporter(err, redactor, settings.width, settings.colour);
      return std::make_unique<ProgressPrinter>(err, redactor, settings.verbosity);
    case LogFormat::json:
      return make_json_log_reporter(err, redactor, settings.verbosity);
    case LogFormat::github:
      return make_github_reporter(err, redactor, settings.verbosity, settings.secrets);
    case LogFormat::gitlab:
      return make_gitlab_reporter(err, redactor, settings.verbosity);
    case LogFormat::plain:
    case LogFormat::jenkins:
      break;
  }
  return std::make_unique<ProgressPrinter>(err, redactor, settings.verbosity);
}

}  // namespace

std::unique_ptr<Reporter> make_reporter(std::FILE* err, const Redactor& redactor, const OutputSettings& settings) {
  std::vector<std::unique_ptr<Reporter>> reporters;
  reporters.push_back(log_reporter(err, redactor, settings));
  if (!settings.junit.empty()) reporters.push_back(make_junit_reporter(settings.junit, redactor, err));
  // Under GitHub Actions (or with --log-format github) the runner's files get the outputs and the
  // report whatever the lines on stderr look like.
  const bool github = settings.format == LogFormat::github || settings.ci == LogFormat::github;
  if (github && (!settings.github.output.empty() || !settings.github.step_summary.empty())) {
    reporters.push_back(make_github_files_reporter(settings.github, redactor, err));
  }
  const bool gitlab = settings.format == LogFormat::gitlab || settings.ci == LogFormat::gitlab;
  std::string dotenv = settings.dotenv;
  if (dotenv.empty() && gitlab) dotenv = k_gitlab_default_dotenv;
  if (!dotenv.empty()) reporters.push_back(make_dotenv_reporter(dotenv, redactor, err));
  return std::make_unique<Fanout>(std::move(reporters));
}

}  // namespace jobwait::output
