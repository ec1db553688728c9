// The resolved settings of one step file: what to wait for and how. Produced by the
// step-file loader (step_file.hpp) after environment expansion and --set overrides.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "model/defaults.hpp"
#include "model/exit_code.hpp"

namespace jobwait::config {

using Duration = std::chrono::milliseconds;
// A TOML table of strings (HTTP headers), in the order written.
using StringMap = std::vector<std::pair<std::string, std::string>>;

// [job.http]: a job API declared rather than coded (provider "http", and the presets such as
// "v1-jobs", whose declaration the loader merges in beneath the step file's own keys).
// Pointers are JSON Pointers (RFC 6901); an empty one is not set. Task pointers are relative
// to each element of the `tasks` array.
struct HttpSpec {
  std::string path;  // template: {project_id} and {job_id}, percent-encoded when filled in
  std::string method{defaults::k_http_method};
  StringMap headers;  // values take {project_id} and {job_id} too
  std::string body;
  std::string status, message, progress, tasks, started, finished;
  std::string task_id, task_name, task_status, task_message;
  // Raw status values per state; anything else is unknown (the poll loop's policy). `stalled`
  // values are non-terminal and flagged: the job will not move without someone acting.
  std::vector<std::string> success, failure, cancelled, pending, running, stalled;
};

struct JobConfig {
  std::string provider;  // servicestage | cce | cae | ief | cfw | v1-jobs | http | exec (jobs/registry.cpp)
  std::string id;
  std::string project_id;
  std::string region;                 // derives the host when `endpoint` is empty
  std::string endpoint;               // scheme://host[:port][/prefix], beats `region`
  std::string environment_id;         // CAE: X-Environment-ID (mandatory there)
  std::string enterprise_project_id;  // CAE: X-Enterprise-Project-ID
  std::string instance_id;            // IEF: ief-instance-id
  std::string service;                // the host label for declared providers (v1-jobs: ecs, evs, ims, vpc)
  std::vector<std::string> command;   // exec: the argv run once per poll (never a shell)
  HttpSpec http;                      // http and the presets: the declared job API
  std::string cloud{defaults::k_cloud};// huaweicloud | otc: which host rules derive the endpoint
  std::string domain;                 // host domain for other sites: {service}.{region}.{domain}
  int limit = defaults::k_limit;                 // ServiceStage: tasks per answer (query `limit`); 0: not sent
  int offset = defaults::k_offset;                 // ServiceStage: first task (query `offset`); 0: not sent
  bool desc = defaults::k_desc;                 // ServiceStage: newest task first (query `desc=true`)
};

struct AuthConfig {
  std::string token;  // secret: sent as X-Auth-Token, never printed
  // AK/SK request signing (secret key and security token are secret; so is the access key,
  // which `check` never shows either). security_token: temporary credentials only.
  std::string access_key;
  std::string secret_key;
  std::string security_token;
  std::string signing{defaults::k_signing};  // or V11-HMAC-SHA256 (derived key)
  // Password login at IAM, for a token (the password is secret).
  std::string user;
  std::string password;
  std::string domain;        // the account (domain) name the user belongs to
  std::string iam_endpoint;  // scheme://host[:port]; derived from cloud and region when empty
  std::string token_cache;   // directory for cached IAM tokens; empty: no cache
};

// How the HTTPS connections are checked. Verification is always on unless `insecure`.
struct TlsConfig {
  std::string ca_file;  // PEM bundle to trust instead of the system's
  bool insecure = defaults::k_insecure;
};

struct WaitConfig {
  Duration timeout = defaults::duration(defaults::k_timeout);
  Duration interval = defaults::duration(defaults::k_interval);
  Duration max_interval = defaults::duration(defaults::k_max_interval);
  // The delay between polls: adaptive (by the job's estimated end) | backoff | fixed.
  std::string strategy{defaults::k_strategy};
  Duration request_timeout = defaults::duration(defaults::k_request_timeout);
  int max_errors = defaults::k_max_errors;  // consecutive transient errors before giving up
  Duration connect_timeout = defaults::duration(defaults::k_connect_timeout);  // TCP (and TLS) setup of one request
  Duration not_found_grace = defaults::duration(defaults::k_not_found_grace);  // a job not yet visible is polled this long
  std::string on_unknown{defaults::k_on_unknown}; // a status no provider knows: wait | fail
  int confirm = defaults::k_confirm; // consecutive terminal reads believed
  Duration stall_warning = defaults::duration(defaults::k_stall_warning); // no visible change this long: stalled
  // Several jobs ([[jobs]], --job-ids-from): "all" must succeed, or "any" one is enough.
  std::string mode{defaults::k_mode};
  bool fail_fast = defaults::k_fail_fast; // all: the first job that does not succeed ends the wait
  int max_requests_per_second = defaults::k_max_requests_per_second;  // every job's requests together
  int max_concurrent_per_host = defaults::k_max_concurrent_per_host;  // requests in flight at one host (and its connections)
};

struct OutputConfig {
  std::string result{defaults::k_result};
  std::string junit;   // JUnit XML report path; empty: none
  std::string dotenv;  // KEY=VALUE report (GitLab dotenv, Jenkins, Tekton); empty: none
};

// [exit_codes]: the code the process exits with per outcome, so a pipeline can branch (e.g.
// timed_out = 0 for a non-blocking wait). Defaults are the README table. config_error and
// interrupted keep theirs: a broken step file or a signal must never look like anything else.
struct ExitCodesConfig {
  int succeeded = static_cast<int>(ExitCode::succeeded);
  int failed = static_cast<int>(ExitCode::failed);
  int timed_out = static_cast<int>(ExitCode::timed_out);
  int not_found = static_cast<int>(ExitCode::not_found);
  int auth_error = static_cast<int>(ExitCode::auth_error);
  int api_error = static_cast<int>(ExitCode::api_error);
  int cancelled = static_cast<int>(ExitCode::cancelled);
};

// One job of [[jobs]]: a whole [job] table, and the credentials it is asked with (its own
// [jobs.auth], else the step's [auth]).
struct JobEntry {
  JobConfig job;
  AuthConfig auth;
};

struct StepConfig {
  std::string file;  // the step file's path as given
  std::string name;
  JobConfig job;
  AuthConfig auth;
  WaitConfig wait;
  OutputConfig output;
  ExitCodesConfig exit_codes;
  TlsConfig tls;
  // Several jobs in one step: [[jobs]] or --job-ids-from, one entry each (the first is also
  // `job` and `auth`). Empty for a step that waits on its one [job].
  std::vector<JobEntry> jobs;

  // Every secret value in the settings, for redaction of anything printed or written.
  std::vector<std::string> secrets() const;

  // The one-job step that jobs[index] stands for: its [job] and credentials with this step's
  // wait, output, exit codes and TLS. Its own `jobs` is empty, so a copy per job of ten
  // thousand costs one job, not the list.
  StepConfig single(std::size_t index) const;
};

}  // namespace jobwait::config
