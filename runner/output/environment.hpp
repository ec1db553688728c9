// The output settings the process environment gives: the log format (--log-format, else
// detected), GitHub's output files, whether stderr is a terminal and how wide.
#pragma once

#include <optional>

#include "output/select.hpp"
#include "util/env_expand.hpp"

namespace jobwait::output {

OutputSettings settings_from_environment(std::optional<LogFormat> chosen, Verbosity verbosity,
                                         const config::EnvLookup& getenv);

// "github (detected: GITHUB_ACTIONS=true)", "json (--log-format)": for `explain`.
std::string describe_format(std::optional<LogFormat> chosen, const config::EnvLookup& getenv);

}  // namespace jobwait::output
