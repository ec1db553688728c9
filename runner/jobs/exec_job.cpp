#include "jobs/exec_job.hpp"

#include <string>
#include <utility>
#include <vector>

#include "jobs/process.hpp"
#include "providers/exec_output.hpp"
#include "providers/json_fields.hpp"

namespace jobwait {

namespace {

// The last non-empty line of the command's stderr: where a script says what went wrong.
std::string last_line(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  const std::size_t newline = text.rfind('\n');
  return providers::json::excerpt(newline == std::string_view::npos ? text : text.substr(newline + 1), 200);
}

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto tenths = (duration.count() + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "s";
}

// Why a run gave no answer, in one line.
std::string failure_text(const ProcessResult& run, std::chrono::milliseconds timeout, std::size_t max_stdout) {
  switch (run.end) {
    case ProcessResult::End::not_started: return "cannot start the command: " + run.error;
    case ProcessResult::End::timed_out: return "the command ran past its time limit (" + seconds_text(timeout) + ")";
    case ProcessResult::End::too_large: return "the command printed more than " + std::to_string(max_stdout / 1024) + " KiB";
    case ProcessResult::End::interrupted: return "interrupted";
    case ProcessResult::End::signalled: return "the command was killed by signal " + std::to_string(run.signal);
    case ProcessResult::End::exited: return "the command exited with status " + std::to_string(run.exit_code);
  }
  return "the command failed";
}

class ExecJob final : public Job {
 public:
  ExecJob(const config::StepConfig& step, std::string program) : m_job(step.job), m_token(step.auth.token) {
    m_argv = m_job.command;
    m_argv.front() = std::move(program);
    m_url = "exec:";
    for (const std::string& arg : m_job.command) m_url += (m_url.size() > 5 ? " " : "") + arg;
  }

  tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) override {
    ++m_stats.requests;
    ProcessLimits limits;
    limits.timeout = request_timeout;
    const ProcessResult run = run_process(m_argv, environment(request_timeout), limits);
    const std::string stderr_line = last_line(run.err_tail);
    const auto with_stderr = [&](std::string message) {
      return stderr_line.empty() ? message : message + ": " + stderr_line;
    };
    if (run.end != ProcessResult::End::exited || run.exit_code != 0) {
      ++m_stats.transport_errors;
      return tl::unexpected(Error::transient(with_stderr(failure_text(run, request_timeout, limits.max_stdout))));
    }
    auto status = providers::parse_exec_output(run.out);
    if (!status) {
      if (status.error().kind == ErrorKind::transient) ++m_stats.transport_errors;
      status.error().message = with_stderr(std::move(status.error().message));
    }
    return status;
  }

  const std::string& url() const override { return m_url; }
  const HttpStats& stats() const override { return m_stats; }

 private:
  // docs/exec-protocol.md, "How the command is run".
  std::vector<std::pair<std::string, std::string>> environment(std::chrono::milliseconds timeout) const {
    std::vector<std::pair<std::string, std::string>> env{
        {"JOBWAIT_PROTOCOL", "1"},
        {"JOBWAIT_JOB_ID", m_job.id},
        {"JOBWAIT_PROJECT_ID", m_job.project_id},
        {"JOBWAIT_REGION", m_job.region},
        {"JOBWAIT_ENDPOINT", m_job.endpoint},
        {"JOBWAIT_SERVICE", m_job.service},
        {"JOBWAIT_POLL", std::to_string(m_stats.requests)},
        {"JOBWAIT_TIMEOUT_MS", std::to_string(timeout.count())},
    };
    if (!m_token.empty()) env.emplace_back("JOBWAIT_AUTH_TOKEN", m_token);
    return env;
  }

  config::JobConfig m_job;
  std::string m_token;
  std::vector<std::string> m_argv;  // the program resolved to a path
  std::string m_url;
  HttpStats m_stats;
};

}  // namespace

std::unique_ptr<Job> make_exec_job(const config::StepConfig& step) {
  // Resolved when the file loaded too (check_command); a program gone since fails each run.
  std::string program = find_executable(step.job.command.front()).value_or(step.job.command.front());
  return std::make_unique<ExecJob>(step, std::move(program));
}

std::optional<providers::KeyProblem> check_command(const config::JobConfig& job) {
  if (job.command.empty()) return std::nullopt;  // required_keys reports a missing one
  const std::string& program = job.command.front();
  if (find_executable(program)) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    return providers::KeyProblem{"job.command", "\"" + program + "\" is not an executable file"};
  }
  return providers::KeyProblem{"job.command", "\"" + program + "\" is not an executable in PATH (give a path, e.g. \"./" + program + "\")"};
}

}  // namespace jobwait
