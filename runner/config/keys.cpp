#include "config/keys.hpp"

#include <algorithm>
#include <iterator>

#include "model/defaults.hpp"
#include "providers/endpoint.hpp"

namespace jobwait::config {

namespace {

// Accessors for a member path: member<&StepConfig::wait, &WaitConfig::timeout>.
template <auto... Path>
FieldRef access_field(StepConfig& config) {
  return &(config.*....*Path);
}

template <auto... Path>
ConstFieldRef access_value(const StepConfig& config) {
  return &(config.*....*Path);
}

template <auto... Path>
constexpr Member member{access_field<Path...>, access_value<Path...>};

using S = StepConfig;
using J = JobConfig;
using H = HttpSpec;
using A = AuthConfig;
using T = TlsConfig;
using W = WaitConfig;
using O = OutputConfig;
using X = ExitCodesConfig;

constexpr std::string_view k_signing_values[] = {"SDK-HMAC-SHA256", "V11-HMAC-SHA256"};

constexpr std::string_view k_on_unknown_values[] = {"wait", "fail"};
constexpr std::string_view k_strategy_values[] = {"adaptive", "backoff", "fixed"};

constexpr std::string_view k_mode_values[] = {"all", "any"};

// clang-format off
constexpr KeyInfo k_keys[] = {
  {.name = "name", .type = KeyType::string,
   .description = "A label for this wait, shown in logs and written to the result",
   .member = member<&S::name>},
  {.name = "job.provider", .type = KeyType::string,
   .description = "The job API to poll: servicestage, cce, cae, ief, cfw, v1-jobs, http or exec",
   .member = member<&S::job, &J::provider>,
   .required = true},
  {.name = "job.id", .type = KeyType::string,
   .description = "The job's ID, as returned by the call that started it",
   .member = member<&S::job, &J::id>,
   .required = true},
  {.name = "job.project_id", .type = KeyType::string,
   .description = "The project that owns the job; looked up at IAM by region name when left out",
   .member = member<&S::job, &J::project_id>},
  {.name = "job.region", .type = KeyType::string,
   .description = "Region, e.g. eu-west-101; gives the host https://{service}.{region}.{domain} by job.cloud's host rules (huaweicloud: myhuaweicloud.eu for eu-west-1xx regions, else myhuaweicloud.com)",
   .member = member<&S::job, &J::region>},
  {.name = "job.endpoint", .type = KeyType::string,
   .description = "Base URL scheme://host[:port][/prefix]; beats job.region",
   .member = member<&S::job, &J::endpoint>},
  {.name = "job.cloud", .type = KeyType::string,
   .default_text = defaults::k_cloud,
   .description = "huaweicloud or otc (Open Telekom Cloud): which host rules turn a region into hosts",
   .member = member<&S::job, &J::cloud>,
   .allowed = k_clouds},
  {.name = "job.domain", .type = KeyType::string,
   .description = "Host domain for other sites: https://{service}.{region}.{domain}; job.endpoint beats it",
   .member = member<&S::job, &J::domain>},
  {.name = "job.environment_id", .type = KeyType::string,
   .description = "CAE: the environment (X-Environment-ID); required there",
   .member = member<&S::job, &J::environment_id>},
  {.name = "job.enterprise_project_id", .type = KeyType::string,
   .description = "CAE: the enterprise project (X-Enterprise-Project-ID)",
   .member = member<&S::job, &J::enterprise_project_id>},
  {.name = "job.instance_id", .type = KeyType::string,
   .description = "IEF: the platform instance (ief-instance-id)",
   .member = member<&S::job, &J::instance_id>},
  {.name = "job.limit", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_limit>,
   .description = "ServiceStage: tasks per answer, sent as the limit query parameter; 0: not sent",
   .member = member<&S::job, &J::limit>,
   .zero_allowed = true},
  {.name = "job.offset", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_offset>,
   .description = "ServiceStage: the first task to list, sent as the offset query parameter; 0: not sent",
   .member = member<&S::job, &J::offset>,
   .zero_allowed = true},
  {.name = "job.desc", .type = KeyType::boolean,
   .default_text = defaults::value_text<defaults::k_desc>,
   .description = "ServiceStage: list tasks newest first (sends desc=true)",
   .member = member<&S::job, &J::desc>},
  {.name = "job.service", .type = KeyType::string,
   .description = "The host label of a declared job API: https://{service}.{region}.myhuaweicloud.com; v1-jobs: ecs, evs, ims or vpc",
   .member = member<&S::job, &J::service>},
  {.name = "job.command", .type = KeyType::string_list,
   .description = "exec: the command run once per poll, as an argv list (never a shell); see docs/exec-protocol.md",
   .member = member<&S::job, &J::command>},
  {.name = "job.http.path", .type = KeyType::string,
   .description = "http: the status path, with {project_id} and {job_id} (percent-encoded when filled in)",
   .member = member<&S::job, &J::http, &H::path>},
  {.name = "job.http.method", .type = KeyType::string,
   .default_text = defaults::k_http_method,
   .description = "http: GET, POST or PUT",
   .member = member<&S::job, &J::http, &H::method>},
  {.name = "job.http.headers", .type = KeyType::string_map,
   .description = "http: extra request headers; values take {project_id} and {job_id}",
   .member = member<&S::job, &J::http, &H::headers>},
  {.name = "job.http.body", .type = KeyType::string,
   .description = "http: a request body (POST, PUT); takes {project_id} and {job_id}",
   .member = member<&S::job, &J::http, &H::body>},
  {.name = "job.http.status", .type = KeyType::pointer,
   .description = "http: where the status value is (JSON Pointer, e.g. /status)",
   .member = member<&S::job, &J::http, &H::status>},
  {.name = "job.http.message", .type = KeyType::pointer,
   .description = "http: the text that says why the job failed",
   .member = member<&S::job, &J::http, &H::message>},
  {.name = "job.http.progress", .type = KeyType::pointer,
   .description = "http: percent done, a number 0-100",
   .member = member<&S::job, &J::http, &H::progress>},
  {.name = "job.http.tasks", .type = KeyType::pointer,
   .description = "http: the array of tasks (sub-jobs)",
   .member = member<&S::job, &J::http, &H::tasks>},
  {.name = "job.http.task_id", .type = KeyType::pointer,
   .description = "http: a task's id, within each element of tasks",
   .member = member<&S::job, &J::http, &H::task_id>},
  {.name = "job.http.task_name", .type = KeyType::pointer,
   .description = "http: a task's name, within each element of tasks",
   .member = member<&S::job, &J::http, &H::task_name>},
  {.name = "job.http.task_status", .type = KeyType::pointer,
   .description = "http: a task's status, within each element of tasks; read with the job's value lists",
   .member = member<&S::job, &J::http, &H::task_status>},
  {.name = "job.http.task_message", .type = KeyType::pointer,
   .description = "http: a task's failure text, within each element of tasks",
   .member = member<&S::job, &J::http, &H::task_message>},
  {.name = "job.http.started", .type = KeyType::pointer,
   .description = "http: when the job started (any of the four timestamp formats)",
   .member = member<&S::job, &J::http, &H::started>},
  {.name = "job.http.finished", .type = KeyType::pointer,
   .description = "http: when the job finished",
   .member = member<&S::job, &J::http, &H::finished>},
  {.name = "job.http.success", .type = KeyType::string_list,
   .description = "http: status values that mean the job succeeded (exit 0)",
   .member = member<&S::job, &J::http, &H::success>},
  {.name = "job.http.failure", .type = KeyType::string_list,
   .description = "http: status values that mean the job failed (exit 1)",
   .member = member<&S::job, &J::http, &H::failure>},
  {.name = "job.http.cancelled", .type = KeyType::string_list,
   .description = "http: status values that mean the job was cancelled (exit 7)",
   .member = member<&S::job, &J::http, &H::cancelled>},
  {.name = "job.http.pending", .type = KeyType::string_list,
   .description = "http: status values of a job that has not started yet",
   .member = member<&S::job, &J::http, &H::pending>},
  {.name = "job.http.running", .type = KeyType::string_list,
   .description = "http: status values of a job that is running",
   .member = member<&S::job, &J::http, &H::running>},
  {.name = "job.http.stalled", .type = KeyType::string_list,
   .description = "http: non-terminal values that will not move without someone acting (warned, flagged)",
   .member = member<&S::job, &J::http, &H::stalled>},
  {.name = "auth.token", .type = KeyType::string,
   .description = "IAM token, sent as X-Auth-Token; read it with ${VAR}; never printed",
   .member = member<&S::auth, &A::token>,
   .secret = true},
  {.name = "auth.access_key", .type = KeyType::string,
   .description = "Access key (AK) for request signing; needs auth.secret_key; never printed",
   .member = member<&S::auth, &A::access_key>,
   .secret = true},
  {.name = "auth.secret_key", .type = KeyType::string,
   .description = "Secret key (SK) that signs each request; read it with ${VAR}; never printed",
   .member = member<&S::auth, &A::secret_key>,
   .secret = true},
  {.name = "auth.security_token", .type = KeyType::string,
   .description = "Temporary AK/SK only: sent and signed as X-Security-Token; never printed",
   .member = member<&S::auth, &A::security_token>,
   .secret = true},
  {.name = "auth.signing", .type = KeyType::string,
   .default_text = defaults::k_signing,
   .description = "The AK/SK algorithm: SDK-HMAC-SHA256, or V11-HMAC-SHA256 (derived key, scoped to region and service)",
   .member = member<&S::auth, &A::signing>,
   .allowed = k_signing_values},
  {.name = "auth.user", .type = KeyType::string,
   .description = "IAM user name for a password login (exchanged for a token at IAM)",
   .member = member<&S::auth, &A::user>},
  {.name = "auth.password", .type = KeyType::string,
   .description = "The IAM user's password; read it with ${VAR}; never printed",
   .member = member<&S::auth, &A::password>,
   .secret = true},
  {.name = "auth.domain", .type = KeyType::string,
   .description = "The account (domain) name the IAM user belongs to",
   .member = member<&S::auth, &A::domain>},
  {.name = "auth.iam_endpoint", .type = KeyType::string,
   .description = "IAM base URL scheme://host[:port]; else https://iam.{region}.{domain} by the job's host rules",
   .member = member<&S::auth, &A::iam_endpoint>},
  {.name = "auth.token_cache", .type = KeyType::string,
   .description = "Directory where IAM tokens from password logins are kept (0600) and reused until near expiry",
   .member = member<&S::auth, &A::token_cache>},
  {.name = "tls.ca_file", .type = KeyType::string,
   .description = "PEM file of the certificate authorities to trust instead of the system's",
   .member = member<&S::tls, &T::ca_file>},
  {.name = "tls.insecure", .type = KeyType::boolean,
   .default_text = defaults::value_text<defaults::k_insecure>,
   .description = "Skip certificate verification (never in production): warned about on every run",
   .member = member<&S::tls, &T::insecure>},
  {.name = "wait.timeout", .type = KeyType::duration,
   .default_text = defaults::k_timeout,
   .description = "How long to wait for the job to finish before giving up",
   .member = member<&S::wait, &W::timeout>},
  {.name = "wait.interval", .type = KeyType::duration,
   .default_text = defaults::k_interval,
   .description = "Time between the first polls; backs off up to wait.max_interval",
   .member = member<&S::wait, &W::interval>},
  {.name = "wait.max_interval", .type = KeyType::duration,
   .default_text = defaults::k_max_interval,
   .description = "The longest time between two polls",
   .member = member<&S::wait, &W::max_interval>},
  {.name = "wait.strategy", .type = KeyType::string,
   .default_text = defaults::k_strategy,
   .description = "How the delay between polls is chosen: adaptive (by the job's progress, tasks done and start time), backoff (doubling with jitter) or fixed (every wait.interval, ±10%)",
   .member = member<&S::wait, &W::strategy>,
   .allowed = k_strategy_values},
  {.name = "wait.request_timeout", .type = KeyType::duration,
   .default_text = defaults::k_request_timeout,
   .description = "Time limit for one status request",
   .member = member<&S::wait, &W::request_timeout>},
  {.name = "wait.max_errors", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_max_errors>,
   .description = "Consecutive transient errors (timeouts, 5xx, 429) tolerated before giving up",
   .member = member<&S::wait, &W::max_errors>},
  {.name = "wait.connect_timeout", .type = KeyType::duration,
   .default_text = defaults::k_connect_timeout,
   .description = "Time limit for opening the connection of one request (part of wait.request_timeout)",
   .member = member<&S::wait, &W::connect_timeout>},
  {.name = "wait.not_found_grace", .type = KeyType::duration,
   .default_text = defaults::k_not_found_grace,
   .description = "How long a job the service does not know yet is polled before exit 4; 0s: at once",
   .member = member<&S::wait, &W::not_found_grace>,
   .zero_allowed = true},
  {.name = "wait.on_unknown", .type = KeyType::string,
   .default_text = defaults::k_on_unknown,
   .description = "A status no provider knows: wait (warn once and keep polling) or fail (exit 6)",
   .member = member<&S::wait, &W::on_unknown>,
   .allowed = k_on_unknown_values},
  {.name = "wait.confirm", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_confirm>,
   .description = "Consecutive reads of the same terminal status needed before it is believed",
   .member = member<&S::wait, &W::confirm>},
  {.name = "wait.stall_warning", .type = KeyType::duration,
   .default_text = defaults::k_stall_warning,
   .description = "Warn once and report the job stalled when nothing visible changed for this long",
   .member = member<&S::wait, &W::stall_warning>},
  {.name = "wait.mode", .type = KeyType::string,
   .default_text = defaults::k_mode,
   .description = "Several jobs: all (every job must succeed) or any (the first success ends the wait)",
   .member = member<&S::wait, &W::mode>,
   .allowed = k_mode_values},
  {.name = "wait.fail_fast", .type = KeyType::boolean,
   .default_text = defaults::value_text<defaults::k_fail_fast>,
   .description = "Several jobs, mode all: the first job that ends without success ends the wait",
   .member = member<&S::wait, &W::fail_fast>},
  {.name = "wait.max_requests_per_second", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_max_requests_per_second>,
   .description = "Several jobs: the most status requests sent per second, all jobs together",
   .member = member<&S::wait, &W::max_requests_per_second>},
  {.name = "wait.max_concurrent_per_host", .type = KeyType::integer,
   .default_text = defaults::value_text<defaults::k_max_concurrent_per_host>,
   .description = "Several jobs: the most requests in flight at one host, and so its connections",
   .member = member<&S::wait, &W::max_concurrent_per_host>},
  {.name = "output.result", .type = KeyType::string,
   .default_text = defaults::k_result,
   .description = "Where the JSON result is written; --result beats it",
   .member = member<&S::output, &O::result>},
  {.name = "output.junit", .type = KeyType::string,
   .description = "Also write a JUnit XML report here (a test case per job and per task)",
   .member = member<&S::output, &O::junit>},
  {.name = "output.dotenv", .type = KeyType::string,
   .description = "Also write JOBWAIT_OUTCOME=... lines here (GitLab dotenv report); GitLab default jobwait.env",
   .member = member<&S::output, &O::dotenv>},
  {.name = "exit_codes.succeeded", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::succeeded)>,
   .description = "Exit code when the job succeeded",
   .member = member<&S::exit_codes, &X::succeeded>},
  {.name = "exit_codes.failed", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::failed)>,
   .description = "Exit code when the job failed",
   .member = member<&S::exit_codes, &X::failed>},
  {.name = "exit_codes.timed_out", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::timed_out)>,
   .description = "Exit code when the deadline passed first (0 makes the wait non-blocking)",
   .member = member<&S::exit_codes, &X::timed_out>},
  {.name = "exit_codes.not_found", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::not_found)>,
   .description = "Exit code when the service says there is no such job",
   .member = member<&S::exit_codes, &X::not_found>},
  {.name = "exit_codes.auth_error", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::auth_error)>,
   .description = "Exit code when authentication or permission was refused",
   .member = member<&S::exit_codes, &X::auth_error>},
  {.name = "exit_codes.api_error", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::api_error)>,
   .description = "Exit code on an API or transport error",
   .member = member<&S::exit_codes, &X::api_error>},
  {.name = "exit_codes.cancelled", .type = KeyType::exit_code,
   .default_text = defaults::value_text<static_cast<int>(ExitCode::cancelled)>,
   .description = "Exit code when the job was cancelled",
   .member = member<&S::exit_codes, &X::cancelled>},
};
// clang-format on

std::string_view table_part(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(0, dot);
}

}  // namespace

std::span<const KeyInfo> step_keys() { return k_keys; }

const KeyInfo* find_key(std::string_view name) {
  const auto it = std::find_if(std::begin(k_keys), std::end(k_keys), [&](const KeyInfo& key) { return key.name == name; });
  return it == std::end(k_keys) ? nullptr : &*it;
}

std::vector<std::string_view> key_names() {
  std::vector<std::string_view> names;
  for (const KeyInfo& key : k_keys) names.push_back(key.name);
  return names;
}

std::vector<std::string_view> table_names() {
  std::vector<std::string_view> tables;
  for (const KeyInfo& key : k_keys) {
    const std::string_view table = table_part(key.name);
    if (!table.empty() && std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  return tables;
}

std::vector<std::string_view> keys_in(std::string_view table) {
  std::vector<std::string_view> leaves;
  for (const KeyInfo& key : k_keys) {
    if (table_part(key.name) != table) continue;
    leaves.push_back(table.empty() ? key.name : key.name.substr(table.size() + 1));
  }
  return leaves;
}

std::string_view type_name(KeyType type) {
  switch (type) {
    case KeyType::string:
      return "string";
    case KeyType::duration:
      return "duration";
    case KeyType::integer:
      return "integer";
    case KeyType::exit_code:
      return "integer";
    case KeyType::pointer:
      return "JSON Pointer";
    case KeyType::string_list:
      return "array of strings";
    case KeyType::string_map:
      return "table of strings";
    case KeyType::boolean:
      return "boolean";
  }
  return "?";
}

}  // namespace jobwait::config
