#include "output/junit.hpp"

#include <cstdio>

#include <unistd.h>

#include "output/progress.hpp"
#include "util/escape.hpp"

namespace jobwait::output {

namespace {

// Attribute values are one line: escaped (util/escape.hpp) before XML's own escaping, so a
// control character is shown, not dropped.
std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(escape_untrusted(value)) + "\"";
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

struct Case {
  std::string classname;
  std::string name;
  double seconds = 0;
  std::string kind;  // "", "failure", "error" or "skipped"
  std::string type;
  std::string message;
  std::string details;
};

// ISO 8601 without a zone, as Ant's schema wants the testsuite timestamp.
std::string ant_timestamp(const RunRecord& run) {
  const std::string utc = format_utc(run.started_at);
  return utc.substr(0, 19);
}

// Whether [exit_codes] made this job's outcome exit 0: the pipeline chose to pass it (a
// non-blocking wait, `timed_out = 0`), so the report must not turn the build red or UNSTABLE
// (Jenkins' junit step does for any <failure> or <error>). By the table's changes, so each of
// several jobs is judged by its own outcome; a single job also by the code the run exits with.
bool mapped_to_success(const RunRecord& run, const JobRecord& job) {
  if (job.wait.outcome == Outcome::succeeded) return false;
  const auto change = run.exit_code_changes.find(std::string(to_string(job.wait.outcome)));
  if (change != run.exit_code_changes.end()) return change->second == 0;
  return run.jobs.size() == 1 && job.wait.outcome == run.outcome && process_exit_code(run) == 0;
}

// Each job by its own outcome: with several jobs in one step, one may fail while others succeed.
Case job_case(const RunRecord& run, const JobRecord& job) {
  Case c{"jobwait." + job.provider, "job " + job.id, run.elapsed_seconds, "", "", "", ""};
  const std::optional<JobStatus>& status = job.wait.last_status;
  const Outcome outcome = job.wait.outcome;
  if (outcome == Outcome::succeeded) return c;
  const bool job_itself = outcome == Outcome::failed || outcome == Outcome::cancelled;
  c.kind = job_itself ? "failure" : "error";
  c.type = std::string(to_string(outcome));
  c.message = status && !status->reason.empty() ? status->reason : job.wait.message;
  if (mapped_to_success(run, job)) {
    // <skipped> has no type: the outcome goes into the message with the reason.
    c.kind = "skipped";
    c.type.clear();
    c.message = std::string(to_string(outcome)) + " (exit 0 per [exit_codes]): " + c.message;
  }
  // Lines of our own, each piece of API text escaped onto its line.
  c.details = escape_untrusted(job.wait.message);
  if (status) {
    c.details += "\nlast status: " + escape_untrusted(status->status) + " (" + std::string(to_string(status->state)) + ")";
  }
  if (job.wait.last_error) c.details += "\nlast error: " + escape_untrusted(job.wait.last_error->message);
  return c;
}

// A task's failure inside a job whose outcome was mapped to exit 0 is skipped too (`passed`).
Case task_case(const JobRecord& job, const Task& task, bool passed) {
  const std::string name = task.name.empty() ? task.id : task.name;
  Case c{"jobwait." + job.provider + ".job " + job.id, "task " + name, 0, "", "", "", ""};
  switch (task.state) {
    case State::succeeded:
      break;
    case State::failed:
    case State::cancelled:
      c.kind = passed ? "skipped" : "failure";
      if (!passed) c.type = std::string(to_string(task.state));
      c.message = task.message.empty() ? "task " + std::string(to_string(task.state)) + " (status " + task.status + ")"
                                       : task.message;
      if (passed) c.message = "task " + std::string(to_string(task.state)) + " (exit 0 per [exit_codes]): " + c.message;
      c.details = "status " + escape_untrusted(task.status);
      break;
    case State::pending:
    case State::running:
    case State::unknown:
      c.kind = "skipped";
      c.message = "not finished when the wait ended (status " + task.status + ")";
      break;
  }
  return c;
}

std::string render(const Case& c) {
  std::string xml = "    <testcase" + attr("classname", c.classname) + attr("name", c.name) + attr("time", number(c.seconds));
  if (c.kind.empty()) return xml + "/>\n";
  xml += ">\n      <" + c.kind + attr("message", c.message);
  if (!c.type.empty()) xml += attr("type", c.type);
  xml += c.details.empty() ? "/>\n" : ">" + xml_escape(c.details) + "</" + c.kind + ">\n";
  return xml + "    </testcase>\n";
}

class JunitReporter final : public FinishOnlyReporter {
 public:
  JunitReporter(std::string path, const Redactor& redactor, std::FILE* err)
      : m_path(std::move(path)), m_redactor(redactor), m_err(err) {}

  void finish(const RunEnd& end) override {
    char host[256] = "localhost";
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    host[sizeof host - 1] = '\0';
    if (auto written = write_atomically(m_path, m_redactor.apply(junit_xml(end.run, host))); !written) {
      std::fprintf(m_err, "jobwait: cannot write the JUnit report: %s\n", written.error().c_str());
    }
  }

 private:
  std::string m_path;
  const Redactor& m_redactor;
  std::FILE* m_err;
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(std::string path, const Redactor& redactor, std::FILE* err) {
  return std::make_unique<JunitReporter>(std::move(path), redactor, err);
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows tab, LF and CR among the control characters, nothing else.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string junit_xml(const RunRecord& run, std::string_view hostname) {
  std::vector<Case> cases;
  for (const JobRecord& job : run.jobs) {
    cases.push_back(job_case(run, job));
    if (job.wait.last_status) {
      const bool passed = mapped_to_success(run, job);
      for (const Task& task : job.wait.last_status->tasks) cases.push_back(task_case(job, task, passed));
    }
  }
  int failures = 0, errors = 0, skipped = 0;
  for (const Case& c : cases) {
    failures += c.kind == "failure" ? 1 : 0;
    errors += c.kind == "error" ? 1 : 0;
    skipped += c.kind == "skipped" ? 1 : 0;
  }
  const std::string suite = run.step_name.empty() ? "jobwait " + run.step_file : run.step_name;
  const std::string counts = attr("tests", std::to_string(cases.size())) + attr("failures", std::to_string(failures)) +
                             attr("errors", std::to_string(errors));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + attr("name", "jobwait") + counts + attr("time", number(run.elapsed_seconds)) + ">\n";
  xml += "  <testsuite" + attr("name", suite) + counts + attr("skipped", std::to_string(skipped)) +
         attr("time", number(run.elapsed_seconds)) + attr("timestamp", ant_timestamp(run)) +
         attr("hostname", hostname.empty() ? "localhost" : hostname) + ">\n";
  xml += "    <properties>\n";
  xml += "      <property" + attr("name", "outcome") + attr("value", to_string(run.outcome)) + "/>\n";
  xml += "      <property" + attr("name", "exit_code") + attr("value", std::to_string(process_exit_code(run))) + "/>\n";
  xml += "      <property" + attr("name", "step_file") + attr("value", run.step_file) + "/>\n";
  xml += "    </properties>\n";
  for (const Case& c : cases) xml += render(c);
  xml += "    <system-out>" + xml_escape(escape_untrusted(summary_line(run))) + "</system-out>\n";
  xml += "    <system-err/>\n";
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace jobwait::output
