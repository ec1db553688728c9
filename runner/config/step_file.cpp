// The loader walk: the file's keys and each --set into a LoadState, [[jobs]], then the checks.
#include "config/step_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "config/checks.hpp"
#include "config/keys.hpp"
#include "config/load_state.hpp"
#include "config/preset.hpp"
#include "config/suggest.hpp"
#include "config/value.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace jobwait::config {

namespace {

// A relative program in the file's job.command ("./status.sh") is the step file's neighbour,
// wherever jobwait runs from: a step file and its script travel together. One given with --set
// is taken from the current directory, as any path on a command line is.
void anchor_command(LoadState& state) {
  std::vector<std::string>& command = state.config.job.command;
  const auto place = state.places.find("job.command");
  if (command.empty() || place == state.places.end() || place->second.from_override) return;
  std::string& program = command.front();
  if (program.empty() || program.front() == '/' || program.find('/') == std::string::npos) return;
  const std::filesystem::path folder = std::filesystem::path(state.file).parent_path();
  if (!folder.empty()) program = (folder / program).lexically_normal().string();
}

constexpr std::string_view k_result_key = "output.result";
// A step file is a few dozen lines. Anything this big is a wrong path (a log, a binary, a
// device that never ends), and reading it whole would only waste memory.
constexpr std::size_t k_max_step_file_bytes = 1024 * 1024;

// The artifact path as far as it can be known whatever else is wrong: the last --set of
// output.result, else the file's, else the default. nullopt when that value is itself broken.
std::optional<std::string> known_result_path(const toml::table& root, const LoadOptions& options) {
  const KeyInfo& key = *find_key(k_result_key);
  std::optional<Raw> raw;
  for (const auto& [name, value] : options.overrides) {
    if (name == k_result_key) raw = value;
  }
  if (!raw) {
    const toml::node* output = root.get("output");
    const toml::node* result = output != nullptr && output->is_table() ? output->as_table()->get("result") : nullptr;
    if (output != nullptr && !output->is_table()) return std::nullopt;
    if (result == nullptr) return std::string(key.default_text);
    if (!result->is_string()) return std::nullopt;
    raw = result->as_string()->get();
  }
  StepConfig scratch;
  if (!assign(key, *raw, options.getenv, scratch)) return std::nullopt;
  return scratch.output.result;
}

// The walk: every key of the file (and of each --set) typed into a LoadState, every problem
// collected; then, when the values are sound, the preset and the checks of the whole.
class Loader {
 public:
  Loader(std::string_view file_name, const LoadOptions& options) : m_options(options) {
    m_state.file = file_name;
    m_state.config.file = m_state.file;
  }

  tl::expected<StepConfig, ConfigError> run(const toml::table& root) {
    walk(root, {});
    return settle(root);
  }

  // One entry of [[jobs]] with the rest of the file: the entry is read as the [job], its own
  // `auth` table (if any) as the [auth], so every check of a single [job] applies to it.
  tl::expected<StepConfig, ConfigError> run_entry(const toml::table& root, const toml::table& entry) {
    const toml::node* own_auth = entry.get("auth");
    constexpr std::string_view k_with_auth[] = {"jobs", "auth"};
    walk(root, {}, own_auth != nullptr ? std::span<const std::string_view>(k_with_auth)
                                       : std::span<const std::string_view>(k_with_auth, 1));
    m_state.table_places["job"] = place_of(entry.source());
    walk(entry, "job", std::span<const std::string_view>(k_with_auth + 1, 1));
    if (own_auth != nullptr) {
      if (const toml::table* auth = own_auth->as_table()) {
        m_state.table_places["auth"] = place_of(own_auth->source());
        walk(*auth, "auth");
      } else {
        m_errors.push_back(m_state.error(place_of(own_auth->source()), "auth",
                                         "expected a table, got " + std::string(kind_of(*own_auth))));
      }
    }
    return settle(root);
  }

  // The file's values alone (no --set, no checks): its problems in the order of the file.
  std::vector<ConfigError> read(const toml::table& root) {
    walk(root, {});
    std::stable_sort(m_errors.begin(), m_errors.end(), earlier);
    return std::move(m_errors);
  }

  LoadState& state() { return m_state; }

 private:
  // Every problem with the values, the file's in the order of the file and then each --set's,
  // is reported in one run. The checks of the whole come only once the values are sound: a
  // misspelt key would otherwise also be reported as a missing one.
  tl::expected<StepConfig, ConfigError> settle(const toml::table& root) {
    std::stable_sort(m_errors.begin(), m_errors.end(), earlier);
    for (const auto& [name, value] : m_options.overrides) {
      if (auto error = apply_override(name, value)) m_errors.push_back(*std::move(error));
    }
    if (!m_errors.empty()) return fail(root, std::move(m_errors));
    if (auto error = merge_preset(m_state)) return fail(root, {*std::move(error)});
    anchor_command(m_state);
    if (std::vector<ConfigError> problems = check_resolved(m_state); !problems.empty()) {
      return fail(root, std::move(problems));
    }
    return m_state.config;
  }

  static bool earlier(const ConfigError& a, const ConfigError& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  }

  tl::unexpected<ConfigError> fail(const toml::table& root, std::vector<ConfigError> problems) const {
    ConfigError error = ConfigError::collect(std::move(problems));
    error.result_path = known_result_path(root, m_options);
    return tl::unexpected(std::move(error));
  }

  // A key a --set gives is the --set's: the file's text for it is neither expanded nor typed,
  // so `id = "${CCE_JOB_ID}"` with `--set job.id=...` needs no CCE_JOB_ID.
  bool overridden(std::string_view name) const {
    return std::any_of(m_options.overrides.begin(), m_options.overrides.end(),
                       [&](const auto& entry) { return entry.first == name; });
  }

  // Collects every error in the file.
  void walk(const toml::table& table, std::string_view table_name, std::span<const std::string_view> skip = {}) {
    for (auto&& [toml_key, node] : table) {
      const std::string leaf(toml_key.str());
      if (std::find(skip.begin(), skip.end(), leaf) != skip.end()) continue;  // read elsewhere ([[jobs]])
      const std::string name = table_name.empty() ? leaf : std::string(table_name) + "." + leaf;
      // A quoted key such as "wait.timeout" = ... is one name with a dot in it, not a dotted key.
      const KeyInfo* key = leaf.find('.') == std::string::npos ? find_key(name) : nullptr;
      if (key != nullptr) {
        if (!overridden(key->name)) take(*key, node);
        continue;
      }
      const std::vector<std::string_view> tables = table_names();
      if (leaf.find('.') == std::string::npos && std::find(tables.begin(), tables.end(), name) != tables.end()) {
        if (const toml::table* inner = node.as_table()) {
          m_state.table_places[name] = place_of(node.source());
          walk(*inner, name);
        } else {
          m_errors.push_back(
              m_state.error(place_of(node.source()), name, "expected a table, got " + std::string(kind_of(node))));
        }
        continue;
      }
      const std::string what = node.is_table() ? "unknown table" : "unknown key";
      m_errors.push_back(
          m_state.error(place_of(toml_key.source()), name, what + did_you_mean(suggest_key(table_name, leaf))));
    }
  }

  void take(const KeyInfo& key, const toml::node& node) {
    Place place = place_of(node.source());
    // An integer for a string key gets through: assign() says how to quote it. A string for an
    // array does not: in a file, ["./status.sh"] is the unambiguous spelling.
    auto raw = raw_of(node);
    if (!raw || (key.type == KeyType::string_list && node.is_string())) {
      // What is inside a wrong array or table only matters to a key that takes one.
      const bool composite = key.type == KeyType::string_list || key.type == KeyType::string_map;
      m_errors.push_back(m_state.error(place, key.name,
                                       "expected " + std::string(expected_text(key.type)) + ", got " +
                                           (raw || !composite ? std::string(kind_of(node)) : raw.error())));
      return;
    }
    place.had_reference = has_reference(*raw);
    if (auto assigned = assign(key, std::move(*raw), m_options.getenv, m_state.config); !assigned) {
      m_errors.push_back(m_state.error(place, key.name, assigned.error()));
      return;
    }
    m_state.places[key.name] = place;
  }

  std::optional<ConfigError> apply_override(const std::string& name, const std::string& value) {
    Place place{0, 0, true, value.find('$') != std::string::npos};
    const KeyInfo* key = find_key(name);
    if (key == nullptr) return m_state.error(place, name, "unknown key" + did_you_mean(suggest_dotted(name)));
    auto raw = override_value(*key, value);
    if (!raw) return m_state.error(place, key->name, raw.error());
    if (auto assigned = assign(*key, *std::move(raw), m_options.getenv, m_state.config); !assigned) {
      return m_state.error(place, key->name, assigned.error());
    }
    m_state.places[key->name] = place;
    return std::nullopt;
  }

  // A --set value: text, except that an array or table key reads a TOML array (["a", "b"]) or
  // inline table ({ Name = "value" }); an array key also takes one bare string.
  static tl::expected<Raw, std::string> override_value(const KeyInfo& key, const std::string& value) {
    const bool array = key.type == KeyType::string_list, table = key.type == KeyType::string_map;
    if (!(array && value.rfind('[', 0) == 0) && !table) return Raw(value);
    try {
      const toml::table parsed = toml::parse("value = " + value);
      const toml::node* node = parsed.get("value");
      auto raw = raw_of(*node);
      if (!raw) return tl::unexpected("expected " + std::string(expected_text(key.type)) + ", got " + raw.error());
      return raw;
    } catch (const toml::parse_error& parse_error) {
      return tl::unexpected("expected " + std::string(expected_text(key.type)) +
                            (table ? " such as { Name = \"value\" }" : " such as [\"a\", \"b\"]") + ": " +
                            std::string(parse_error.description()));
    }
  }

  const LoadOptions& m_options;
  LoadState m_state;
  std::vector<ConfigError> m_errors;
};

// [[jobs]]: several jobs in one step. Each entry is loaded with the rest of the file as the
// single-job step it stands for; the first also fills `job` and `auth`, so what reads one job
// (the artifact path, the wait settings) reads the same step.
tl::expected<StepConfig, ConfigError> load_jobs(const toml::table& root, const toml::node& jobs,
                                                std::string_view file_name, const LoadOptions& options) {
  const auto refuse = [&](const toml::node& where, std::string message) {
    ConfigError error = ConfigError::at(std::string(file_name), "jobs", std::move(message),
                                        static_cast<int>(where.source().begin.line),
                                        static_cast<int>(where.source().begin.column));
    error.result_path = known_result_path(root, options);
    return tl::unexpected(std::move(error));
  };
  if (const toml::node* job = root.get("job")) {
    return refuse(*job, "[job] and [[jobs]] exclude each other: list every job as a [[jobs]] entry");
  }
  const toml::array* entries = jobs.as_array();
  if (entries == nullptr || !entries->is_array_of_tables() || entries->empty()) {
    return refuse(jobs, "expected [[jobs]] tables, got " + std::string(kind_of(jobs)));
  }
  StepConfig step;
  for (const toml::node& node : *entries) {
    auto one = Loader(file_name, options).run_entry(root, *node.as_table());
    if (!one) return one;
    for (const JobEntry& earlier : step.jobs) {
      const JobConfig& a = earlier.job;
      if (a.provider == one->job.provider && a.id == one->job.id && a.endpoint == one->job.endpoint &&
          a.region == one->job.region && a.project_id == one->job.project_id) {
        return refuse(node, "job \"" + a.id + "\" is listed twice");
      }
    }
    if (step.jobs.empty()) step = *one;
    step.jobs.push_back({one->job, one->auth});
  }
  return step;
}

// What surrounds a key and its value on a TOML line (the text is split at newlines already).
constexpr std::string_view k_line_blanks = " \t\r";

// toml++ says what is wrong at a line and column. When that line is a `key = value` line, the
// message names the key as every other message does (the table from the header above it), and
// a duration written bare (timeout = 30m) is shown quoted, as a step file writes it.
std::string syntax_message(std::string_view text, const toml::parse_error& parse_error) {
  const std::string description(parse_error.description());
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  const std::size_t at = parse_error.source().begin.line;
  if (at == 0 || at > lines.size()) return description;
  const std::string_view line = trim(lines[at - 1], k_line_blanks);
  const std::size_t equals = line.find('=');
  if (equals == std::string_view::npos || line.empty() || line.front() == '[' || line.front() == '#') return description;
  const std::string_view leaf = trim(line.substr(0, equals), k_line_blanks);
  const auto key_character = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  };
  if (leaf.empty() || !std::all_of(leaf.begin(), leaf.end(), key_character)) return description;
  std::string table;
  for (std::size_t i = at - 1; i-- > 0;) {
    const std::string_view header = trim(lines[i], k_line_blanks);
    if (header.empty() || header.front() != '[') continue;
    const std::size_t close = header.find(']');
    if (close != std::string_view::npos) table = std::string(trim(header.substr(0, close).substr(header.find_first_not_of('[')), k_line_blanks));
    break;
  }
  const std::string name = table.empty() ? std::string(leaf) : table + "." + std::string(leaf);
  std::string_view value = line.substr(equals + 1);
  value = trim(value.substr(0, value.find('#')), k_line_blanks);
  const bool bare_duration = !value.empty() && value.front() >= '0' && value.front() <= '9' &&
                             value.find_first_not_of("0123456789") != std::string_view::npos && parse_duration(value);
  if (bare_duration) {
    return name + ": " + description + " (durations are quoted strings: " + std::string(leaf) + " = \"" +
           std::string(value) + "\")";
  }
  return name + ": " + description;
}

}  // namespace

std::vector<ConfigError> read_text(std::string_view text, LoadState& state) {
  toml::table root;
  try {
    root = toml::parse(text, state.file);
  } catch (const toml::parse_error& parse_error) {
    return {state.error(place_of(parse_error.source()), "", std::string(parse_error.description()))};
  }
  const LoadOptions no_options;
  Loader loader(state.file, no_options);
  std::vector<ConfigError> errors = loader.read(root);
  state = std::move(loader.state());
  return errors;
}

tl::expected<StepConfig, ConfigError> load_step_file(const std::string& path, const LoadOptions& options) {
  const auto read_error = [&](int error_number) {
    ConfigError error;
    error.file = path;
    error.message = "cannot read the step file: " + std::generic_category().message(error_number);
    return tl::unexpected(std::move(error));
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return read_error(errno);
  std::string text;
  char buffer[4096];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, count);
    if (text.size() > k_max_step_file_bytes) {
      ConfigError error;
      error.file = path;
      error.message = "the step file is larger than " + std::to_string(k_max_step_file_bytes / 1024) +
                      " KiB: not a step file";
      return tl::unexpected(std::move(error));
    }
  }
  if (std::ferror(file.get()) != 0) return read_error(errno);
  return parse_step_text(text, path, options);
}

tl::expected<StepConfig, ConfigError> parse_step_text(std::string_view text, std::string_view file_name,
                                                      const LoadOptions& options) {
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& parse_error) {
    ConfigError error;
    error.file = file_name;
    error.line = static_cast<int>(parse_error.source().begin.line);
    error.column = static_cast<int>(parse_error.source().begin.column);
    error.message = syntax_message(text, parse_error);
    return tl::unexpected(std::move(error));
  }
  if (const toml::node* jobs = root.get("jobs")) return load_jobs(root, *jobs, file_name, options);
  return Loader(file_name, options).run(root);
}

}  // namespace jobwait::config
