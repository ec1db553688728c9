#include "config/keys.hpp"

#include <algorithm>
#include <array>

#include "providers/endpoint.hpp"

namespace jobwait::config {

namespace {

// Accessors for a member path: access_field<&StepConfig::wait, &WaitConfig::timeout>.
template <auto... Path>
FieldRef access_field(StepConfig& config) {
  return &(config.*....*Path);
}

template <auto... Path>
ConstFieldRef access_value(const StepConfig& config) {
  return &(config.*....*Path);
}

using S = StepConfig;
using J = JobConfig;
using W = WaitConfig;
constexpr auto k_string = KeyType::string;
constexpr auto k_duration = KeyType::duration;
constexpr auto k_integer = KeyType::integer;
constexpr auto k_exit_code = KeyType::exit_code;
using X = ExitCodesConfig;
using H = HttpSpec;
constexpr auto k_pointer = KeyType::pointer;
constexpr auto k_list = KeyType::string_list;
constexpr auto k_map = KeyType::string_map;
constexpr auto k_boolean = KeyType::boolean;
using A = AuthConfig;
using T = TlsConfig;

constexpr std::string_view k_signing_values[] = {"SDK-HMAC-SHA256", "V11-HMAC-SHA256"};

constexpr std::string_view k_on_unknown_values[] = {"wait", "fail"};
constexpr std::string_view k_strategy_values[] = {"adaptive", "backoff", "fixed"};

constexpr std::string_view k_mode_values[] = {"all", "any"};

// clang-format off
constexpr std::array k_keys{
  KeyInfo{"name", k_string, false, "", false, "",
          "A label for this wait, shown in logs and written to the result",
          access_field<&S::name>, access_value<&S::name>},
  KeyInfo{"job.provider", k_string, true, "", false, "",
          "The job API to poll: servicestage, cce, cae, ief, cfw, v1-jobs, http or exec",
          access_field<&S::job, &J::provider>, access_value<&S::job, &J::provider>},
  KeyInfo{"job.id", k_string, true, "", false, "",
          "The job's ID, as returned by the call that started it",
          access_field<&S::job, &J::id>, access_value<&S::job, &J::id>},
  KeyInfo{"job.project_id", k_string, false, "", false, "",
          "The project that owns the job; looked up at IAM by region name when left out",
          access_field<&S::job, &J::project_id>, access_value<&S::job, &J::project_id>},
  KeyInfo{"job.region", k_string, false, "", false, "",
          "Region, e.g. eu-west-101; gives the host https://{service}.{region}.{domain} by job.cloud's host rules (huaweicloud: myhuaweicloud.eu for eu-west-1xx regions, else myhuaweicloud.com)",
          access_field<&S::job, &J::region>, access_value<&S::job, &J::region>},
  KeyInfo{"job.endpoint", k_string, false, "", false, "",
          "Base URL scheme://host[:port][/prefix]; beats job.region",
          access_field<&S::job, &J::endpoint>, access_value<&S::job, &J::endpoint>},
  KeyInfo{"job.cloud", k_string, false, "", false, "huaweicloud",
          "huaweicloud or otc (Open Telekom Cloud): which host rules turn a region into hosts",
          access_field<&S::job, &J::cloud>, access_value<&S::job, &J::cloud>, k_clouds},
  KeyInfo{"job.domain", k_string, false, "", false, "",
          "Host domain for other sites: https://{service}.{region}.{domain}; job.endpoint beats it",
          access_field<&S::job, &J::domain>, access_value<&S::job, &J::domain>},
  KeyInfo{"job.environment_id", k_string, false, "", false, "",
          "CAE: the environment (X-Environment-ID); required there",
          access_field<&S::job, &J::environment_id>, access_value<&S::job, &J::environment_id>},
  KeyInfo{"job.enterprise_project_id", k_string, false, "", false, "",
          "CAE: the enterprise project (X-Enterprise-Project-ID)",
          access_field<&S::job, &J::enterprise_project_id>, access_value<&S::job, &J::enterprise_project_id>},
  KeyInfo{"job.instance_id", k_string, false, "", false, "",
          "IEF: the platform instance (ief-instance-id)",
          access_field<&S::job, &J::instance_id>, access_value<&S::job, &J::instance_id>},
  KeyInfo{"job.limit", k_integer, false, "", false, "0",
          "ServiceStage: tasks per answer, sent as the limit query parameter; 0: not sent",
          access_field<&S::job, &J::limit>, access_value<&S::job, &J::limit>, {}, true},
  KeyInfo{"job.offset", k_integer, false, "", false, "0",
          "ServiceStage: the first task to list, sent as the offset query parameter; 0: not sent",
          access_field<&S::job, &J::offset>, access_value<&S::job, &J::offset>, {}, true},
  KeyInfo{"job.desc", k_boolean, false, "", false, "false",
          "ServiceStage: list tasks newest first (sends desc=true)",
          access_field<&S::job, &J::desc>, access_value<&S::job, &J::desc>},
  KeyInfo{"job.service", k_string, false, "", false, "",
          "The host label of a declared job API: https://{service}.{region}.myhuaweicloud.com; v1-jobs: ecs, evs, ims or vpc",
          access_field<&S::job, &J::service>, access_value<&S::job, &J::service>},
  KeyInfo{"job.command", k_list, false, "", false, "",
          "exec: the command run once per poll, as an argv list (never a shell); see docs/exec-protocol.md",
          access_field<&S::job, &J::command>, access_value<&S::job, &J::command>},
  KeyInfo{"job.http.path", k_string, false, "", false, "",
          "http: the status path, with {project_id} and {job_id} (percent-encoded when filled in)",
          access_field<&S::job, &J::http, &H::path>, access_value<&S::job, &J::http, &H::path>},
  KeyInfo{"job.http.method", k_string, false, "", false, "GET",
          "http: GET, POST or PUT",
          access_field<&S::job, &J::http, &H::method>, access_value<&S::job, &J::http, &H::method>},
  KeyInfo{"job.http.headers", k_map, false, "", false, "",
          "http: extra request headers; values take {project_id} and {job_id}",
          access_field<&S::job, &J::http, &H::headers>, access_value<&S::job, &J::http, &H::headers>},
  KeyInfo{"job.http.body", k_string, false, "", false, "",
          "http: a request body (POST, PUT); takes {project_id} and {job_id}",
          access_field<&S::job, &J::http, &H::body>, access_value<&S::job, &J::http, &H::body>},
  KeyInfo{"job.http.status", k_pointer, false, "", false, "",
          "http: where the status value is (JSON Pointer, e.g. /status)",
          access_field<&S::job, &J::http, &H::status>, access_value<&S::job, &J::http, &H::status>},
  KeyInfo{"job.http.message", k_pointer, false, "", false, "",
          "http: the text that says why the job failed",
          access_field<&S::job, &J::http, &H::message>, access_value<&S::job, &J::http, &H::message>},
  KeyInfo{"job.http.progress", k_pointer, false, "", false, "",
          "http: percent done, a number 0-100",
          access_field<&S::job, &J::http, &H::progress>, access_value<&S::job, &J::http, &H::progress>},
  KeyInfo{"job.http.tasks", k_pointer, false, "", false, "",
          "http: the array of tasks (sub-jobs)",
          access_field<&S::job, &J::http, &H::tasks>, access_value<&S::job, &J::http, &H::tasks>},
  KeyInfo{"job.http.task_id", k_pointer, false, "", false, "",
          "http: a task's id, within each element of tasks",
          access_field<&S::job, &J::http, &H::task_id>, access_value<&S::job, &J::http, &H::task_id>},
  KeyInfo{"job.http.task_name", k_pointer, false, "", false, "",
          "http: a task's name, within each element of tasks",
          access_field<&S::job, &J::http, &H::task_name>, access_value<&S::job, &J::http, &H::task_name>},
  KeyInfo{"job.http.task_status", k_pointer, false, "", false, "",
          "http: a task's status, within each element of tasks; read with the job's value lists",
          access_field<&S::job, &J::http, &H::task_status>, access_value<&S::job, &J::http, &H::task_status>},
  KeyInfo{"job.http.task_message", k_pointer, false, "", false, "",
          "http: a task's failure text, within each element of tasks",
          access_field<&S::job, &J::http, &H::task_message>, access_value<&S::job, &J::http, &H::task_message>},
  KeyInfo{"job.http.started", k_pointer, false, "", false, "",
          "http: when the job started (any of the four timestamp formats)",
          access_field<&S::job, &J::http, &H::started>, access_value<&S::job, &J::http, &H::started>},
  KeyInfo{"job.http.finished", k_pointer, false, "", false, "",
          "http: when the job finished",
          access_field<&S::job, &J::http, &H::finished>, access_value<&S::job, &J::http, &H::finished>},
  KeyInfo{"job.http.success", k_list, false, "", false, "",
          "http: status values that mean the job succeeded (exit 0)",
          access_field<&S::job, &J::http, &H::success>, access_value<&S::job, &J::http, &H::success>},
  KeyInfo{"job.http.failure", k_list, false, "", false, "",
          "http: status values that mean the job failed (exit 1)",
          access_field<&S::job, &J::http, &H::failure>, access_value<&S::job, &J::http, &H::failure>},
  KeyInfo{"job.http.cancelled", k_list, false, "", false, "",
          "http: status values that mean the job was cancelled (exit 7)",
          access_field<&S::job, &J::http, &H::cancelled>, access_value<&S::job, &J::http, &H::cancelled>},
  KeyInfo{"job.http.pending", k_list, false, "", false, "",
          "http: status values of a job that has not started yet",
          access_field<&S::job, &J::http, &H::pending>, access_value<&S::job, &J::http, &H::pending>},
  KeyInfo{"job.http.running", k_list, false, "", false, "",
          "http: status values of a job that is running",
          access_field<&S::job, &J::http, &H::running>, access_value<&S::job, &J::http, &H::running>},
  KeyInfo{"job.http.stalled", k_list, false, "", false, "",
          "http: non-terminal values that will not move without someone acting (warned, flagged)",
          access_field<&S::job, &J::http, &H::stalled>, access_value<&S::job, &J::http, &H::stalled>},
  KeyInfo{"auth.token", k_string, false, "", true, "",
          "IAM token, sent as X-Auth-Token; read it with ${VAR}; never printed",
          access_field<&S::auth, &AuthConfig::token>, access_value<&S::auth, &AuthConfig::token>},
  KeyInfo{"auth.access_key", k_string, false, "", true, "",
          "Access key (AK) for request signing; needs auth.secret_key; never printed",
          access_field<&S::auth, &A::access_key>, access_value<&S::auth, &A::access_key>},
  KeyInfo{"auth.secret_key", k_string, false, "", true, "",
          "Secret key (SK) that signs each request; read it with ${VAR}; never printed",
          access_field<&S::auth, &A::secret_key>, access_value<&S::auth, &A::secret_key>},
  KeyInfo{"auth.security_token", k_string, false, "", true, "",
          "Temporary AK/SK only: sent and signed as X-Security-Token; never printed",
          access_field<&S::auth, &A::security_token>, access_value<&S::auth, &A::security_token>},
  KeyInfo{"auth.signing", k_string, false, "", false, "SDK-HMAC-SHA256",
          "The AK/SK algorithm: SDK-HMAC-SHA256, or V11-HMAC-SHA256 (derived key, scoped to region and service)",
          access_field<&S::auth, &A::signing>, access_value<&S::auth, &A::signing>, k_signing_values},
  KeyInfo{"auth.user", k_string, false, "", false, "",
          "IAM user name for a password login (exchanged for a token at IAM)",
          access_field<&S::auth, &A::user>, access_value<&S::auth, &A::user>},
  KeyInfo{"auth.password", k_string, false, "", true, "",
          "The IAM user's password; read it with ${VAR}; never printed",
          access_field<&S::auth, &A::password>, access_value<&S::auth, &A::password>},
  KeyInfo{"auth.domain", k_string, false, "", false, "",
          "The account (domain) name the IAM user belongs to",
          access_field<&S::auth, &A::domain>, access_value<&S::auth, &A::domain>},
  KeyInfo{"auth.iam_endpoint", k_string, false, "", false, "",
          "IAM base URL scheme://host[:port]; else https://iam.{region}.{domain} by the job's host rules",
          access_field<&S::auth, &A::iam_endpoint>, access_value<&S::auth, &A::iam_endpoint>},
  KeyInfo{"auth.token_cache", k_string, false, "", false, "",
          "Directory where IAM tokens from password logins are kept (0600) and reused until near expiry",
          access_field<&S::auth, &A::token_cache>, access_value<&S::auth, &A::token_cache>},
  KeyInfo{"tls.ca_file", k_string, false, "", false, "",
          "PEM file of the certificate authorities to trust instead of the system's",
          access_field<&S::tls, &T::ca_file>, access_value<&S::tls, &T::ca_file>},
  KeyInfo{"tls.insecure", k_boolean, false, "", false, "false",
          "Skip certificate verification (never in production): warned about on every run",
          access_field<&S::tls, &T::insecure>, access_value<&S::tls, &T::insecure>},
  KeyInfo{"wait.timeout", k_duration, false, "", false, "30m",
          "How long to wait for the job to finish before giving up",
          access_field<&S::wait, &W::timeout>, access_value<&S::wait, &W::timeout>},
  KeyInfo{"wait.interval", k_duration, false, "", false, "2s",
          "Time between the first polls; backs off up to wait.max_interval",
          access_field<&S::wait, &W::interval>, access_value<&S::wait, &W::interval>},
  KeyInfo{"wait.max_interval", k_duration, false, "", false, "30s",
          "The longest time between two polls",
          access_field<&S::wait, &W::max_interval>, access_value<&S::wait, &W::max_interval>},
  KeyInfo{"wait.strategy", k_string, false, "", false, "adaptive",
          "How the delay between polls is chosen: adaptive (by the job's progress, tasks done and "
          "start time), backoff (doubling with jitter) or fixed (every wait.interval, ±10%)",
          access_field<&S::wait, &W::strategy>, access_value<&S::wait, &W::strategy>, k_strategy_values},
  KeyInfo{"wait.request_timeout", k_duration, false, "", false, "30s",
          "Time limit for one status request",
          access_field<&S::wait, &W::request_timeout>, access_value<&S::wait, &W::request_timeout>},
  KeyInfo{"wait.max_errors", k_integer, false, "", false, "10",
          "Consecutive transient errors (timeouts, 5xx, 429) tolerated before giving up",
          access_field<&S::wait, &W::max_errors>, access_value<&S::wait, &W::max_errors>},
  KeyInfo{"wait.connect_timeout", k_duration, false, "", false, "10s",
          "Time limit for opening the connection of one request (part of wait.request_timeout)",
          access_field<&S::wait, &W::connect_timeout>, access_value<&S::wait, &W::connect_timeout>},
  KeyInfo{"wait.not_found_grace", k_duration, false, "", false, "30s",
          "How long a job the service does not know yet is polled before exit 4; 0s: at once",
          access_field<&S::wait, &W::not_found_grace>, access_value<&S::wait, &W::not_found_grace>,
          {}, true},
  KeyInfo{"wait.on_unknown", k_string, false, "", false, "wait",
          "A status no provider knows: wait (warn once and keep polling) or fail (exit 6)",
          access_field<&S::wait, &W::on_unknown>, access_value<&S::wait, &W::on_unknown>,
          k_on_unknown_values},
  KeyInfo{"wait.confirm", k_integer, false, "", false, "1",
          "Consecutive reads of the same terminal status needed before it is believed",
          access_field<&S::wait, &W::confirm>, access_value<&S::wait, &W::confirm>},
  KeyInfo{"wait.stall_warning", k_duration, false, "", false, "10m",
          "Warn once and report the job stalled when nothing visible changed for this long",
          access_field<&S::wait, &W::stall_warning>, access_value<&S::wait, &W::stall_warning>},
  KeyInfo{"wait.mode", k_string, false, "", false, "all",
          "Several jobs: all (every job must succeed) or any (the first success ends the wait)",
          access_field<&S::wait, &W::mode>, access_value<&S::wait, &W::mode>, k_mode_values},
  KeyInfo{"wait.fail_fast", k_boolean, false, "", false, "false",
          "Several jobs, mode all: the first job that ends without success ends the wait",
          access_field<&S::wait, &W::fail_fast>, access_value<&S::wait, &W::fail_fast>},
  KeyInfo{"wait.max_requests_per_second", k_integer, false, "", false, "20",
          "Several jobs: the most status requests sent per second, all jobs together",
          access_field<&S::wait, &W::max_requests_per_second>, access_value<&S::wait, &W::max_requests_per_second>},
  KeyInfo{"wait.max_concurrent_per_host", k_integer, false, "", false, "6",
          "Several jobs: the most requests in flight at one host, and so its connections",
          access_field<&S::wait, &W::max_concurrent_per_host>, access_value<&S::wait, &W::max_concurrent_per_host>},
  KeyInfo{"output.result", k_string, false, "", false, "jobwait-result.json",
          "Where the JSON result is written; --result beats it",
          access_field<&S::output, &OutputConfig::result>, access_value<&S::output, &OutputConfig::result>},
  KeyInfo{"output.junit", k_string, false, "", false, "",
          "Also write a JUnit XML report here (a test case per job and per task)",
          access_field<&S::output, &OutputConfig::junit>, access_value<&S::output, &OutputConfig::junit>},
  KeyInfo{"output.dotenv", k_string, false, "", false, "",
          "Also write JOBWAIT_OUTCOME=... lines here (GitLab dotenv report); GitLab default jobwait.env",
          access_field<&S::output, &OutputConfig::dotenv>, access_value<&S::output, &OutputConfig::dotenv>},
  KeyInfo{"exit_codes.succeeded", k_exit_code, false, "", false, "0",
          "Exit code when the job succeeded",
          access_field<&S::exit_codes, &X::succeeded>, access_value<&S::exit_codes, &X::succeeded>},
  KeyInfo{"exit_codes.failed", k_exit_code, false, "", false, "1",
          "Exit code when the job failed",
          access_field<&S::exit_codes, &X::failed>, access_value<&S::exit_codes, &X::failed>},
  KeyInfo{"exit_codes.timed_out", k_exit_code, false, "", false, "3",
          "Exit code when the deadline passed first (0 makes the wait non-blocking)",
          access_field<&S::exit_codes, &X::timed_out>, access_value<&S::exit_codes, &X::timed_out>},
  KeyInfo{"exit_codes.not_found", k_exit_code, false, "", false, "4",
          "Exit code when the service says there is no such job",
          access_field<&S::exit_codes, &X::not_found>, access_value<&S::exit_codes, &X::not_found>},
  KeyInfo{"exit_codes.auth_error", k_exit_code, false, "", false, "5",
          "Exit code when authentication or permission was refused",
          access_field<&S::exit_codes, &X::auth_error>, access_value<&S::exit_codes, &X::auth_error>},
  KeyInfo{"exit_codes.api_error", k_exit_code, false, "", false, "6",
          "Exit code on an API or transport error",
          access_field<&S::exit_codes, &X::api_error>, access_value<&S::exit_codes, &X::api_error>},
  KeyInfo{"exit_codes.cancelled", k_exit_code, false, "", false, "7",
          "Exit code when the job was cancelled",
          access_field<&S::exit_codes, &X::cancelled>, access_value<&S::exit_codes, &X::cancelled>},
};
// clang-format on

std::string_view table_part(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(0, dot);
}

}  // namespace

std::span<const KeyInfo> step_keys() { return k_keys; }

const KeyInfo* find_key(std::string_view name) {
  const auto it = std::find_if(k_keys.begin(), k_keys.end(), [&](const KeyInfo& key) { return key.name == name; });
  return it == k_keys.end() ? nullptr : &*it;
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
