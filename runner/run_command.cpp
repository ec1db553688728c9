#include "run_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>

#include "artifact.hpp"
#include "clock.hpp"
#include "config/describe.hpp"
#include "config/duration.hpp"
#include "config/step_file.hpp"
#include "json_text.hpp"
#include "progress.hpp"
#include "providers/provider.hpp"
#include "watcher.hpp"

namespace jobwait {

namespace {

config::LoadOptions load_options(const CliOptions& options) {
  config::LoadOptions load;
  load.overrides = options.overrides;
  load.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  return load;
}

double seconds_between(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Writes the artifact; a failure to write never changes the exit code, only says why.
void publish(const RunRecord& run, const std::string& path, bool also_stdout, const Redactor& redactor) {
  const std::string text = redactor.apply(to_pretty_json(to_json(run)));
  if (auto written = write_atomically(path, text); !written) {
    std::fprintf(stderr, "jobwait: cannot write the result artifact: %s\n", written.error().c_str());
  }
  if (also_stdout) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
}

ExitCode config_failure(const CliOptions& options, const config::ConfigError& error,
                        std::chrono::system_clock::time_point started) {
  std::fprintf(stderr, "jobwait: %s\n", error.format().c_str());
  const std::optional<std::string> path = options.result_path ? options.result_path : error.result_path;
  if (path) {
    RunRecord run;
    run.outcome = Outcome::config_error;
    run.exit_code = ExitCode::config_error;
    run.message = error.format();
    run.step_file = options.step_file;
    run.started_at = started;
    run.finished_at = real_clock().wall_now();
    run.elapsed_seconds = seconds_between(run.started_at, run.finished_at);
    run.config_problem = ConfigProblem{error.file, error.line, error.column, error.key, error.message};
    publish(run, *path, options.json, Redactor());
  }
  return ExitCode::config_error;
}

}  // namespace

ExitCode check_step(const CliOptions& options) {
  auto step = config::load_step_file(options.step_file, load_options(options));
  if (!step) {
    std::fprintf(stderr, "jobwait: %s\n", step.error().format().c_str());
    return ExitCode::config_error;
  }
  const std::string text = Redactor(step->secrets()).apply(config::describe(*step));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::succeeded;
}

ExitCode run_step(const CliOptions& options) {
  Clock& clock = real_clock();
  const auto started = clock.wall_now();
  auto step = config::load_step_file(options.step_file, load_options(options));
  if (!step) return config_failure(options, step.error(), started);

  const std::string result_path = options.result_path.value_or(step->output.result);
  if (auto writable = check_writable(result_path); !writable) {
    std::fprintf(stderr, "jobwait: %s\n", writable.error().c_str());
    return ExitCode::config_error;
  }

  const Redactor redactor(step->secrets());
  ProgressPrinter printer(stderr, redactor);
  const providers::Provider& provider = *providers::find_provider(step->job.provider);
  auto client = http::make_curl_client();
  Watcher watcher(*step, provider, *client);
  printer.say("waiting for " + step->job.provider + " job " + step->job.id + " (timeout " +
              config::format_duration(step->wait.timeout) + "): " + watcher.url());

  PollSettings settings;
  settings.timeout = step->wait.timeout;
  settings.interval = step->wait.interval;
  settings.max_interval = step->wait.max_interval;
  settings.request_timeout = step->wait.request_timeout;
  settings.max_errors = step->wait.max_errors;
  settings.seed = std::random_device{}();

  RunRecord run;
  run.step_file = options.step_file;
  run.step_name = step->name;
  run.started_at = started;
  run.wait = step->wait;
  JobRecord job{step->job.provider, step->job.id, watcher.url(), wait_for_job(watcher, clock, settings, printer), {}};
  job.http = watcher.stats();
  run.outcome = job.wait.outcome;
  run.exit_code = exit_code_for(run.outcome, job.wait.signal);
  run.message = job.wait.message;
  run.finished_at = clock.wall_now();
  run.elapsed_seconds = seconds_between(run.started_at, run.finished_at);
  run.jobs.push_back(std::move(job));

  printer.say(std::string(to_string(run.outcome)) + " after " + format_elapsed(run.elapsed_seconds) + ", " +
              std::to_string(run.jobs.front().wait.polls) + " polls: " + run.message);
  publish(run, result_path, options.json, redactor);
  return run.exit_code;
}

}  // namespace jobwait
