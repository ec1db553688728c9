#include "output/gitlab.hpp"

#include <chrono>

#include "output/progress.hpp"
#include "util/escape.hpp"

namespace jobwait::output {

namespace {

constexpr std::string_view k_section = "jobwait_wait";

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class GitlabReporter final : public Reporter {
 public:
  GitlabReporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity)
      : m_out(out), m_redactor(redactor), m_verbosity(verbosity), m_lines(out, redactor, verbosity) {}

  void start(const RunStart& start) override {
    if (m_verbosity == Verbosity::quiet) return;
    // A verbose wait is long; fold it unless someone opens it.
    write(gitlab_section_start(k_section, unix_now(),
                               "jobwait: waiting for " + start.provider + " job " + escape_untrusted(start.job_id),
                               m_verbosity == Verbosity::verbose));
    m_open = true;
    m_lines.start(start);
  }
  void on_poll(const PollTrace& trace) override { m_lines.on_poll(trace); }
  void on_update(const JobStatus& status, bool new_status, double elapsed) override {
    m_lines.on_update(status, new_status, elapsed);
  }
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    m_lines.on_retry(error, consecutive, elapsed);
  }
  void on_warning(std::string_view text) override { m_lines.on_warning(text); }
  void on_heartbeat(const JobStatus* last, double elapsed, double next_poll_in) override {
    m_lines.on_heartbeat(last, elapsed, next_poll_in);
  }
  void finish(const RunEnd& end) override {
    if (m_open) write(gitlab_section_end(k_section, unix_now()));
    m_lines.finish(end);
  }

 private:
  void write(const std::string& text) {
    const std::string line = m_redactor.apply(text);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fflush(m_out);
  }

  std::FILE* m_out;
  const Redactor& m_redactor;
  Verbosity m_verbosity;
  ProgressPrinter m_lines;
  bool m_open = false;
};

}  // namespace

std::unique_ptr<Reporter> make_gitlab_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity) {
  return std::make_unique<GitlabReporter>(out, redactor, verbosity);
}

std::string gitlab_section_start(std::string_view name, long long unix_seconds, std::string_view header,
                                 bool collapsed) {
  return "\x1b[0Ksection_start:" + std::to_string(unix_seconds) + ":" + std::string(name) +
         (collapsed ? "[collapsed=true]" : "") + "\r\x1b[0K" + std::string(header) + "\n";
}

std::string gitlab_section_end(std::string_view name, long long unix_seconds) {
  return "\x1b[0Ksection_end:" + std::to_string(unix_seconds) + ":" + std::string(name) + "\r\x1b[0K\n";
}

}  // namespace jobwait::output
