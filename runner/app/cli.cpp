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

}  // namespace

std::string usage_text() {
  return R"(usage: jobwait run STEP.toml [--result PATH] [--set KEY=VALUE]... [--json]
                   [--job-id-from FILE|- [--job-id-pointer /PTR]] [--job-ids-from FILE|-]
                   [--log-format FORMAT] [--quiet | --verbose]
       jobwait check STEP.toml [--set KEY=VALUE]...
                     [--job-id-from FILE|- [--job-id-pointer /PTR] | --job-ids-from FILE|-]
       jobwait explain STEP.toml [--set KEY=VALUE]...
                       [--job-id-from FILE|- [--job-id-pointer /PTR] | --job-ids-from FILE|-]
       jobwait providers
       jobwait schema step|result|exec
       jobwait --help | --version

Waits for a cloud job (ServiceStage, CCE, CAE, IEF, CFW) to finish and exits with
what happened. Progress goes to stderr; the JSON result artifact to --result (default:
output.result in the step file, else jobwait-result.json).

commands:
  run      poll the job until it ends, the deadline passes or waiting is pointless
  check    validate the step file and print the resolved settings (secrets redacted)
  explain  print the request jobwait will send (secrets redacted), its budgets and
           the delay schedule; sends nothing
  providers list the job APIs jobwait speaks, with their status values
  schema   print a JSON Schema: the step file, the result artifact or the exec output

options:
  --result PATH          write the result artifact here (beats output.result)
  --set KEY=VALUE        override any step-file key, e.g. --set job.id=$JOB_ID
  --job-id-from FILE|-   read the job id from the JSON a create call returned
                         (- is stdin), e.g. curl ... | jobwait run s.toml --job-id-from -
  --job-id-pointer PTR   where the id is in that JSON, as a JSON Pointer (RFC 6901);
                         default /job_id (CCE: /status/jobID)
  --job-ids-from FILE|-  wait on several jobs: one id per line (# comments, blank
                         lines skipped), each a copy of the step's [job]
  --json                 also print the result artifact on stdout
  --log-format FORMAT    plain, tty (a live status line), json (JSON lines), github,
                         gitlab or jenkins; default: detected from GITHUB_ACTIONS,
                         GITLAB_CI, JENKINS_URL, else tty on a terminal, else plain
  -q, --quiet            print nothing but the summary of a run that did not succeed
  -v, --verbose          also print every request
  -h, --help             this text
  --version              print the version

exit codes:
  0 succeeded   1 failed      2 usage or step-file error   3 timed out
  4 not found   5 auth error  6 API or transport error     7 cancelled
  130/143 interrupted by SIGINT/SIGTERM
  A step file's [exit_codes] table can change 0, 1 and 3-7 (e.g. timed_out = 0).
)";
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
    const auto value = [&](std::string_view flag) -> tl::expected<std::string_view, std::string> {
      if (i + 1 >= args.size()) return tl::unexpected(std::string(flag) + " needs a value");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      options.command = Command::help;
      return options;
    } else if (arg == "--json" && options.command == Command::run) {
      options.json = true;
    } else if (arg == "--result" && options.command == Command::run) {
      auto path = value(arg);
      if (!path) return tl::unexpected(path.error());
      options.result_path = std::string(*path);
    } else if ((arg == "--quiet" || arg == "-q") && options.command == Command::run) {
      if (options.verbosity == output::Verbosity::verbose) return tl::unexpected(std::string("--quiet and --verbose exclude each other"));
      options.verbosity = output::Verbosity::quiet;
    } else if ((arg == "--verbose" || arg == "-v") && options.command == Command::run) {
      if (options.verbosity == output::Verbosity::quiet) return tl::unexpected(std::string("--quiet and --verbose exclude each other"));
      options.verbosity = output::Verbosity::verbose;
    } else if (arg == "--log-format" && options.command == Command::run) {
      auto text = value(arg);
      if (!text) return tl::unexpected(text.error());
      auto format = output::parse_log_format(*text);
      if (!format) return tl::unexpected(format.error());
      options.log_format = *format;
    } else if (arg == "--job-id-from") {
      auto source = value(arg);
      if (!source) return tl::unexpected(source.error());
      options.job_id_from = std::string(*source);
    } else if (arg == "--job-ids-from") {
      auto source = value(arg);
      if (!source) return tl::unexpected(source.error());
      options.job_ids_from = std::string(*source);
    } else if (arg == "--job-id-pointer") {
      auto pointer = value(arg);
      if (!pointer) return tl::unexpected(pointer.error());
      if (!pointer->empty() && pointer->front() != '/') {
        return tl::unexpected("--job-id-pointer needs a JSON Pointer such as /job_id, got \"" + std::string(*pointer) + "\"");
      }
      options.job_id_pointer = std::string(*pointer);
      pointer_given = true;
    } else if (arg == "--set") {
      auto pair = value(arg);
      if (!pair) return tl::unexpected(pair.error());
      const auto equals = pair->find('=');
      if (equals == std::string_view::npos || equals == 0) {
        return tl::unexpected("--set needs KEY=VALUE, got \"" + std::string(*pair) + "\"");
      }
      options.overrides.emplace_back(pair->substr(0, equals), pair->substr(equals + 1));
    } else if (arg.size() > 1 && arg[0] == '-') {
      return tl::unexpected("unknown option \"" + std::string(arg) + "\" for " + std::string(args[0]));
    } else if (options.step_file.empty()) {
      options.step_file = arg;
    } else {
      return tl::unexpected("unexpected argument \"" + std::string(arg) + "\"");
    }
  }
  if (options.step_file.empty()) return tl::unexpected(std::string(args[0]) + " needs a step file");
  if (pointer_given && !options.job_id_from) return tl::unexpected(std::string("--job-id-pointer needs --job-id-from"));
  if (options.job_ids_from && options.job_id_from) {
    return tl::unexpected(std::string("--job-id-from and --job-ids-from exclude each other"));
  }
  return options;
}

}  // namespace jobwait
