#include "app/cli.hpp"

#include <algorithm>
#include <iterator>

#include "util/edit_distance.hpp"

namespace jobwait {

namespace {

struct Subcommand {
  std::string_view name;
  Command command;
};

// The subcommand table; `help` and `version` also answer to --help and --version.
constexpr Subcommand k_subcommands[] = {
    {"run", Command::run},
    {"check", Command::check},
    {"explain", Command::explain},
    {"providers", Command::providers},
    {"schema", Command::schema},
    {"help", Command::help},
    {"version", Command::version},
};

// Which of the step commands take an option.
enum : unsigned { k_run = 1, k_check = 2, k_explain = 4, k_step_commands = k_run | k_check | k_explain };

unsigned command_bit(Command command) {
  switch (command) {
    case Command::run: return k_run;
    case Command::check: return k_check;
    case Command::explain: return k_explain;
    default: return 0;
  }
}

// Every option of run, check and explain, in the order --help lists them: the parser accepts
// exactly what this table gives a command, and each command's help lists exactly that.
struct OptionSpec {
  std::string_view name;        // "--set"
  std::string_view short_name;  // "-q", or empty
  std::string_view value;       // "KEY=VALUE", or empty for a switch
  unsigned commands;
  std::string_view help;        // continuation lines start with '\n'
  std::string_view key = {};    // a step-file key the option sets, as --set KEY=value does
};

constexpr OptionSpec k_options[] = {
    {"--provider", "", "P", k_step_commands, "the job API (job.provider), e.g. cce; with --id (and\n--region or --endpoint) no step file is needed",
     "job.provider"},
    {"--id", "", "ID", k_step_commands, "the job id (job.id)", "job.id"},
    {"--region", "", "R", k_step_commands, "the region (job.region), e.g. ap-southeast-1", "job.region"},
    {"--endpoint", "", "URL", k_step_commands, "the API's base URL (job.endpoint); beats --region", "job.endpoint"},
    {"--project-id", "", "P", k_step_commands, "the project (job.project_id); else looked up by region", "job.project_id"},
    {"--timeout", "", "D", k_step_commands, "how long to wait at most (wait.timeout), e.g. 30m", "wait.timeout"},
    {"--interval", "", "D", k_step_commands, "the first delay between polls (wait.interval), e.g. 10s", "wait.interval"},
    {"--set", "", "KEY=VALUE", k_step_commands, "override any step-file key, e.g. --set job.id=$JOB_ID"},
    {"--result", "", "PATH", k_run, "write the result artifact here (beats output.result)"},
    {"--job-id-from", "", "FILE|-", k_step_commands,
     "read the job id from the JSON a create call returned\n(- is stdin), e.g. curl ... | jobwait run s.toml --job-id-from -"},
    {"--job-id-pointer", "", "PTR", k_step_commands,
     "where the id is in that JSON, as a JSON Pointer (RFC 6901);\ndefault: where the provider's create calls put it,\n/job_id (CCE: /status/jobID)"},
    {"--job-ids-from", "", "FILE|-", k_step_commands,
     "wait on several jobs: one id per line (# comments, blank\nlines skipped), each a copy of the step's [job]"},
    {"--json", "", "", k_run, "also print the result artifact on stdout"},
    {"--log-format", "", "FORMAT", k_run,
     "plain, tty (a live status line), json (JSON lines), github,\ngitlab or jenkins; default: detected from GITHUB_ACTIONS,\n"
     "GITLAB_CI, JENKINS_URL, else tty on a terminal, else plain"},
    {"--quiet", "-q", "", k_run, "print nothing but the summary of a run that did not succeed"},
    {"--verbose", "-v", "", k_run, "also print every request"},
    {"--all", "", "", k_check, "every key with its value or default, not only those set"},
};

const OptionSpec* find_option(std::string_view arg) {
  for (const OptionSpec& option : k_options) {
    if (arg == option.name || (!option.short_name.empty() && arg == option.short_name)) return &option;
  }
  return nullptr;
}

// The synopses, one per command; the step commands' list every option the table gives them.
constexpr std::string_view k_synopsis_run =
    R"(jobwait run [STEP.toml] [--provider P] [--id ID] [--region R | --endpoint URL]
                   [--project-id P] [--timeout D] [--interval D] [--set KEY=VALUE]...
                   [--result PATH] [--json] [--job-id-from FILE|- [--job-id-pointer /PTR]]
                   [--job-ids-from FILE|-] [--log-format FORMAT] [--quiet | --verbose]
)";
constexpr std::string_view k_synopsis_check =
    R"(jobwait check [STEP.toml] [--provider P] [--id ID] [--region R | --endpoint URL]
                     [--project-id P] [--timeout D] [--interval D] [--set KEY=VALUE]...
                     [--job-id-from FILE|- [--job-id-pointer /PTR] | --job-ids-from FILE|-] [--all]
)";
constexpr std::string_view k_synopsis_explain =
    R"(jobwait explain [STEP.toml] [--provider P] [--id ID] [--region R | --endpoint URL]
                       [--project-id P] [--timeout D] [--interval D] [--set KEY=VALUE]...
                       [--job-id-from FILE|- [--job-id-pointer /PTR] | --job-ids-from FILE|-]
)";

constexpr std::string_view k_about =
    R"(Waits for a cloud job (ServiceStage, CCE, CAE, IEF, CFW, the v1 jobs API, any HTTP job
API declared in the step file, or a command: providers servicestage, cce, cae, ief, cfw,
v1-jobs, http and exec) to finish and exits with what happened. Progress goes to stderr; the
JSON result artifact to --result (default: output.result in the step file, else
jobwait-result.json). A step file is optional: --provider and --id (with --region or
--endpoint) are enough, and with a step file they override its keys.
)";

constexpr std::string_view k_commands =
    R"(commands:
  run      poll the job until it ends, the deadline passes or waiting is pointless
  check    validate the step file and print the resolved settings (secrets redacted)
  explain  print the request jobwait will send (secrets redacted), its budgets and
           the delay schedule; sends nothing
  providers list the job APIs jobwait speaks, with their status values
  schema   print a JSON Schema: the step file, the result artifact or the exec output
)";

constexpr std::string_view k_exit_codes =
    R"(exit codes:
  0 succeeded   1 failed      2 usage or step-file error   3 timed out
  4 not found   5 auth error  6 API or transport error     7 cancelled
  130/143 interrupted by SIGINT/SIGTERM
  A step file's [exit_codes] table can change 0, 1 and 3-7 (e.g. timed_out = 0).
)";

// The options section: those `commands` take (any bit), then --help (and --version for the
// whole program), each description at column 25.
std::string options_text(unsigned commands, bool with_version) {
  constexpr std::size_t k_column = 25;
  std::string out = "options:\n";
  const auto add = [&](std::string flags, std::string_view help) {
    flags = "  " + flags;
    flags.resize(std::max(k_column, flags.size() + 1), ' ');
    std::string text(help);
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
      text.insert(at + 1, k_column, ' ');
    }
    out += flags + text + "\n";
  };
  for (const OptionSpec& option : k_options) {
    if ((option.commands & commands) == 0) continue;
    std::string flags = option.short_name.empty() ? std::string(option.name)
                                                  : std::string(option.short_name) + ", " + std::string(option.name);
    if (!option.value.empty()) flags += " " + std::string(option.value);
    add(flags, option.help);
  }
  add("-h, --help", "this text");
  if (with_version) add("--version", "print the version");
  return out;
}

tl::expected<Command, std::string> find_subcommand(std::string_view word) {
  if (word == "--help" || word == "-h") return Command::help;
  if (word == "--version") return Command::version;
  std::vector<std::string_view> names;
  for (const Subcommand& sub : k_subcommands) {
    if (sub.name == word) return sub.command;
    names.push_back(sub.name);
  }
  std::string message = "unknown command \"" + std::string(word) + "\"";
  if (auto guess = config::closest(word, names)) message += " (did you mean \"" + *guess + "\"?)";
  return tl::unexpected(message);
}

bool sets_key(const CliOptions& options, std::string_view key) {
  return std::any_of(options.overrides.begin(), options.overrides.end(),
                     [&](const auto& pair) { return pair.first == key; });
}

}  // namespace

std::string usage_text() {
  std::string out = "usage: " + std::string(k_synopsis_run);
  for (std::string_view synopsis : {k_synopsis_check, k_synopsis_explain}) out += "       " + std::string(synopsis);
  out += "       jobwait providers\n       jobwait schema step|result|exec\n       jobwait --help | --version\n\n";
  out += std::string(k_about) + "\n" + std::string(k_commands) + "\n" + options_text(k_step_commands, true) + "\n" +
         std::string(k_exit_codes);
  return out;
}

std::string command_help_text(Command command) {
  switch (command) {
    case Command::run:
      return "usage: " + std::string(k_synopsis_run) +
             "\nPolls the job until it ends, the deadline passes or waiting is pointless, and exits\n"
             "with what happened; the result artifact goes to --result.\n\n" +
             options_text(k_run, false) + "\n" + std::string(k_exit_codes);
    case Command::check:
      return "usage: " + std::string(k_synopsis_check) +
             "\nValidates the step (file and flags) and prints what is set and what it resolved to,\n"
             "secrets redacted; sends nothing. Exit 0 when the step is valid, else 2.\n\n" +
             options_text(k_check, false);
    case Command::explain:
      return "usage: " + std::string(k_synopsis_explain) +
             "\nPrints the request jobwait will send (secrets redacted), its budgets and the delay\n"
             "schedule; sends nothing. Exit 0 when the step is valid, else 2.\n\n" +
             options_text(k_explain, false);
    default:
      return usage_text();
  }
}

std::optional<std::string_view> flag_for_key(std::string_view key) {
  for (const OptionSpec& option : k_options) {
    if (!option.key.empty() && option.key == key) return option.name;
  }
  return std::nullopt;
}

std::string usage_hint(const std::vector<std::string_view>& args) {
  if (!args.empty()) {
    for (const Subcommand& sub : k_subcommands) {
      if (sub.name == args[0] && command_bit(sub.command) != 0) return "see 'jobwait " + std::string(sub.name) + " --help'";
    }
  }
  return "see 'jobwait --help'";
}

tl::expected<CliOptions, std::string> parse_cli(const std::vector<std::string_view>& args) {
  CliOptions options;
  if (args.empty()) return tl::unexpected(std::string("missing command"));
  auto command = find_subcommand(args[0]);
  if (!command) return tl::unexpected(command.error());
  options.command = *command;
  if (options.command == Command::help || options.command == Command::version) return options;
  if (options.command == Command::providers) {
    if (args.size() > 1) return tl::unexpected("unexpected argument \"" + std::string(args[1]) + "\"");
    return options;
  }
  if (options.command == Command::schema) {
    constexpr std::string_view k_schemas[] = {"step", "result", "exec"};
    if (args.size() != 2) return tl::unexpected(std::string("schema needs one of step, result, exec"));
    if (std::find(std::begin(k_schemas), std::end(k_schemas), args[1]) == std::end(k_schemas)) {
      return tl::unexpected("unknown schema \"" + std::string(args[1]) + "\" (step, result or exec)");
    }
    options.schema_name = args[1];
    return options;
  }

  bool pointer_given = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help_for = options.command;
      options.command = Command::help;
      return options;
    }
    const OptionSpec* option = find_option(arg);
    if (option == nullptr || (option->commands & command_bit(options.command)) == 0) {
      if (arg.size() > 1 && arg[0] == '-') {
        return tl::unexpected("unknown option \"" + std::string(arg) + "\" for " + std::string(args[0]));
      }
      if (!options.step_file.empty()) return tl::unexpected("unexpected argument \"" + std::string(arg) + "\"");
      options.step_file = arg;
      continue;
    }
    std::string_view value;
    if (!option->value.empty()) {
      if (i + 1 >= args.size()) return tl::unexpected(std::string(arg) + " needs a value");
      value = args[++i];
    }
    const std::string_view name = option->name;
    if (!option->key.empty()) {
      options.overrides.emplace_back(option->key, value);
    } else if (name == "--json") {
      options.json = true;
    } else if (name == "--result") {
      options.result_path = std::string(value);
    } else if (name == "--all") {
      options.all_keys = true;
    } else if (name == "--quiet" || name == "--verbose") {
      const auto wanted = name == "--quiet" ? output::Verbosity::quiet : output::Verbosity::verbose;
      if (options.verbosity != output::Verbosity::normal && options.verbosity != wanted) {
        return tl::unexpected(std::string("--quiet and --verbose exclude each other"));
      }
      options.verbosity = wanted;
    } else if (name == "--log-format") {
      auto format = output::parse_log_format(value);
      if (!format) return tl::unexpected(format.error());
      options.log_format = *format;
    } else if (name == "--job-id-from") {
      options.job_id_from = std::string(value);
    } else if (name == "--job-ids-from") {
      options.job_ids_from = std::string(value);
    } else if (name == "--job-id-pointer") {
      if (!value.empty() && value.front() != '/') {
        return tl::unexpected("--job-id-pointer needs a JSON Pointer such as /job_id, got \"" + std::string(value) + "\"");
      }
      options.job_id_pointer = std::string(value);
      pointer_given = true;
    } else if (name == "--set") {
      const auto equals = value.find('=');
      if (equals == std::string_view::npos || equals == 0) {
        return tl::unexpected("--set needs KEY=VALUE, got \"" + std::string(value) + "\"");
      }
      options.overrides.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    }
  }
  // Without a step file the flags are the whole step: they must name the provider at least
  // (the loader then asks for what that provider needs, as it would of a file).
  if (options.step_file.empty() && !sets_key(options, "job.provider")) {
    return tl::unexpected(std::string(args[0]) + " needs a step file, or --provider and --id");
  }
  if (pointer_given && !options.job_id_from) return tl::unexpected(std::string("--job-id-pointer needs --job-id-from"));
  if (options.job_ids_from && options.job_id_from) {
    return tl::unexpected(std::string("--job-id-from and --job-ids-from exclude each other"));
  }
  return options;
}

}  // namespace jobwait
