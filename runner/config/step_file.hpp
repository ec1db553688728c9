// Loads a TOML step file into a StepConfig: environment expansion, --set overrides and every
// check, so that what comes back is ready to use. The loader walk is step_file.cpp; value
// typing value.*, the checks of the whole checks.*, presets preset.* (load_preset, declared
// there, is here too for its callers), did-you-mean suggest.*. Only config/ sees toml++.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "config/preset.hpp"
#include "model/config_error.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"

namespace jobwait::config {

struct LoadOptions {
  // --set KEY=VALUE, applied in order. A key given here is not read from the file at all: its
  // text there is neither expanded nor typed.
  std::vector<std::pair<std::string, std::string>> overrides;
  EnvLookup getenv;  // for ${VAR}; empty means no variable is set (see process_environment())
};

// Reads the file, then parse_step_text. A missing or unreadable file is an error too. An
// error carries every problem found in one run (ConfigError::others): the file's values and
// each --set's, or, when those are sound, the checks of the whole.
tl::expected<StepConfig, ConfigError> load_step_file(const std::string& path, const LoadOptions& options);

// Parses a step file's text; `file_name` is only used in errors and StepConfig::file.
tl::expected<StepConfig, ConfigError> parse_step_text(std::string_view text, std::string_view file_name,
                                                      const LoadOptions& options);

}  // namespace jobwait::config
