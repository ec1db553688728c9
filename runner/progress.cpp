#include "progress.hpp"

#include <chrono>
#include <cmath>

#include "config/duration.hpp"

namespace jobwait {

namespace {

std::string task_summary(const JobStatus& status) {
  if (status.tasks.empty()) return {};
  int done = 0;
  for (const Task& task : status.tasks) done += is_terminal(task.state) ? 1 : 0;
  return ", tasks " + std::to_string(done) + "/" + std::to_string(status.tasks.size()) + " done";
}

std::string progress_summary(const JobStatus& status) {
  if (!status.progress) return {};
  return ", progress " + std::to_string(static_cast<int>(std::lround(*status.progress))) + "%";
}

}  // namespace

std::string format_elapsed(double seconds) {
  const auto whole = std::chrono::seconds(std::lround(std::max(0.0, seconds)));
  return config::format_duration(std::chrono::duration_cast<std::chrono::milliseconds>(whole));
}

void ProgressPrinter::say(std::string_view text) {
  const std::string line = m_redactor.apply(text);
  std::fprintf(m_out, "jobwait: %s\n", line.c_str());
  std::fflush(m_out);
}

void ProgressPrinter::on_update(const JobStatus& status, bool, double elapsed_seconds) {
  say("[" + format_elapsed(elapsed_seconds) + "] " + status.status + " (" + std::string(to_string(status.state)) +
      ")" + progress_summary(status) + task_summary(status));
}

void ProgressPrinter::on_retry(const Error& error, int consecutive, double elapsed_seconds) {
  std::string text = "[" + format_elapsed(elapsed_seconds) + "] poll failed (" + std::to_string(consecutive) +
                     " in a row): " + error.message;
  if (error.http_status != 0) text += " [HTTP " + std::to_string(error.http_status) + "]";
  say(text + "; retrying");
}

void ProgressPrinter::on_warning(std::string_view text) { say("warning: " + std::string(text)); }

void ProgressPrinter::on_heartbeat(const JobStatus* last, double elapsed_seconds, double next_poll_in) {
  const std::string what = last ? "still " + last->status : "no status yet";
  say("[" + format_elapsed(elapsed_seconds) + "] " + what + ", next poll in " + format_elapsed(next_poll_in));
}

}  // namespace jobwait
