// Plain progress on stderr: a line per change, a heartbeat while nothing changes, a summary at
// the end. Every line passes the Redactor. stdout stays free for --json. The CI styles
// (output/github.*, output/gitlab.*) print their lines through one of these.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait {

class ProgressPrinter final : public output::Reporter {
 public:
  ProgressPrinter(std::FILE* out, const Redactor& redactor, output::Verbosity verbosity = output::Verbosity::normal)
      : m_out(out), m_redactor(redactor), m_verbosity(verbosity) {}

  void start(const output::RunStart& start) override;
  void on_poll(const output::PollTrace& trace) override;
  void on_update(const JobStatus& status, bool new_status, double elapsed_seconds) override;
  void on_retry(const Error& error, int consecutive, double elapsed_seconds) override;
  void on_warning(std::string_view text) override;
  void on_heartbeat(const JobStatus* last, double elapsed_seconds, double next_poll_in) override;
  // The one-line summary; with --quiet only when the job did not succeed.
  void finish(const output::RunEnd& end) override;

  // Any other line (never suppressed: errors).
  void say(std::string_view text);

 private:
  bool chatty() const { return m_verbosity != output::Verbosity::quiet; }
  // "InstallMaster: Success" for each task whose status changed since the last update.
  std::string changed_tasks(const JobStatus& status);

  std::FILE* m_out;
  const Redactor& m_redactor;
  output::Verbosity m_verbosity;
  std::map<std::string, std::string> m_task_status;  // by task id (or name), as last printed
  bool m_seen_update = false;
  // What is being retried when it is not the job ("IAM project lookup"), for the heartbeat.
  std::string m_attempt;
};

// "42s", "1m30s", "2h5m", and under ten seconds to a tenth ("0.4s", "2.5s"): for elapsed times
// in messages.
std::string format_elapsed(double seconds);

// "tasks 2/3 done" for a status with tasks ("tasks 1/3 done, 1 failed": a failed task is not
// done); empty without.
std::string task_count(const JobStatus& status);

// The summary line: "failed after 1m5s, 27 polls: job failed (status Failed): quota".
std::string summary_line(const RunRecord& run);

}  // namespace jobwait
