#include "app/run_command.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/explain.hpp"
#include "app/job_id_from.hpp"
#include "app/project_lookup.hpp"
#include "app/run_many.hpp"
#include "app/run_tail.hpp"
#include "auth/iam.hpp"
#include "auth/known_secrets.hpp"
#include "auth/resolve.hpp"
#include "auth/session.hpp"
#include "config/describe.hpp"
#include "config/step_file.hpp"
#include "jobs/registry.hpp"
#include "output/environment.hpp"
#include "output/poll_trace.hpp"
#include "output/progress.hpp"
#include "result/artifact.hpp"
#include "result/incomplete.hpp"
#include "result/json_text.hpp"
#include "util/duration.hpp"
#include "util/escape.hpp"
#include "wait/clock.hpp"

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

// What errors name as the step's file: the file, or the flags when there is none.
std::string step_source(const CliOptions& options) {
  return options.step_file.empty() ? std::string("command line") : options.step_file;
}

// No step file: the flags and --set make the step alone, as they would on an empty file.
tl::expected<config::StepConfig, config::ConfigError> load_file(const CliOptions& options,
                                                                 const config::LoadOptions& load) {
  if (!options.step_file.empty()) return config::load_step_file(options.step_file, load);
  auto step = config::parse_step_text("", step_source(options), load);
  if (step || step.error().from_override) return step;
  // A key missing from no file at all: say which flag gives it, not where in a file it goes.
  const auto from_flags = [](config::ConfigError& error) {
    error.line = error.column = 0;
    if (error.message.rfind("missing required key", 0) == 0) {
      const auto flag = flag_for_key(error.key);
      error.message = "missing: give " + (flag ? std::string(*flag) + " or " : std::string()) + "--set " + error.key + "=...";
    }
  };
  config::ConfigError error = std::move(step.error());
  from_flags(error);
  for (config::ConfigError& other : error.others) from_flags(other);
  return tl::unexpected(std::move(error));
}

// --job-id-from: the id found in the JSON becomes one more override, after every --set.
tl::expected<config::StepConfig, config::ConfigError> load_step(const CliOptions& options) {
  config::LoadOptions load = load_options(options);
  if (!options.job_id_from) return load_file(options, load);
  // The rest of the step, read without the id: where the artifact goes, which provider (its
  // create calls say where the id is), and the secrets a create call's error may echo.
  config::LoadOptions without = load;
  without.overrides.emplace_back("job.id", "unknown");
  const auto rest = load_file(options, without);
  const auto fail = [&](std::string message) {
    config::ConfigError error;
    error.file = step_source(options);
    error.key = "job.id";
    error.message = rest ? Redactor(rest->secrets()).apply(message) : std::move(message);
    error.result_path = rest ? std::optional<std::string>(rest->output.result) : rest.error().result_path;
    return tl::unexpected(std::move(error));
  };
  for (const auto& [key, value] : options.overrides) {
    if (key == "job.id") return fail("--job-id-from and --set job.id both give the job id; use one");
  }
  const std::string pointer =
      options.job_id_pointer.value_or(std::string(default_job_id_pointer(rest ? rest->job.provider : "")));
  auto id = read_job_id(*options.job_id_from, pointer);
  if (!id) return fail("--job-id-from " + id.error());
  // Overrides get ${VAR} expansion; an id is taken literally.
  std::string literal;
  for (const char c : *id) literal += c == '$' ? std::string("$$") : std::string(1, c);
  load.overrides.emplace_back("job.id", std::move(literal));
  return load_file(options, load);
}

// The step file loaded, then settled (auth/resolve.hpp): credentials, region and project from
// the environment when the file leaves them out, all checked before anything is sent. Before
// any Redactor is made, so that credentials from the environment are masked too. `others`:
// how the second and later [[jobs]] entries were settled, for check and explain.
tl::expected<config::StepConfig, config::ConfigError> load_and_resolve(
    const CliOptions& options, auth::Resolution& resolution, std::vector<auth::Resolution>* others = nullptr) {
  // --job-ids-from: the step's [job] gets the first id (so the file needs none), and one copy
  // per id is made once its credentials are settled (app/run_many.hpp).
  std::optional<std::vector<std::string>> ids;
  CliOptions with_id = options;
  if (options.job_ids_from) {
    auto read = read_job_ids(*options.job_ids_from);
    const bool set_too = std::any_of(options.overrides.begin(), options.overrides.end(),
                                     [](const auto& entry) { return entry.first == "job.id"; });
    if (!read || set_too) {
      config::ConfigError error;
      error.file = step_source(options);
      error.key = "job.id";
      error.message = set_too ? "--job-ids-from and --set job.id both give job ids; use one"
                              : "--job-ids-from " + read.error();
      return tl::unexpected(std::move(error));
    }
    ids = std::move(*read);
    std::string literal;  // overrides get ${VAR} expansion; an id is taken literally
    for (const char c : ids->front()) literal += c == '$' ? std::string("$$") : std::string(1, c);
    with_id.overrides.emplace_back("job.id", std::move(literal));
  }
  auto step = load_step(with_id);
  if (!step) return step;
  auto resolved = auth::resolve(*step, load_options(options).getenv);
  if (!resolved) return tl::unexpected(resolved.error());
  resolution = std::move(*resolved);
  if (auto settled = settle_jobs(*step, ids ? &*ids : nullptr, load_options(options).getenv,
                                      resolution.warnings, others);
      !settled) {
    return tl::unexpected(settled.error());
  }
  return step;
}

output::OutputSettings output_settings(const CliOptions& options, const config::StepConfig* step) {
  output::OutputSettings settings =
      output::settings_from_environment(options.log_format, options.verbosity, config::process_environment());
  if (step != nullptr) {
    settings.secrets = step->secrets();
    settings.junit = step->output.junit;
    settings.dotenv = step->output.dotenv;
  }
  return settings;
}

// Every problem found, one line each (the step file's in the order of the file). A message may
// quote what another command printed (--job-id-from): each line is escaped like API text.
void print_config_error(const config::ConfigError& error) {
  for (const std::string& line : error.lines()) std::fprintf(stderr, "jobwait: %s\n", escape_untrusted(line).c_str());
}

ExitCode config_failure(const CliOptions& options, const config::ConfigError& error,
                        std::chrono::system_clock::time_point started) {
  const output::OutputSettings settings = output_settings(options, nullptr);
  // JSON lines stay JSON: the finish event carries the message.
  if (settings.format != output::LogFormat::json) print_config_error(error);
  const std::optional<std::string> path = options.result_path ? options.result_path : error.result_path;
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.exit_code = ExitCode::config_error;
  run.message = error.format();
  run.step_file = options.step_file;
  run.started_at = started;
  run.finished_at = real_clock().wall_now();
  run.elapsed_seconds = seconds_between(run.started_at, run.finished_at);
  run.config_problem = ConfigProblem{error.file, error.line, error.column, error.key, error.message};
  if (path) publish(run, *path, options.json, Redactor());
  // CI styles report it even when no artifact could be written: a GitHub annotation pointing
  // at the line, the outcome outputs, the dotenv report.
  const Redactor redactor;
  output::make_reporter(stderr, redactor, settings)->finish({run, path.value_or("")});
  return ExitCode::config_error;
}

}  // namespace

// How the job at `index` of several was settled: its own [[jobs]] entry's resolution, or for a
// copy made by --job-ids-from (no entry of its own), the [job]'s.
const auth::Resolution& resolution_of(std::size_t index, const auth::Resolution& first,
                                      const std::vector<auth::Resolution>& others) {
  return index == 0 || index > others.size() ? first : others[index - 1];
}

namespace {

// Makes jobs only to read their URLs: nothing is ever sent through it.
class UnusedClient final : public http::Client {
 public:
  tl::expected<http::Response, http::TransportError> send(const http::Request&) override {
    return tl::unexpected(http::TransportError{http::TransportErrorKind::other, "not sent"});
  }
  long connections_opened() const override { return 0; }
};

// scheme://host[:port] of `url`
std::string origin_of(const std::string& url) {
  const std::size_t host = url.find("://");
  return host == std::string::npos ? url : url.substr(0, url.find('/', host + 3));
}

// The step's jobs one by one: a single [job], or each of several (the first is the step's own
// [job], as the loader and settle_jobs leave it).
std::size_t job_count(const config::StepConfig& step) { return std::max<std::size_t>(1, step.jobs.size()); }
config::StepConfig job_at(const config::StepConfig& step, std::size_t index) {
  return index == 0 ? step : step.single(index);
}

// Without a trust store (http/ca_bundle.hpp) an https:// request cannot be checked, and is not
// sent unchecked: when the run would send one (to a job API, or to IAM first for the project
// or a password login), why the run ends before sending anything (exit 6). nullopt: plain
// http:// only, tls.insecure, or a trust store was found.
std::optional<std::string> unverifiable(const config::StepConfig& step, const auth::Resolution& first,
                                        const std::vector<auth::Resolution>& others, const http::ClientOptions& tls) {
  if (tls.insecure || tls.ca.bundle) return std::nullopt;
  UnusedClient unused;
  for (std::size_t i = 0; i < job_count(step); ++i) {
    const config::StepConfig one = job_at(step, i);
    const auth::Resolution& settled = resolution_of(i, first, others);
    std::vector<std::string> urls;
    if (settled.project_lookup || settled.credentials.method == auth::Method::password) {
      urls.push_back(auth::iam_url(one));
    }
    urls.push_back(providers::make_job(one, unused)->url());
    for (const std::string& url : urls) {
      if (http::needs_ca(url)) return "nothing sent to " + origin_of(url) + ": " + tls.ca.problem;
    }
  }
  return std::nullopt;
}

// The run that `unverifiable` ends: every job api_error with `message`, none polled.
RunRecord unsent_run(const config::StepConfig& step, const std::string& message,
                     const std::vector<std::string>& warnings) {
  RunRecord run;
  run.wait = step.wait;
  if (!step.jobs.empty()) run.mode = step.wait.mode;
  UnusedClient unused;
  for (std::size_t i = 0; i < job_count(step); ++i) {
    const config::StepConfig one = job_at(step, i);
    WaitResult wait;
    wait.outcome = Outcome::api_error;
    wait.message = message;
    if (i == 0) wait.warnings = warnings;
    run.jobs.push_back({one.job.provider, one.job.id, providers::make_job(one, unused)->url(), std::move(wait), {}, false});
  }
  run.outcome = Outcome::api_error;
  set_exit_codes(run, step.exit_codes);
  run.message = message;
  return run;
}

}  // namespace

ExitCode check_step(const CliOptions& options) {
  auth::Resolution resolution;
  std::vector<auth::Resolution> others;
  auto step = load_and_resolve(options, resolution, &others);
  if (!step) {
    print_config_error(step.error());
    return ExitCode::config_error;
  }
  // Every job of several was checked; each is shown after the first (whose lines carry the
  // step's wait, output and exit codes) by its own job and auth keys.
  const auto shown = options.all_keys ? config::KeysShown::all : config::KeysShown::set;
  std::string text = config::describe(*step, shown) + auth::describe_resolution(resolution, *step);
  for (std::size_t i = 1; i < step->jobs.size(); ++i) {
    const config::StepConfig one = step->single(i);
    text += "\njob " + std::to_string(i + 1) + " of " + std::to_string(step->jobs.size()) + "\n" +
            config::describe_job(one, shown) + auth::describe_resolution(resolution_of(i, resolution, others), one);
  }
  text = Redactor(step->secrets()).apply(text);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::succeeded;
}

ExitCode explain_step(const CliOptions& options) {
  auth::Resolution resolution;
  std::vector<auth::Resolution> others;
  auto step = load_and_resolve(options, resolution, &others);
  if (!step) {
    print_config_error(step.error());
    return ExitCode::config_error;
  }
  std::vector<std::optional<http::Request>> requests;  // each job's
  for (std::size_t i = 0; i < job_count(*step); ++i) {
    requests.push_back(request_as_sent(job_at(*step, i), resolution_of(i, resolution, others)));
  }
  ExplainExtras extras;
  extras.result_path = options.result_path.value_or(step->output.result);
  extras.log_format = output::describe_format(options.log_format, config::process_environment());
  if (std::any_of(requests.begin(), requests.end(), [](const auto& request) { return request.has_value(); })) {
    const http::ClientOptions tls = http::client_options(step->tls.ca_file, step->tls.insecure);
    extras.ca_bundle = http::describe(tls.ca, tls.insecure);
  }
  const std::optional<http::Request>& request = requests.front();
  std::string text = explain_text(*step, request ? &*request : nullptr, extras) +
                     auth::describe_resolution(resolution, *step);
  for (std::size_t i = 1; i < step->jobs.size(); ++i) {
    const config::StepConfig one = step->single(i);
    const std::optional<http::Request>& sent = requests[i];
    text += "\n" + explain_job_text(one, sent ? &*sent : nullptr, i, step->jobs.size()) +
            auth::describe_resolution(resolution_of(i, resolution, others), one);
  }
  text = Redactor(step->secrets()).apply(text);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::succeeded;
}

int run_step(const CliOptions& options) {
  Clock& clock = real_clock();
  const auto started = clock.wall_now();
  auth::Resolution resolution;
  std::vector<auth::Resolution> others;
  auto step = load_and_resolve(options, resolution, &others);
  if (!step) return static_cast<int>(config_failure(options, step.error(), started));

  const std::string result_path = options.result_path.value_or(step->output.result);
  if (auto writable = check_writable(result_path); !writable) {
    std::fprintf(stderr, "jobwait: %s\n", writable.error().c_str());
    return static_cast<int>(ExitCode::config_error);
  }

  const RunTail tail{options.step_file, step->name, started, result_path, options.json};
  // Every secret the run holds (the step's, the forms its password and the proxy variables'
  // credentials travel in) in the registry the redactor reads, which tokens obtained later join.
  auth::register_secrets(*step, load_options(options).getenv, run_secrets());
  const Redactor redactor(run_secrets());
  // Before the first request, one job or several: the previous run's artifact is replaced by
  // an "incomplete" one, so a run killed before it can write its result (SIGKILL) is never
  // read as the last run's outcome. Not on stdout: --json prints the result once, at the end.
  if (auto written = write_atomically(
          result_path, redactor.apply(incomplete_artifact_text(options.step_file, step->name, started, step->wait)));
      !written) {
    std::fprintf(stderr, "jobwait: cannot write the result artifact: %s\n", written.error().c_str());
  }
  const std::unique_ptr<output::Reporter> reporter = output::make_reporter(stderr, redactor, output_settings(options, &*step));
  const http::ClientOptions tls = http::client_options(step->tls.ca_file, step->tls.insecure);
  if (const std::optional<std::string> unsent = unverifiable(*step, resolution, others, tls)) {
    RunRecord run = unsent_run(*step, *unsent, resolution.warnings);
    const std::string more = run.jobs.size() > 1 ? " and " + std::to_string(run.jobs.size() - 1) + " more" : "";
    reporter->start({options.step_file, step->name, run.jobs.front().provider, run.jobs.front().id + more,
                     run.jobs.front().url, step->wait.timeout});
    for (const std::string& warning : resolution.warnings) reporter->on_warning(warning);
    return finish_run(run, tail, clock, redactor, *reporter);
  }
  if (!step->jobs.empty()) {  // several jobs: one event loop for all (app/run_many.hpp)
    RunRecord run = run_jobs(*step, *reporter, clock, options.verbosity == output::Verbosity::verbose,
                                   resolution.warnings);
    return finish_run(run, tail, clock, redactor, *reporter);
  }
  auto transport = http::make_curl_client(tls);
  auth::Session session(*step, *transport, std::chrono::system_clock::now,
                        [&](const std::string& warning) { reporter->on_warning(warning); });

  PollSettings settings = poll_settings(step->wait, reporter->heartbeat());
  settings.start = clock.now();  // one deadline for the project lookup and the polls
  // Looks job.project_id up at IAM when the step has none, retried like a poll; a failure or
  // a stop signal ends the run here.
  std::optional<WaitResult> refused = look_up_project(session, *step, clock, settings, *reporter);
  const std::unique_ptr<Job> watcher = providers::make_job(*step, session.client());
  reporter->start({options.step_file, step->name, step->job.provider, step->job.id, watcher->url(), step->wait.timeout});
  for (const std::string& warning : resolution.warnings) reporter->on_warning(warning);
  output::TracedSource traced(*watcher, clock, *reporter);
  JobSource& source = options.verbosity == output::Verbosity::verbose ? static_cast<JobSource&>(traced) : *watcher;

  RunRecord run;
  run.wait = step->wait;
  JobRecord job{step->job.provider, step->job.id, watcher->url(),
               refused ? std::move(*refused) : wait_for_job(source, clock, settings, *reporter), {}};
  job.wait.warnings.insert(job.wait.warnings.begin(), resolution.warnings.begin(), resolution.warnings.end());
  job.http = watcher->stats();
  run.outcome = job.wait.outcome;
  set_exit_codes(run, step->exit_codes, job.wait.signal);
  run.message = job.wait.message;
  run.jobs.push_back(std::move(job));
  return finish_run(run, tail, clock, redactor, *reporter);
}

}  // namespace jobwait
