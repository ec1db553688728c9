// Presets: a shipped [job.http] declaration, loaded and merged beneath the step file's own keys.
#include "config/preset.hpp"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "config/keys.hpp"
#include "config/load_state.hpp"
#include "jobs/registry.hpp"

namespace jobwait::config {

tl::expected<HttpSpec, ConfigError> load_preset(std::string_view name, std::string_view text) {
  LoadState state;
  state.file = "preset " + std::string(name);
  if (text.empty()) return tl::unexpected(state.error({}, "job.provider", "preset not in this build"));
  if (std::vector<ConfigError> errors = read_text(text, state); !errors.empty()) {
    return tl::unexpected(std::move(errors.front()));
  }
  for (const auto& [key, place] : state.places) {
    if (key.rfind("job.http.", 0) != 0) return tl::unexpected(state.error(place, key, "a preset declares [job.http] keys only"));
  }
  return std::move(state.config.job.http);
}

// The step file's own [job.http] keys beat the preset's, and a status value the step file
// lists leaves every list of the preset's that it did not replace: failure = ["FAIL",
// "PENDING_PAYMENT"] moves PENDING_PAYMENT out of pending and stalled.
std::optional<ConfigError> merge_preset(LoadState& state) {
  const providers::ProviderEntry* entry = providers::find_entry(state.config.job.provider);
  if (entry == nullptr || entry->preset.empty()) return std::nullopt;
  auto preset = load_preset(entry->name, providers::preset_text(*entry));
  if (!preset) return preset.error();
  StepConfig from_preset;
  from_preset.job.http = *std::move(preset);
  std::vector<std::string> listed;
  for (const KeyInfo& key : step_keys()) {
    if (key.name.rfind("job.http.", 0) != 0) continue;
    const FieldRef field = key.field(state.config);
    if (state.places.count(key.name) != 0) {
      if (const auto* items = std::get_if<std::vector<std::string>*>(&field)) {
        listed.insert(listed.end(), (*items)->begin(), (*items)->end());
      }
      continue;
    }
    std::visit([&](auto* target) { *target = *std::get<decltype(target)>(key.field(from_preset)); }, field);
  }
  for (const KeyInfo& key : step_keys()) {
    if (key.type != KeyType::string_list || key.name.rfind("job.http.", 0) != 0 || state.places.count(key.name) != 0) {
      continue;
    }
    auto& items = *std::get<std::vector<std::string>*>(key.field(state.config));
    std::erase_if(items, [&](const std::string& value) {
      return std::find(listed.begin(), listed.end(), value) != listed.end();
    });
  }
  return std::nullopt;
}

}  // namespace jobwait::config
