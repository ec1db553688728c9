// The JSON result artifact: what happened, for the pipeline that runs us. Written on every
// outcome, atomically, so a reader never sees half a file. Shape: schemas/result.schema.json.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <tl/expected.hpp>

#include "model/error.hpp"
#include "model/exit_code.hpp"
#include "model/http_stats.hpp"
#include "model/step_config.hpp"
#include "util/utc_time.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait {

inline constexpr int k_artifact_schema_version = 1;

struct JobRecord {
  std::string provider;
  std::string id;
  std::string url;  // no secrets: auth travels in headers only
  WaitResult wait;
  HttpStats http;
  // Several jobs: the step ended before this one did (mode any got its success, or fail_fast
  // its failure). Its state is the last one read; it has no outcome of its own.
  bool abandoned = false;
};

// Where a bad step file went wrong, for `error` in the artifact.
struct ConfigProblem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;
  std::string message;
};

struct RunRecord {
  Outcome outcome = Outcome::api_error;
  ExitCode exit_code = ExitCode::api_error;
  std::string message;  // one line: how the run ended
  std::string step_file;
  std::string step_name;
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point finished_at;
  double elapsed_seconds = 0;
  std::optional<config::WaitConfig> wait;  // absent when the step file did not load
  std::optional<ConfigProblem> config_problem;
  std::vector<JobRecord> jobs;
  // [exit_codes]: the code the process exits with, when the table changes it (else
  // `exit_code`), and the table's changes by outcome name.
  std::optional<int> mapped_exit_code;
  std::map<std::string, int> exit_code_changes;
  // Several jobs: "all" or "any" (wait.mode); empty for a single job.
  std::string mode;
};

// What the process exits with: the mapped code, else the README code for the outcome.
int process_exit_code(const RunRecord& run);

boost::json::object to_json(const RunRecord& run);

// The artifact's text: to_pretty_json(to_json(run)), written one job at a time so that ten
// thousand jobs never stand in memory as one JSON tree.
std::string artifact_text(const RunRecord& run);

// Writes `text` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`, so readers see the old file or the whole new one. Returns why it failed.
tl::expected<void, std::string> write_atomically(const std::string& path, std::string_view text);

// Whether an artifact can be written at `path` (its directory exists and is writable), so a
// doomed path is reported before the first poll rather than after a long wait.
tl::expected<void, std::string> check_writable(const std::string& path);

}  // namespace jobwait
