// Command-line parsing: `jobwait run|check STEP.toml [options]`, --help, --version.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace jobwait {

enum class Command { run, check, help, version };

struct CliOptions {
  Command command = Command::help;
  std::string step_file;
  std::optional<std::string> result_path;                          // --result PATH
  std::vector<std::pair<std::string, std::string>> overrides;      // --set KEY=VALUE, in order
  bool json = false;                                               // --json
};

// Reads argv after the program name. A usage error comes back as the message to print.
tl::expected<CliOptions, std::string> parse_cli(const std::vector<std::string_view>& args);

std::string usage_text();

}  // namespace jobwait
