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
#include <string>

#include "jobs/exec_job.hpp"
#include "jobs/http_job.hpp"
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

constexpr std::string_view k_http_prefix = "job.http.";

// The messages for keys a provider does not read, shared by the kinds that refuse them.
std::optional<std::string> not_declared(const ProviderEntry& entry, std::string_view key) {
  if (key.substr(0, k_http_prefix.size()) != k_http_prefix) return std::nullopt;
  return "only provider \"http\" and the presets (\"v1-jobs\") read [job.http]; " + std::string(entry.name) +
         " does not";
}

std::optional<std::string> not_exec(const ProviderEntry& entry, std::string_view key) {
  if (key != "job.command") return std::nullopt;
  return "only provider \"exec\" runs a command; " + std::string(entry.name) + " does not";
}

// Page 000: ServiceStage alone pages a job's task list.
std::optional<std::string> not_paged(const ProviderEntry& entry, std::string_view key) {
  if ((key != "job.limit" && key != "job.offset" && key != "job.desc") || entry.name == "servicestage") {
    return std::nullopt;
  }
  return "only provider \"servicestage\" pages a job's tasks; " + std::string(entry.name) + " does not";
}

constexpr State k_states[] = {State::pending, State::running, State::succeeded, State::failed, State::cancelled};

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

// A status field and what each of its values means, for `jobwait providers`.
std::string status_lines(std::string_view field, const StatusMap& statuses) {
  std::string out = "  " + std::string(field) + ":\n";
  for (State state : k_states) {
    std::vector<std::string> values;  // each with its remark: CAE's "skip (with a warning)"
    for (const StatusRule& rule : statuses.rules()) {
      if (rule.state == state) values.push_back(rule.remark.empty() ? rule.value : rule.value + " (" + std::string(rule.remark) + ")");
    }
    if (values.empty()) continue;
    std::string label(to_string(state));
    label.resize(11, ' ');
    out += "    " + label + joined(values) + "\n";
  }
  if (const std::vector<std::string> stalled = statuses.stalled_values(); !stalled.empty()) {
    out += "    stalled    " + joined(stalled) + " (not terminal; will not move without someone acting)\n";
  }
  out += "    anything else: unknown (wait.on_unknown)\n";
  return out;
}

// What one kind of provider does with a step: makes its job, says which keys it needs and
// reads, checks the job setting as a whole, and describes itself.
class Kind {
 public:
  virtual ~Kind() = default;
  virtual std::unique_ptr<Job> make_job(const ProviderEntry& entry, const config::StepConfig& step,
                                        http::Client& client) const = 0;
  virtual bool asks_an_api() const { return true; }
  virtual std::vector<std::string_view> required_keys(const ProviderEntry& entry) const = 0;
  virtual std::vector<std::string_view> waived_keys() const { return {}; }
  virtual std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) const = 0;
  virtual std::optional<KeyProblem> check_job(const config::JobConfig&) const { return std::nullopt; }
  virtual std::string describe(const ProviderEntry& entry, const config::HttpSpec* preset) const = 0;
};

// A built-in job API: one file pair in providers/, a singleton.
class BuiltinKind final : public Kind {
 public:
  std::unique_ptr<Job> make_job(const ProviderEntry& entry, const config::StepConfig& step,
                                http::Client& client) const override {
    return std::make_unique<HttpJob>(step, entry.builtin(), client);
  }
  std::vector<std::string_view> required_keys(const ProviderEntry& entry) const override {
    return entry.builtin().required_keys();
  }
  std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) const override {
    if (auto why = not_declared(entry, key)) return why;
    if (auto why = not_exec(entry, key)) return why;
    if (auto why = not_paged(entry, key)) return why;
    if (key != "job.service") return std::nullopt;
    return "the " + std::string(entry.name) + " provider's host label is fixed (" +
           std::string(entry.builtin().service()) + "); set job.endpoint for another host";
  }
  std::string describe(const ProviderEntry& entry, const config::HttpSpec*) const override {
    const Provider& provider = entry.builtin();
    return "  GET https://" + std::string(provider.service()) + ".{region}.myhuaweicloud.com" +
           std::string(provider.path_template()) + "\n" + status_lines(provider.status_field(), provider.statuses());
  }
};

// A job API declared in [job.http], by the step file or by a preset beneath it.
class DeclaredKind final : public Kind {
 public:
  std::unique_ptr<Job> make_job(const ProviderEntry&, const config::StepConfig& step,
                                http::Client& client) const override {
    return std::make_unique<HttpJob>(step, make_declared_provider(step.job), client);
  }
  std::vector<std::string_view> required_keys(const ProviderEntry& entry) const override {
    // A preset supplies these; a plain http declaration must write them.
    if (!entry.preset.empty()) return {};
    return {"job.http.path", "job.http.status", "job.http.success", "job.http.failure"};
  }
  std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) const override {
    if (auto why = not_exec(entry, key)) return why;
    return not_paged(entry, key);
  }
  std::optional<KeyProblem> check_job(const config::JobConfig& job) const override { return check_declaration(job); }
  std::string describe(const ProviderEntry&, const config::HttpSpec* preset) const override {
    if (preset == nullptr) {
      return "  [job.http]: path, method, headers, body; JSON Pointers to status, message, progress,\n"
             "  tasks; value lists success, failure, cancelled, pending, running, stalled\n";
    }
    return "  " + preset->method + " https://{job.service}.{region}.myhuaweicloud.com" + preset->path + "\n" +
           status_lines(preset->status, declared_statuses(*preset));
  }
};

// An external command, run once per poll.
class ExecKind final : public Kind {
 public:
  std::unique_ptr<Job> make_job(const ProviderEntry&, const config::StepConfig& step, http::Client&) const override {
    return make_exec_job(step);
  }
  bool asks_an_api() const override { return false; }
  std::vector<std::string_view> required_keys(const ProviderEntry&) const override { return {"job.command"}; }
  std::vector<std::string_view> waived_keys() const override {
    return {"job.project_id", "job.region", "job.endpoint", "auth.token"};
  }
  std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) const override {
    if (auto why = not_declared(entry, key)) return why;
    return not_paged(entry, key);
  }
  std::optional<KeyProblem> check_job(const config::JobConfig& job) const override { return check_command(job); }
  std::string describe(const ProviderEntry&, const config::HttpSpec*) const override {
    return "  job.command prints {\"state\": ...}: pending, running, succeeded, failed, cancelled, unknown\n";
  }
};

const Kind& kind_of(const ProviderEntry& entry) {
  static const BuiltinKind k_builtin;
  static const DeclaredKind k_declared;
  static const ExecKind k_exec;
  switch (entry.kind) {
    case builtin: return k_builtin;
    case declared: return k_declared;
    case exec: return k_exec;
  }
  return k_builtin;
}

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

std::unique_ptr<Job> make_job(const config::StepConfig& step, http::Client& client) {
  const ProviderEntry& entry = *find_entry(step.job.provider);
  return kind_of(entry).make_job(entry, step, client);
}

bool asks_an_api(const ProviderEntry& entry) { return kind_of(entry).asks_an_api(); }

std::vector<std::string_view> required_keys(const ProviderEntry& entry) { return kind_of(entry).required_keys(entry); }

std::vector<std::string_view> waived_keys(const ProviderEntry& entry) { return kind_of(entry).waived_keys(); }

std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key) {
  return kind_of(entry).misplaced_key(entry, key);
}

std::optional<KeyProblem> check_job(const ProviderEntry& entry, const config::JobConfig& job) {
  return kind_of(entry).check_job(job);
}

std::string_view preset_text(const ProviderEntry& entry) {
  if (entry.preset.empty()) return {};
  return embedded_file(entry.preset).value_or(std::string_view{});
}

std::string describe_provider(const ProviderEntry& entry, const config::HttpSpec* preset) {
  return kind_of(entry).describe(entry, preset);
}

}  // namespace jobwait::providers
