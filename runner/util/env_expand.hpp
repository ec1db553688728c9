// Environment references in step-file values: ${VAR}, ${VAR:-default} and $$ for a literal $.
// The lookup is injected, so tests never read the real environment.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace jobwait::config {

// nullopt when the variable is not set; an empty string when it is set to "".
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment, for main(). An empty EnvLookup means "nothing is set".
EnvLookup process_environment();

struct ExpandError {
  std::string variable;  // the unset variable; empty for a syntax error
  std::string message;   // one line, e.g. `environment variable HW_TOKEN is not set`
};

// Expands every reference once, left to right; an expanded value or default is never expanded
// again. ${VAR:-default} uses the default when VAR is unset or empty (as the shell does);
// ${VAR} with VAR unset is an error. A $ not followed by { or $ stays as it is.
tl::expected<std::string, ExpandError> expand_env(std::string_view text, const EnvLookup& lookup);

}  // namespace jobwait::config
