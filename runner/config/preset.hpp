// Presets: a provider such as "v1-jobs" is a [job.http] declaration shipped in the binary
// (providers/presets/), read by the step file's rules and merged in beneath its own keys.
#pragma once

#include <optional>
#include <string_view>
#include <tl/expected.hpp>

#include "model/config_error.hpp"
#include "model/step_config.hpp"

namespace jobwait::config {

struct LoadState;  // load_state.hpp, which brings toml++ with it

// A preset's [job.http] declaration, read by the same rules as a step file's; `name` only
// labels errors, which would be a bug in the preset.
tl::expected<HttpSpec, ConfigError> load_preset(std::string_view name, std::string_view text);

// Merges the preset of the provider `state` names (none: nothing to do) beneath the step
// file's own [job.http] keys; the error is a preset that does not load.
std::optional<ConfigError> merge_preset(LoadState& state);

}  // namespace jobwait::config
