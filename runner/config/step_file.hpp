// Loads a TOML step file into a StepConfig: environment expansion, --set overrides and every
// check, so that what comes back is ready to use. The only file that sees toml++.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "model/config_error.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"

namespace jobwait::config {

struct LoadOptions {
  std::vector<std::pair<std::string, std::string>> overrides;  // --set KEY=VALUE, applied in order
  EnvLookup getenv;  // for ${VAR}; empty means no variable is set (see process_environment())
};

// Reads the file, then parse_step_text. A missing or unreadable file is an error too.
tl::expected<StepConfig, ConfigError> load_step_file(const std::string& path, const LoadOptions& options);

// A preset's [job.http] declaration (providers/presets/), read by the same rules as a step
// file's; `name` only labels errors, which would be a bug in the preset.
tl::expected<HttpSpec, ConfigError> load_preset(std::string_view name, std::string_view text);

// Parses a step file's text; `file_name` is only used in errors and StepConfig::file.
tl::expected<StepConfig, ConfigError> parse_step_text(std::string_view text, std::string_view file_name,
                                                      const LoadOptions& options);

}  // namespace jobwait::config
