// The checks of the whole step once its values are in: required keys, the provider, intervals.
#include "config/checks.hpp"

#include <algorithm>

#include "config/keys.hpp"
#include "config/suggest.hpp"
#include "config/value.hpp"
#include "jobs/registry.hpp"
#include "providers/provider.hpp"
#include "util/duration.hpp"
#include "util/edit_distance.hpp"

namespace jobwait::config {

namespace {

bool is_empty(const KeyInfo& key, const StepConfig& config) {
  const ConstFieldRef value = key.value(config);
  if (const auto* const* text = std::get_if<const std::string*>(&value)) return (*text)->empty();
  if (const auto* const* items = std::get_if<const std::vector<std::string>*>(&value)) return (*items)->empty();
  if (const auto* const* items = std::get_if<const StringMap*>(&value)) return (*items)->empty();
  return false;
}

// Whether the provider named in the file has no use for this required key (exec).
bool waived(std::string_view name, const StepConfig& config) {
  const providers::ProviderEntry* entry = providers::find_entry(config.job.provider);
  if (entry == nullptr) return false;
  const std::vector<std::string_view> keys = providers::waived_keys(*entry);
  return std::find(keys.begin(), keys.end(), name) != keys.end();
}

std::string empty_message(const Place& place) {
  return place.had_reference ? "is empty after environment expansion" : "must not be empty";
}

std::vector<ConfigError> check_required(const LoadState& state) {
  std::vector<ConfigError> errors;
  for (const KeyInfo& key : step_keys()) {
    if (!key.required || !is_empty(key, state.config) || waived(key.name, state.config)) continue;
    if (!key.alternative.empty() && !is_empty(*find_key(key.alternative), state.config)) continue;
    if (const auto given = state.places.find(key.name); given != state.places.end()) {
      errors.push_back(state.error(given->second, key.name, empty_message(given->second)));
    } else if (key.alternative.empty()) {
      const std::size_t dot = key.name.find('.');
      errors.push_back(state.error(state.table_place(key.name), key.name,
                                   "missing required key (add " + std::string(key.name.substr(dot + 1)) + " under [" +
                                       std::string(key.name.substr(0, dot)) + "])"));
    } else if (const auto other = state.places.find(key.alternative); other != state.places.end()) {
      errors.push_back(state.error(other->second, key.alternative, empty_message(other->second)));
    } else {
      errors.push_back(state.error(state.table_place(key.name), key.name,
                                   "missing: set " + std::string(key.name) + " or " + std::string(key.alternative)));
    }
  }
  return errors;
}

// wait.interval may not exceed wait.max_interval; the error points at whichever of the two was
// set (interval when both were).
std::optional<ConfigError> check_intervals(const LoadState& state) {
  const WaitConfig& wait = state.config.wait;
  if (wait.interval <= wait.max_interval) return std::nullopt;
  const bool interval_set = state.places.count("wait.interval") != 0;
  const std::string_view key = interval_set ? "wait.interval" : "wait.max_interval";
  const std::string message = interval_set ? format_duration(wait.interval) + " is longer than wait.max_interval (" +
                                                 format_duration(wait.max_interval) + ")"
                                           : format_duration(wait.max_interval) + " is shorter than wait.interval (" +
                                                 format_duration(wait.interval) + ", the default)";
  return state.error(state.place_of_key(key), key, message);
}

}  // namespace

std::vector<ConfigError> check_resolved(const LoadState& state) {
  // Without the job's identity the rest would only repeat that it is missing.
  if (std::vector<ConfigError> missing = check_required(state); !missing.empty()) return missing;

  const StepConfig& config = state.config;
  const providers::ProviderEntry* provider = providers::find_entry(config.job.provider);
  if (provider == nullptr) {  // everything after this is the provider's to say
    const std::vector<std::string_view> names = providers::provider_names();
    std::optional<std::string> suggestion = closest(config.job.provider, names);
    std::string known;
    for (std::string_view name : names) known += (known.empty() ? "" : ", ") + std::string(name);
    return {state.error(state.place_of_key("job.provider"), "job.provider",
                        "unknown provider " + in_quotes(config.job.provider) +
                            (suggestion ? did_you_mean(suggestion) : " (known: " + known + ")"))};
  }
  std::vector<ConfigError> errors;
  for (const auto& [name, place] : state.places) {
    if (auto why = providers::misplaced_key(*provider, name)) errors.push_back(state.error(place, name, *why));
  }
  for (std::string_view name : providers::required_keys(*provider)) {
    const KeyInfo* key = find_key(name);
    if (key == nullptr || !is_empty(*key, config)) continue;
    const std::size_t dot = name.rfind('.');
    errors.push_back(state.error(state.place_of_key(name), name,
                                 "missing: the " + config.job.provider + " provider needs it (add " +
                                     std::string(name.substr(dot + 1)) + " under [" + std::string(name.substr(0, dot)) +
                                     "])"));
  }
  // The provider's own check of the whole job reads keys the two above vouch for.
  if (errors.empty()) {
    if (auto problem = providers::check_job(*provider, config.job)) {
      errors.push_back(state.error(state.place_of_key(problem->key), problem->key, problem->message));
    }
  }
  if (auto intervals = check_intervals(state)) errors.push_back(*std::move(intervals));
  return errors;
}

}  // namespace jobwait::config
