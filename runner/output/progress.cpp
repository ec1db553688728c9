#include "output/progress.hpp"

#include <chrono>
#include <cmath>

#include "util/duration.hpp"
#include "util/escape.hpp"

namespace jobwait {

namespace {

std::string task_summary(const JobStatus& status) {
  const std::string count = task_count(status);
  return count.empty() ? count : ", " + count;
}

std::string progress_summary(const JobStatus& status) {
  if (!status.progress) return {};
  return ", progress " + std::to_string(static_cast<int>(std::lround(*status.progress))) + "%";
}

std::string stamp(double elapsed_seconds) { return "[" + format_elapsed(elapsed_seconds) + "] "; }

}  // namespace

std::string format_elapsed(double seconds) {
  seconds = std::max(0.0, seconds);
  // Whole seconds from ten on; below, tenths ("0.4s", "2.5s"), so a short wait never reads "in 0s".
  if (seconds >= 9.95) return config::format_duration(std::chrono::seconds(std::lround(seconds)));
  const long tenths = std::lround(seconds * 10);
  return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "." + std::to_string(tenths % 10) : "") + "s";
}

std::string task_count(const JobStatus& status) {
  if (status.tasks.empty()) return {};
  int done = 0, failed = 0;
  for (const Task& task : status.tasks) {
    done += task.state == State::succeeded ? 1 : 0;
    failed += task.state == State::failed || task.state == State::cancelled ? 1 : 0;
  }
  std::string text = "tasks " + std::to_string(done) + "/" + std::to_string(status.tasks.size()) + " done";
  if (failed != 0) text += ", " + std::to_string(failed) + " failed";
  return text;
}

std::string summary_line(const RunRecord& run) {
  std::string line = std::string(to_string(run.outcome)) + " after " + format_elapsed(run.elapsed_seconds);
  if (!run.jobs.empty()) {
    const int polls = run.jobs.front().wait.polls;
    line += ", " + std::to_string(polls) + (polls == 1 ? " poll" : " polls");
  }
  line += ": " + run.message;
  if (run.mapped_exit_code) line += " (exit " + std::to_string(*run.mapped_exit_code) + " per [exit_codes])";
  return line;
}

void ProgressPrinter::say(std::string_view text) {
  // Escaped as a whole (jobwait's own words have nothing to escape), after the Redactor so a
  // secret is matched in the text as it came.
  const std::string line = escape_untrusted(m_redactor.apply(text));
  std::fprintf(m_out, "jobwait: %s\n", line.c_str());
  std::fflush(m_out);
}

void ProgressPrinter::start(const output::RunStart& start) {
  m_attempt.clear();  // a project lookup before the job is over
  if (!chatty()) return;
  say("waiting for " + start.provider + " job " + start.job_id + " (timeout " + config::format_duration(start.timeout) +
      "): " + start.url);
}

void ProgressPrinter::on_poll(const output::PollTrace& trace) {
  if (m_verbosity != output::Verbosity::verbose) return;
  std::string text = stamp(trace.elapsed_seconds) + "poll " + std::to_string(trace.number) + ": ";
  if (trace.http_status != 0 && trace.text.find("HTTP ") == std::string::npos) {
    text += "HTTP " + std::to_string(trace.http_status) + " ";
  }
  text += trace.text + " (" + std::to_string(std::lround(trace.duration_seconds * 1000)) + "ms)";
  say(text);
}

std::string ProgressPrinter::changed_tasks(const JobStatus& status) {
  // The first status's tasks are in its count; from then on, each task that changed or is new.
  const bool first = !m_seen_update;
  m_seen_update = true;
  std::string changed;
  for (const Task& task : status.tasks) {
    const std::string& key = task.id.empty() ? task.name : task.id;
    auto [seen, added] = m_task_status.try_emplace(key, task.status);
    if (first || (!added && seen->second == task.status)) continue;
    seen->second = task.status;
    changed += (changed.empty() ? "" : ", ") + (task.name.empty() ? key : task.name) + ": " + task.status;
  }
  return changed;
}

void ProgressPrinter::on_update(const JobStatus& status, bool, double elapsed_seconds) {
  const std::string tasks = changed_tasks(status);  // remembered even when quiet
  if (!chatty()) return;
  say(stamp(elapsed_seconds) + status.status + " (" + std::string(to_string(status.state)) + ")" +
      progress_summary(status) + task_summary(status) + (tasks.empty() ? "" : "; " + tasks));
}

void ProgressPrinter::on_retry(const Error& error, int consecutive, double elapsed_seconds) {
  m_attempt = error.attempt;
  if (!chatty()) return;
  const std::string what = error.attempt.empty() ? "poll" : error.attempt;
  std::string text = stamp(elapsed_seconds) + what + " failed (" + std::to_string(consecutive) + " in a row): " + error.message;
  if (error.http_status != 0) text += " [HTTP " + std::to_string(error.http_status) + "]";
  say(text + "; retrying");
}

void ProgressPrinter::on_warning(std::string_view text) {
  if (chatty()) say("warning: " + std::string(text));
}

void ProgressPrinter::on_heartbeat(const JobStatus* last, double elapsed_seconds, double next_poll_in) {
  if (!chatty()) return;
  if (last == nullptr && !m_attempt.empty()) {
    say(stamp(elapsed_seconds) + "retrying the " + m_attempt + ", next try in " + format_elapsed(next_poll_in));
    return;
  }
  const std::string what = last ? "still " + last->status : "no status yet";
  say(stamp(elapsed_seconds) + what + ", next poll in " + format_elapsed(next_poll_in));
}

void ProgressPrinter::finish(const output::RunEnd& end) {
  // A step-file error was already printed where it was found.
  if (end.run.outcome == Outcome::config_error) return;
  if (!chatty() && end.run.outcome == Outcome::succeeded) return;
  say(summary_line(end.run));
}

}  // namespace jobwait
