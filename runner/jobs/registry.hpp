// Every provider jobwait knows, in one table: the five built-in job APIs, the declared ones
// ("http", whose [job.http] the step file writes, and the presets such as "v1-jobs", written in
// that same form and shipped in presets/), and "exec", an external command.
//
// A registered provider makes its own job and checks its own settings (as ccache's remote
// storage backends make themselves): what each kind of provider does is here and in
// registry.cpp only, and no code outside asks which kind a provider is.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_client.hpp"
#include "jobs/job.hpp"
#include "model/step_config.hpp"
#include "providers/provider.hpp"

namespace jobwait::providers {

enum class ProviderKind { builtin, declared, exec };

struct ProviderEntry {
  std::string_view name;
  ProviderKind kind;             // picks what the provider does (registry.cpp: one class a kind)
  const Provider& (*builtin)();  // builtin: the provider; nullptr otherwise
  std::string_view preset;       // declared: the preset file in the binary ("" for http)
  std::string_view summary;      // one line, for `jobwait providers`
};

std::span<const ProviderEntry> provider_entries();
const ProviderEntry* find_entry(std::string_view name);

// The job a loaded step file names (its provider is known: the loader checked): an HttpJob
// sending through `client`, or an ExecJob, which ignores it.
std::unique_ptr<Job> make_job(const config::StepConfig& step, http::Client& client);

// Whether the provider asks an HTTP API (exec runs a command: no host, no credentials, no
// project of jobwait's).
bool asks_an_api(const ProviderEntry& entry);
// Keys this provider needs beyond the key table's required ones (CAE: job.environment_id).
std::vector<std::string_view> required_keys(const ProviderEntry& entry);
// Keys the table requires that this provider never reads: exec asks no HTTP API, so it needs
// no project, host or token of jobwait's (it may still pass them on to the command).
std::vector<std::string_view> waived_keys(const ProviderEntry& entry);
// Keys only some providers read: set for another provider, they are a mistake worth saying.
// nullopt when `key` suits `entry`; else why not.
std::optional<std::string> misplaced_key(const ProviderEntry& entry, std::string_view key);
// The rules for the whole job setting that no single key can check (declared.hpp, exec_job.hpp).
std::optional<KeyProblem> check_job(const ProviderEntry& entry, const config::JobConfig& job);

// The text of a preset: TOML holding one [job.http] table. Empty for anything else.
std::string_view preset_text(const ProviderEntry& entry);
// What `jobwait providers` says under the provider's name: what it asks and how it reads the
// answer. `preset` is the preset_text read (config::load_preset), for a provider that has one.
std::string describe_provider(const ProviderEntry& entry, const config::HttpSpec* preset);

}  // namespace jobwait::providers
