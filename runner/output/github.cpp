#include "output/github.hpp"

#include <cmath>
#include <optional>
#include <random>
#include <set>

#include "output/progress.hpp"
#include "output/run_outputs.hpp"
#include "util/escape.hpp"

namespace jobwait::output {

namespace {

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, start)) {
    out.append(text.substr(start, at - start)).append(to);
    start = at + from.size();
  }
  return out.append(text.substr(start));
}

// A table cell: one line (util/escape.hpp), no column breaks.
std::string cell(std::string_view text) {
  if (text.empty()) return "–";
  return replace_all(escape_untrusted(text), "|", "\\|");
}

std::string seconds_text(double seconds) { return format_elapsed(seconds); }

void write_line(std::FILE* out, std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), out);
  std::fputc('\n', out);
  std::fflush(out);
}

class GithubReporter final : public Reporter {
 public:
  GithubReporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity, std::vector<std::string> secrets)
      : m_out(out),
        m_redactor(redactor),
        m_verbosity(verbosity),
        m_lines(out, redactor, verbosity),
        m_secrets(std::move(secrets)) {
    // A secret the run obtains later (an IAM token) is masked the moment it is known: before
    // the request that first carries it is sent, so before any answer could echo it.
    if (const SecretRegistry* registry = m_redactor.registry()) {
      m_listener = registry->add_listener([this](const std::string& secret) { add_mask(secret); });
    }
  }
  ~GithubReporter() override {
    if (m_listener) m_redactor.registry()->remove_listener(*m_listener);
  }
  GithubReporter(const GithubReporter&) = delete;
  GithubReporter& operator=(const GithubReporter&) = delete;

  void start(const RunStart& start) override {
    for (const std::string& secret : m_secrets) add_mask(secret);
    if (const SecretRegistry* registry = m_redactor.registry()) {
      for (const std::string& secret : registry->secrets()) add_mask(secret);
    }
    if (m_verbosity == Verbosity::verbose) {
      write_line(m_out, m_redactor.apply("::group::jobwait: polling " + start.provider + " job " +
                                         github_escape_data(escape_untrusted(start.job_id))));
      m_group_open = true;
    }
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
    if (m_group_open) write_line(m_out, "::endgroup::");
    m_lines.finish(end);
    if (const std::string annotation = github_annotation(end.run); !annotation.empty()) {
      write_line(m_out, m_redactor.apply(annotation));
    }
  }

 private:
  std::FILE* m_out;
  const Redactor& m_redactor;
  Verbosity m_verbosity;
  ProgressPrinter m_lines;
  // Unredacted on purpose: telling the runner a value is what makes it mask it in every
  // later line of the log, including other steps' lines. Each secret once.
  void add_mask(const std::string& secret) {
    if (!m_masked.insert(secret).second) return;
    std::size_t begin = 0;
    while (begin <= secret.size()) {
      const std::size_t end = std::min(secret.find('\n', begin), secret.size());
      const std::string line = secret.substr(begin, end - begin);
      if (!line.empty()) write_line(m_out, "::add-mask::" + github_escape_data(line));
      begin = end + 1;
    }
  }

  std::vector<std::string> m_secrets;
  std::set<std::string> m_masked;
  std::optional<std::size_t> m_listener;
  bool m_group_open = false;
};

class GithubFilesReporter final : public FinishOnlyReporter {
 public:
  GithubFilesReporter(GithubFiles files, const Redactor& redactor, std::FILE* err)
      : m_files(std::move(files)), m_redactor(redactor), m_err(err) {}

  void finish(const RunEnd& end) override {
    if (!m_files.output.empty()) {
      report(append_to_file(m_files.output, m_redactor.apply(github_output_lines(run_outputs(end)))));
    }
    if (!m_files.step_summary.empty()) {
      report(append_to_file(m_files.step_summary, m_redactor.apply(github_step_summary(end.run))));
    }
  }

 private:
  void report(const tl::expected<void, std::string>& written) {
    if (!written) {
      std::fprintf(m_err, "%s\n", m_redactor.apply("jobwait: cannot write a GitHub Actions file: " + written.error()).c_str());
    }
  }

  GithubFiles m_files;
  const Redactor& m_redactor;
  std::FILE* m_err;
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity,
                                               std::vector<std::string> secrets) {
  return std::make_unique<GithubReporter>(out, redactor, verbosity, std::move(secrets));
}

std::unique_ptr<Reporter> make_github_files_reporter(GithubFiles files, const Redactor& redactor, std::FILE* err) {
  return std::make_unique<GithubFilesReporter>(std::move(files), redactor, err);
}

std::string github_escape_data(std::string_view text) {
  return replace_all(replace_all(replace_all(text, "%", "%25"), "\r", "%0D"), "\n", "%0A");
}

std::string github_escape_property(std::string_view text) {
  return replace_all(replace_all(github_escape_data(text), ":", "%3A"), ",", "%2C");
}

std::string github_annotation(const RunRecord& run) {
  if (run.outcome == Outcome::succeeded) return {};
  // A remapped code of 0 (a non-blocking wait) must not mark the step red in the UI.
  const std::string level = process_exit_code(run) == 0 ? "warning" : "error";
  std::string properties;
  if (run.config_problem) {
    const ConfigProblem& problem = *run.config_problem;
    properties += "file=" + github_escape_property(escape_untrusted(problem.file)) + ",";
    if (problem.line > 0) {
      properties += "line=" + std::to_string(problem.line) + ",col=" + std::to_string(problem.column) + ",";
    }
  }
  std::string title = "jobwait: " + std::string(to_string(run.outcome));
  if (!run.step_name.empty()) title += " (" + run.step_name + ")";
  // Escaped twice over: util/escape.hpp makes the API text one line that starts nothing, then
  // GitHub's own rules (% CR LF; a property also : ,) keep it inside its field.
  properties += "title=" + github_escape_property(escape_untrusted(title));
  return "::" + level + " " + properties + "::" + github_escape_data(escape_untrusted(run.message));
}

std::string github_step_summary(const RunRecord& run) {
  std::string md = "### jobwait";
  if (!run.step_name.empty()) md += ": " + cell(run.step_name);
  md += " — " + std::string(to_string(run.outcome)) + "\n\n" + cell(run.message) + "\n\n";
  md += "Exit code " + std::to_string(process_exit_code(run));
  if (run.mapped_exit_code) md += " (mapped by [exit_codes]; the standard code is " + std::to_string(static_cast<int>(run.exit_code)) + ")";
  md += ", after " + seconds_text(run.elapsed_seconds) + ".\n\n";
  for (const JobRecord& job : run.jobs) {
    const std::optional<JobStatus>& status = job.wait.last_status;
    md += "| provider | job | state | status | progress | polls |\n|---|---|---|---|---|---|\n";
    md += "| " + cell(job.provider) + " | " + cell(job.id) + " | " +
          (status ? std::string(to_string(status->state)) : "unknown") + " | " + cell(status ? status->status : "") +
          " | " +
          (status && status->progress ? std::to_string(static_cast<int>(std::lround(*status->progress))) + "%" : "–") +
          " | " + std::to_string(job.wait.polls) + " |\n\n";
    if (status && !status->reason.empty()) md += "**Reason:** " + cell(status->reason) + "\n\n";
    if (status && !status->tasks.empty()) {
      md += "**Tasks** (" + task_count(*status) + ")\n\n| task | state | status | message |\n|---|---|---|---|\n";
      for (const Task& task : status->tasks) {
        md += "| " + cell(task.name.empty() ? task.id : task.name) + " | " + std::string(to_string(task.state)) + " | " +
              cell(task.status) + " | " + cell(task.message) + " |\n";
      }
      md += "\n";
    }
    if (!job.wait.timeline.empty()) {
      md += "**Timeline**\n\n| at | elapsed | status | state |\n|---|---|---|---|\n";
      for (const TimelineEntry& entry : job.wait.timeline) {
        md += "| " + format_utc(entry.at) + " | " + seconds_text(entry.elapsed_seconds) + " | " + cell(entry.status) +
              " | " + std::string(to_string(entry.state)) + " |\n";
      }
      md += "\n";
    }
  }
  return md;
}

std::string github_output_lines(const std::vector<std::pair<std::string, std::string>>& outputs) {
  std::string text;
  for (const auto& [name, value] : outputs) {
    if (value.find_first_of("\r\n") == std::string::npos) {
      text += name + "=" + value + "\n";
      continue;
    }
    // A value with a newline needs a delimiter that cannot occur in it.
    std::string delimiter = "ghadelimiter_";
    std::mt19937_64 random{std::random_device{}()};
    do {
      delimiter = "ghadelimiter_" + std::to_string(random());
    } while (value.find(delimiter) != std::string::npos);
    text += name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
  }
  return text;
}

}  // namespace jobwait::output
