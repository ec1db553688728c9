// The provider registry: one row per provider, in the order the README lists them. An
// explicit table rather than static self-registration, so it is greppable and no linker
// can drop an entry.
//
// Why the five built-ins are not presets of the declared engine: their classification is
// already data (StatusMap), but each has a trap a declaration cannot state (ServiceStage's
// any-case keys and JSON inside a string, CCE's task names and reason from a sub-job, CAE's
// reason from task details and its 'skip' note, IEF's task counts, CFW's error next to data in
// a 200). Hooks for those would be as large as the files they replace and would spread each
// API's rules over two places; one file per API keeps every trap beside its page reference.
#include "jobs/registry.hpp"

#include <algorithm>

#include "jobs/exec_job.hpp"
#include "providers/cae.hpp"
#include "providers/cce.hpp"
#include "providers/cfw.hpp"
#include "providers/declared.hpp"
#include "providers/ief.hpp"
#include "providers/servicestage.hpp"
#include "util/embedded_files.hpp"

namespace jobwait::providers {

namespace {

using enum ProviderKind;

// clang-format off
constexpr ProviderEntry k_providers[] = {
    {"servicestage", builtin,  servicestage_provider, "", "Huawei Cloud ServiceStage application component jobs"},
    {"cce",          builtin,  cce_provider,          "", "Huawei Cloud CCE cluster and node jobs"},
    {"cae",          builtin,  cae_provider,          "", "Huawei Cloud CAE (Cloud Application Engine) jobs"},
    {"ief",          builtin,  ief_provider,          "", "Huawei Cloud IEF (Intelligent EdgeFabric) batch jobs"},
    {"cfw",          builtin,  cfw_provider,          "", "Huawei Cloud CFW (Cloud Firewall) jobs"},
    {"v1-jobs",      declared, nullptr, "runner/providers/presets/v1-jobs.toml",
                     "Huawei Cloud v1 jobs of ECS, EVS, IMS and VPC (job.service names the host)"},
    {"http",         declared, nullptr,               "", "any JSON job API, declared in [job.http]"},
    {"exec",         exec,     nullptr,               "", "an external command run once per poll (docs/exec-protocol.md)"},
};
// clang-format on

constexpr std::string_view k_http_prefix = "job.http.";

}  // namespace

std::span<const ProviderEntry> provider_entries() { return k_providers; }

const ProviderEntry* find_entry(std::string_view name) {
  const auto* found = std::find_if(std::begin(k_providers), std::end(k_providers),
                                   [&](const ProviderEntry& entry) { return entry.name == name; });
  return found == std::end(k_providers) ? nullptr : found;
}

const Provider* find_provider(std::string_view name) {
  const ProviderEntry* entry = find_entry(name);
  return entry != nullptr && entry->builtin != nullptr ? &entry->builtin() : nullptr;
}

std::vector<std::string_view> provider_names() {
  std::vector<std::string_view> names;
  for (const ProviderEntry& entry : k_providers) names.push_back(entry.name);
  return names;
}

std::vector<std::string_view> required_keys(const ProviderEntry& entry) {
  switch (entry.kind) {
    case builtin:
      return entry.builtin().required_keys();
    case declared:
      // A preset supplies these; a plain http declaration must write them.
      if (!entry.preset.empty()) return {};
      return {"job.http.path", "job.http.status", "job.http.success", "job.http.failure"};
    case exec:
      return {"job.command"};
  }
  return {};
}

std::vector<std::string_view> waived_keys(const ProviderEntry& entry) {
  if (entry.kind != exec) return {};
  return {"job.project_id", "job.region", "job.endpoint", "auth.token"};
}

std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) {
  const std::string name(entry.name);
  if (key.substr(0, k_http_prefix.size()) == k_http_prefix && entry.kind != declared) {
    return "only provider \"http\" and the presets (\"v1-jobs\") read [job.http]; " + name + " does not";
  }
  if (key == "job.command" && entry.kind != exec) return "only provider \"exec\" runs a command; " + name + " does not";
  // Page 000: ServiceStage alone pages a job's task list.
  if ((key == "job.limit" || key == "job.offset" || key == "job.desc") && entry.name != "servicestage") {
    return "only provider \"servicestage\" pages a job's tasks; " + name + " does not";
  }
  if (key == "job.service" && entry.kind == builtin) {
    return "the " + name + " provider's host label is fixed (" + std::string(entry.builtin().service()) +
           "); set job.endpoint for another host";
  }
  return std::nullopt;
}

std::optional<KeyProblem> check_job(const ProviderEntry& entry, const config::JobConfig& job) {
  switch (entry.kind) {
    case builtin:
      return std::nullopt;
    case declared:
      return check_declaration(job);
    case exec:
      return check_command(job);
  }
  return std::nullopt;
}

std::string_view preset_text(const ProviderEntry& entry) {
  if (entry.preset.empty()) return {};
  return embedded_file(entry.preset).value_or(std::string_view{});
}

}  // namespace jobwait::providers
