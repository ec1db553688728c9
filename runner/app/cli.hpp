// Command-line parsing: `jobwait run|check|explain [STEP.toml] [options]`, --help, --version.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "output/detect.hpp"

namespace jobwait {

enum class Command { run, check, explain, providers, schema, help, version };

struct CliOptions {
  Command command = Command::help;
  std::optional<Command> help_for;  // `jobwait run --help`: that command's own help
  std::string step_file;  // empty: the step is the flags alone (--provider, --id, ...)
  std::string schema_name;  // jobwait schema NAME: step, result or exec
  std::optional<std::string> result_path;                          // --result PATH
  std::vector<std::pair<std::string, std::string>> overrides;      // --set KEY=VALUE, in order
  bool json = false;                                               // --json
  std::optional<output::LogFormat> log_format;                     // --log-format; else detected
  output::Verbosity verbosity = output::Verbosity::normal;         // --quiet, --verbose
  std::optional<std::string> job_id_from;                          // --job-id-from FILE|-
  std::optional<std::string> job_id_pointer;  // --job-id-pointer (RFC 6901); unset: the provider's (app/job_id_from.hpp)
  std::optional<std::string> job_ids_from;                         // --job-ids-from FILE|-: one job per line
  bool all_keys = false;                                           // check --all
};

// Reads argv after the program name. A usage error comes back as the message to print.
tl::expected<CliOptions, std::string> parse_cli(const std::vector<std::string_view>& args);

// The whole program's help (`jobwait --help`), and one command's (`jobwait run --help`).
std::string usage_text();
std::string command_help_text(Command command);

// The flag that sets a step-file key (`--id` for job.id), if one does.
std::optional<std::string_view> flag_for_key(std::string_view key);

// The one line a usage error ends with: where to read more (`see 'jobwait run --help'`).
std::string usage_hint(const std::vector<std::string_view>& args);

}  // namespace jobwait
