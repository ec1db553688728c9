#include "config/keys.hpp"

#include <algorithm>
#include <array>

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

// clang-format off
constexpr std::array k_keys{
  KeyInfo{"name", k_string, false, "", false, "",
          "A label for this wait, shown in logs and written to the result",
          access_field<&S::name>, access_value<&S::name>},
  KeyInfo{"job.provider", k_string, true, "", false, "",
          "The job API to poll: servicestage, cce, cae, ief or cfw",
          access_field<&S::job, &J::provider>, access_value<&S::job, &J::provider>},
  KeyInfo{"job.id", k_string, true, "", false, "",
          "The job's ID, as returned by the call that started it",
          access_field<&S::job, &J::id>, access_value<&S::job, &J::id>},
  KeyInfo{"job.project_id", k_string, true, "", false, "",
          "The project that owns the job (one per region)",
          access_field<&S::job, &J::project_id>, access_value<&S::job, &J::project_id>},
  KeyInfo{"job.region", k_string, true, "job.endpoint", false, "",
          "Region, e.g. eu-west-101; gives the host https://{service}.{region}.myhuaweicloud.com",
          access_field<&S::job, &J::region>, access_value<&S::job, &J::region>},
  KeyInfo{"job.endpoint", k_string, true, "job.region", false, "",
          "Base URL scheme://host[:port][/prefix]; beats job.region",
          access_field<&S::job, &J::endpoint>, access_value<&S::job, &J::endpoint>},
  KeyInfo{"job.environment_id", k_string, false, "", false, "",
          "CAE: the environment (X-Environment-ID); required there",
          access_field<&S::job, &J::environment_id>, access_value<&S::job, &J::environment_id>},
  KeyInfo{"job.enterprise_project_id", k_string, false, "", false, "",
          "CAE: the enterprise project (X-Enterprise-Project-ID)",
          access_field<&S::job, &J::enterprise_project_id>, access_value<&S::job, &J::enterprise_project_id>},
  KeyInfo{"job.instance_id", k_string, false, "", false, "",
          "IEF: the platform instance (ief-instance-id)",
          access_field<&S::job, &J::instance_id>, access_value<&S::job, &J::instance_id>},
  KeyInfo{"auth.token", k_string, true, "", true, "",
          "IAM token, sent as X-Auth-Token; read it with ${VAR}; never printed",
          access_field<&S::auth, &AuthConfig::token>, access_value<&S::auth, &AuthConfig::token>},
  KeyInfo{"wait.timeout", k_duration, false, "", false, "30m",
          "How long to wait for the job to finish before giving up",
          access_field<&S::wait, &W::timeout>, access_value<&S::wait, &W::timeout>},
  KeyInfo{"wait.interval", k_duration, false, "", false, "2s",
          "Time between the first polls; backs off up to wait.max_interval",
          access_field<&S::wait, &W::interval>, access_value<&S::wait, &W::interval>},
  KeyInfo{"wait.max_interval", k_duration, false, "", false, "30s",
          "The longest time between two polls",
          access_field<&S::wait, &W::max_interval>, access_value<&S::wait, &W::max_interval>},
  KeyInfo{"wait.request_timeout", k_duration, false, "", false, "30s",
          "Time limit for one status request",
          access_field<&S::wait, &W::request_timeout>, access_value<&S::wait, &W::request_timeout>},
  KeyInfo{"wait.max_errors", k_integer, false, "", false, "10",
          "Consecutive transient errors (timeouts, 5xx, 429) tolerated before giving up",
          access_field<&S::wait, &W::max_errors>, access_value<&S::wait, &W::max_errors>},
  KeyInfo{"output.result", k_string, false, "", false, "jobwait-result.json",
          "Where the JSON result is written; --result beats it",
          access_field<&S::output, &OutputConfig::result>, access_value<&S::output, &OutputConfig::result>},
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
  }
  return "?";
}

}  // namespace jobwait::config
