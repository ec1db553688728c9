#include "result/artifact.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "result/json_text.hpp"

namespace jobwait {

namespace json = boost::json;

namespace {

double seconds(std::chrono::milliseconds duration) { return static_cast<double>(duration.count()) / 1000.0; }

json::object times_to_json(const Times& times) {
  json::object out;
  for (const auto& [name, stamp] : times) {
    json::object entry{{"raw", stamp.raw}};
    entry["utc"] = stamp.utc ? json::value(*stamp.utc) : json::value(nullptr);
    out[name] = std::move(entry);
  }
  return out;
}

json::value error_to_json(const std::optional<Error>& error) {
  if (!error) return nullptr;
  json::object out{{"kind", to_string(error->kind)}, {"message", error->message}};
  out["code"] = error->code.empty() ? json::value(nullptr) : json::value(error->code);
  out["request_id"] = error->request_id.empty() ? json::value(nullptr) : json::value(error->request_id);
  out["http_status"] = error->http_status == 0 ? json::value(nullptr) : json::value(error->http_status);
  out["retry_after_seconds"] =
      error->retry_after ? json::value(seconds(*error->retry_after)) : json::value(nullptr);
  return out;
}

json::array tasks_to_json(const std::vector<Task>& tasks) {
  json::array out;
  for (const Task& task : tasks) {
    out.push_back(json::object{{"id", task.id},
                               {"name", task.name},
                               {"status", task.status},
                               {"state", to_string(task.state)},
                               {"message", task.message},
                               {"times", times_to_json(task.times)}});
  }
  return out;
}

json::object http_to_json(const HttpStats& http) {
  json::object by_status;
  for (const auto& [code, count] : http.by_status) by_status[std::to_string(code)] = count;
  json::object out{{"requests", http.requests},
                   {"by_status", std::move(by_status)},
                   {"transport_errors", http.transport_errors},
                   {"throttled", http.throttled},
                   {"connections_opened", http.connections_opened}};
  out["last_request_id"] = http.last_request_id.empty() ? json::value(nullptr) : json::value(http.last_request_id);
  return out;
}

json::object job_to_json(const JobRecord& job) {
  const std::optional<JobStatus>& status = job.wait.last_status;
  json::array timeline;
  for (const TimelineEntry& entry : job.wait.timeline) {
    timeline.push_back(json::object{{"at", format_utc(entry.at)},
                                    {"elapsed_seconds", entry.elapsed_seconds},
                                    {"status", entry.status},
                                    {"state", to_string(entry.state)}});
  }
  json::array warnings;
  for (const std::string& warning : job.wait.warnings) warnings.push_back(json::string(warning));

  json::object out{{"provider", job.provider}, {"id", job.id}, {"url", job.url}};
  out["state"] = status ? to_string(status->state) : "unknown";
  out["status"] = status ? json::value(status->status) : json::value(nullptr);
  out["progress"] = status && status->progress ? json::value(*status->progress) : json::value(nullptr);
  out["reason"] = status && !status->reason.empty() ? json::value(status->reason) : json::value(nullptr);
  out["stalled"] = (status && status->stalled) || job.wait.stalled;
  out["polls"] = job.wait.polls;
  out["requests"] = job.wait.polls;  // one request per poll, whatever the transport
  out["detection_delay_seconds"] =
      job.wait.detection_delay_seconds ? json::value(*job.wait.detection_delay_seconds) : json::value(nullptr);
  out["times"] = status ? times_to_json(status->times) : json::object();
  out["tasks"] = status ? tasks_to_json(status->tasks) : json::array();
  out["timeline"] = std::move(timeline);
  out["http"] = http_to_json(job.http);
  out["last_error"] = error_to_json(job.wait.last_error);
  out["warnings"] = std::move(warnings);
  out["worst_lateness_seconds"] = seconds(job.wait.worst_lateness);
  return out;
}

// Several jobs: how each one's wait ended, and whether the step stopped waiting on it first.
void add_many_fields(json::object& out, const JobRecord& job) {
  out["outcome"] = job.abandoned ? json::value(nullptr) : json::value(to_string(job.wait.outcome));
  out["abandoned"] = job.abandoned;
}

json::object job_entry(const RunRecord& run, const JobRecord& job) {
  json::object entry = job_to_json(job);
  if (!run.mode.empty()) add_many_fields(entry, job);
  return entry;
}

json::object build_json(const RunRecord& run, bool with_jobs);


}  // namespace

int process_exit_code(const RunRecord& run) {
  return run.mapped_exit_code.value_or(static_cast<int>(run.exit_code));
}

json::object to_json(const RunRecord& run) { return build_json(run, true); }

std::string artifact_text(const RunRecord& run) {
  const json::object top = build_json(run, false);
  std::string out = "{";
  bool first = true;
  for (const auto& member : top) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += json::serialize(json::string(member.key()));
    out += ": ";
    if (member.key() != "jobs" || run.jobs.empty()) {
      append_pretty_json(out, member.value(), 1);
      continue;
    }
    out += '[';
    for (std::size_t i = 0; i < run.jobs.size(); ++i) {
      out += i == 0 ? "\n    " : ",\n    ";
      append_pretty_json(out, job_entry(run, run.jobs[i]), 2);
    }
    out += "\n  ]";
  }
  out += first ? "}\n" : "\n}\n";
  return out;
}

namespace {

json::object build_json(const RunRecord& run, bool with_jobs) {
  json::object out{{"schema_version", k_artifact_schema_version},
                   {"tool", json::object{{"name", "jobwait"}, {"version", JOBWAIT_VERSION}}},
                   {"outcome", to_string(run.outcome)},
                   {"exit_code", process_exit_code(run)},
                   {"message", run.message}};
  out["standard_exit_code"] = static_cast<int>(run.exit_code);
  json::object changes;
  for (const auto& [outcome, code] : run.exit_code_changes) changes[outcome] = code;
  out["exit_code_mapping"] = std::move(changes);
  json::object step{{"file", run.step_file}};
  step["name"] = run.step_name.empty() ? json::value(nullptr) : json::value(run.step_name);
  out["step"] = std::move(step);
  out["started_at"] = format_utc(run.started_at);
  out["finished_at"] = format_utc(run.finished_at);
  out["elapsed_seconds"] = run.elapsed_seconds;
  if (run.wait) {
    out["wait"] = json::object{{"timeout_seconds", seconds(run.wait->timeout)},
                               {"interval_seconds", seconds(run.wait->interval)},
                               {"max_interval_seconds", seconds(run.wait->max_interval)},
                               {"strategy", run.wait->strategy},
                               {"request_timeout_seconds", seconds(run.wait->request_timeout)},
                               {"connect_timeout_seconds", seconds(run.wait->connect_timeout)},
                               {"max_errors", run.wait->max_errors},
                               {"not_found_grace_seconds", seconds(run.wait->not_found_grace)},
                               {"on_unknown", run.wait->on_unknown},
                               {"confirm", run.wait->confirm},
                               {"stall_warning_seconds", seconds(run.wait->stall_warning)}};
  } else {
    out["wait"] = nullptr;
  }
  if (run.config_problem) {
    const ConfigProblem& problem = *run.config_problem;
    json::object error{{"file", problem.file}, {"message", problem.message}};
    error["line"] = problem.line > 0 ? json::value(problem.line) : json::value(nullptr);
    error["column"] = problem.column > 0 ? json::value(problem.column) : json::value(nullptr);
    error["key"] = problem.key.empty() ? json::value(nullptr) : json::value(problem.key);
    out["config_error"] = std::move(error);
  } else {
    out["config_error"] = nullptr;
  }
  json::array jobs;  // left empty without `with_jobs`: artifact_text writes them one by one
  std::chrono::milliseconds worst{0};
  for (const JobRecord& job : run.jobs) {
    if (with_jobs) jobs.push_back(job_entry(run, job));
    worst = std::max(worst, job.wait.worst_lateness);
  }
  out["jobs"] = std::move(jobs);
  if (!run.mode.empty()) {
    out["mode"] = run.mode;
    if (run.wait) {
      out["limits"] = json::object{{"max_requests_per_second", run.wait->max_requests_per_second},
                                   {"max_concurrent_per_host", run.wait->max_concurrent_per_host},
                                   {"fail_fast", run.wait->fail_fast}};
    }
  }
  if (!run.jobs.empty()) out["worst_lateness_seconds"] = seconds(worst);
  return out;
}

}  // namespace

namespace {

// A fresh file beside `path` for write_atomically, created exclusively under a name nobody can
// guess: a predictable name (it was `path.tmp.<pid>`) lets anyone who can write the directory
// plant a symlink there, and jobwait would write through it into the file it points at.
// O_EXCL refuses any existing name, a symlink included (dangling or not), and O_NOFOLLOW says
// so twice. Like mkstemp, but with mode 0644 less the umask, as the artifact always had
// (mkstemp's 0600 would hide the report from the CI user that collects it).
tl::expected<std::pair<int, std::string>, std::string> create_temporary(const std::string& path) {
  static constexpr char k_letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device random;  // getrandom(2): unpredictable, unlike a pid or a time
  std::uniform_int_distribution<std::size_t> pick(0, sizeof k_letters - 2);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temporary = path + ".tmp.";
    for (int i = 0; i < 12; ++i) temporary += k_letters[pick(random)];
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) return std::pair{fd, std::move(temporary)};
    if (errno != EEXIST) return tl::unexpected("cannot create " + temporary + ": " + std::strerror(errno));
  }
  return tl::unexpected("cannot create a temporary file beside " + path + ": every name tried exists");
}

}  // namespace

tl::expected<void, std::string> write_atomically(const std::string& path, std::string_view text) {
  auto created = create_temporary(path);
  if (!created) return tl::unexpected(created.error());
  const auto [fd, temporary] = *std::move(created);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      close(fd);
      unlink(temporary.c_str());
      return tl::unexpected("cannot write " + temporary + ": " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    const std::string why = std::strerror(errno);
    unlink(temporary.c_str());
    return tl::unexpected("cannot flush " + temporary + ": " + why);
  }
  // rename(2) replaces a symlink at `path` itself, never the file it points at.
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    unlink(temporary.c_str());
    return tl::unexpected("cannot rename " + temporary + " to " + path + ": " + why);
  }
  return {};
}

tl::expected<void, std::string> check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    // A file where the directory should be (ENOTDIR): say so, or the user looks for a typo.
    if (fs::exists(directory, error)) {
      return tl::unexpected("result path " + path + ": " + directory.string() + " is not a directory");
    }
    return tl::unexpected("result directory " + directory.string() + " does not exist");
  }
  if (fs::is_directory(target, error)) return tl::unexpected("result path " + path + " is a directory");
  if (access(directory.c_str(), W_OK) != 0) {
    return tl::unexpected("result directory " + directory.string() + " is not writable: " + std::strerror(errno));
  }
  return {};
}

}  // namespace jobwait
