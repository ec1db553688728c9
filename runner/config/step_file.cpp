#include "config/step_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <system_error>
#include <variant>

#include "config/duration.hpp"
#include "config/edit_distance.hpp"
#include "config/endpoint.hpp"
#include "config/keys.hpp"
#include "providers/provider.hpp"

namespace jobwait::config {

namespace {

constexpr std::string_view k_result_key = "output.result";
// A step file is a few dozen lines. Anything this big is a wrong path (a log, a binary, a
// device that never ends), and reading it whole would only waste memory.
constexpr std::size_t k_max_step_file_bytes = 1024 * 1024;

// Where a value came from: a place in the file, or a --set.
struct Place {
  int line = 1;
  int column = 1;
  bool from_override = false;
  bool had_reference = false;  // the raw text held a '$': an empty value came from the environment
};

Place place_of(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), false, false};
}

// A value before it is typed: text (a TOML string or a --set value) or a TOML integer.
using Raw = std::variant<std::string, std::int64_t>;

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string did_you_mean(const std::optional<std::string>& suggestion) {
  return suggestion ? " (did you mean " + quoted(*suggestion) + "?)" : "";
}

std::string_view kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string_view expected_text(KeyType type) {
  switch (type) {
    case KeyType::string:
      return "a string";
    case KeyType::duration:
      return "a duration (a string such as \"5m\", or whole seconds)";
    case KeyType::integer:
      return "an integer";
    case KeyType::exit_code:
      return "an exit code (an integer from 0 to 255)";
  }
  return "a value";
}

// A key in any table whose last part is near `leaf`: "tiemout" under [job] is "wait.timeout".
std::optional<std::string> suggest_anywhere(std::string_view leaf) {
  const std::vector<std::string_view> names = key_names();
  std::vector<std::string_view> leaves;
  for (std::string_view name : names) leaves.push_back(name.substr(name.rfind('.') + 1));  // npos + 1 == 0
  const std::optional<std::string> near = closest(leaf, leaves);
  if (!near) return std::nullopt;
  return std::string(names[static_cast<std::size_t>(std::find(leaves.begin(), leaves.end(), *near) - leaves.begin())]);
}

// A suggestion for an unknown key in the file: a near name in the same table (or a table, at
// the top level), else a near key in another table.
std::optional<std::string> suggest_key(std::string_view table, std::string_view leaf) {
  std::vector<std::string_view> near = keys_in(table);
  if (table.empty()) {
    const std::vector<std::string_view> tables = table_names();
    near.insert(near.end(), tables.begin(), tables.end());
  }
  if (auto suggestion = closest(leaf, near)) return suggestion;
  return suggest_anywhere(leaf);
}

// A suggestion for an unknown --set key: a near dotted name, else a near last part.
std::optional<std::string> suggest_dotted(std::string_view name) {
  if (auto suggestion = closest(name, key_names())) return suggestion;
  return suggest_anywhere(name.substr(name.rfind('.') + 1));
}

// "\"wait\" or \"fail\"", "\"a\", \"b\" or \"c\"": a key's allowed values, for messages.
std::string one_of(std::span<const std::string_view> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += quoted(values[i]);
  }
  return out;
}

bool has_control_or_edge_space(std::string_view text) {
  const auto control = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  };
  return std::any_of(text.begin(), text.end(), control) ||
         (!text.empty() && (text.front() == ' ' || text.back() == ' '));
}

tl::expected<int, std::string> to_integer(const Raw& raw, std::int64_t minimum) {
  std::int64_t value = 0;
  std::string shown;  // the number as given, for messages
  if (const auto* text = std::get_if<std::string>(&raw)) {
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || error == std::errc::invalid_argument || stop != end) {
      return tl::unexpected("invalid integer " + quoted(*text));
    }
    if (error == std::errc::result_out_of_range) value = text->front() == '-' ? INT64_MIN : INT64_MAX;
    shown = *text;
  } else {
    value = std::get<std::int64_t>(raw);
    shown = std::to_string(value);
  }
  if (value < minimum) return tl::unexpected("must be at least " + std::to_string(minimum) + ", got " + shown);
  if (value > INT_MAX) return tl::unexpected("too large, got " + shown);
  return static_cast<int>(value);
}

// An exit code for [exit_codes]: 0-255, what a process can return. 0 is allowed on purpose.
tl::expected<int, std::string> to_exit_code(const Raw& raw) {
  std::int64_t value = 0;
  if (const auto* text = std::get_if<std::string>(&raw)) {
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || error != std::errc{} || stop != end) return tl::unexpected("invalid exit code " + quoted(*text));
  } else {
    value = std::get<std::int64_t>(raw);
  }
  if (value < 0 || value > 255) return tl::unexpected("an exit code is 0 to 255, got " + std::to_string(value));
  return static_cast<int>(value);
}

tl::expected<Duration, std::string> to_duration(const Raw& raw, bool zero_allowed) {
  Duration value{};
  if (const auto* text = std::get_if<std::string>(&raw)) {
    auto parsed = parse_duration(*text);
    if (!parsed) return tl::unexpected(parsed.error());
    value = *parsed;
  } else {
    const std::int64_t seconds = std::get<std::int64_t>(raw);
    if (seconds < 0) return tl::unexpected("must be longer than 0s, got " + std::to_string(seconds));
    if (seconds > k_max_duration.count() / 1000) {
      return tl::unexpected("too long, got " + std::to_string(seconds) + " seconds (the most is " +
                            format_duration(k_max_duration) + ")");
    }
    value = std::chrono::seconds(seconds);
  }
  if (value.count() == 0 && !zero_allowed) return tl::unexpected(std::string("must be longer than 0s"));
  return value;
}

tl::expected<std::string, std::string> to_string(const KeyInfo& key, std::string text) {
  if (has_control_or_edge_space(text)) {
    return tl::unexpected(std::string("has leading or trailing spaces or control characters (nothing is trimmed)"));
  }
  // A key with a default cannot be emptied: there would be nothing to use.
  if (text.empty() && !key.default_text.empty()) return tl::unexpected(std::string("must not be empty"));
  if (!key.allowed.empty() && std::find(key.allowed.begin(), key.allowed.end(), text) == key.allowed.end()) {
    return tl::unexpected("must be " + one_of(key.allowed) + ", got " + quoted(text) +
                          did_you_mean(closest(text, std::vector<std::string_view>(key.allowed.begin(), key.allowed.end()))));
  }
  // The one string with a syntax of its own; an empty endpoint means "derive it from the region".
  if (key.name == "job.endpoint" && !text.empty()) {
    if (auto checked = check_endpoint(text); !checked) return tl::unexpected(checked.error());
  }
  return text;
}

// Expands, types and checks one value and stores it in `config`; the error is the message.
tl::expected<void, std::string> assign(const KeyInfo& key, Raw raw, const EnvLookup& env, StepConfig& config) {
  if (auto* text = std::get_if<std::string>(&raw)) {
    auto expanded = expand_env(*text, env);
    if (!expanded) {
      // A syntax message quotes the reference; a secret's text stays unquoted.
      if (key.secret && expanded.error().variable.empty()) {
        return tl::unexpected(
            std::string("invalid ${...} reference (use ${NAME} or ${NAME:-default}; $$ is a literal $)"));
      }
      return tl::unexpected(expanded.error().message);
    }
    *text = std::move(*expanded);
  }
  const FieldRef field = key.field(config);
  switch (key.type) {
    case KeyType::string: {
      const auto* text = std::get_if<std::string>(&raw);
      if (text == nullptr) {
        return tl::unexpected("expected a string, got an integer (quote it: \"" +
                              std::to_string(std::get<std::int64_t>(raw)) + "\")");
      }
      auto value = to_string(key, *text);
      if (!value) return tl::unexpected(value.error());
      *std::get<std::string*>(field) = std::move(*value);
      return {};
    }
    case KeyType::duration: {
      auto value = to_duration(raw, key.zero_allowed);
      if (!value) return tl::unexpected(value.error());
      *std::get<Duration*>(field) = *value;
      return {};
    }
    case KeyType::integer: {
      auto value = to_integer(raw, key.zero_allowed ? 0 : 1);
      if (!value) return tl::unexpected(value.error());
      *std::get<int*>(field) = *value;
      return {};
    }
    case KeyType::exit_code: {
      auto value = to_exit_code(raw);
      if (!value) return tl::unexpected(value.error());
      *std::get<int*>(field) = *value;
      return {};
    }
  }
  return {};
}

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

class Loader {
 public:
  Loader(std::string_view file_name, const LoadOptions& options) : m_file(file_name), m_options(options) {
    m_config.file = m_file;
  }

  tl::expected<StepConfig, ConfigError> run(const toml::table& root) {
    walk(root, {});
    if (!m_errors.empty()) return fail(root, *std::min_element(m_errors.begin(), m_errors.end(), earlier));
    for (const auto& [name, value] : m_options.overrides) {
      if (auto error = apply_override(name, value)) return fail(root, *error);
    }
    if (auto error = check_resolved()) return fail(root, *error);
    return m_config;
  }

 private:
  static bool earlier(const ConfigError& a, const ConfigError& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  }

  ConfigError error(const Place& place, std::string_view key, std::string message) const {
    ConfigError out;
    out.file = m_file;
    out.from_override = place.from_override;
    out.line = place.from_override ? 0 : place.line;
    out.column = place.from_override ? 0 : place.column;
    out.key = key;
    out.message = std::move(message);
    return out;
  }

  tl::unexpected<ConfigError> fail(const toml::table& root, ConfigError error) const {
    error.result_path = known_result_path(root, m_options);
    return tl::unexpected(std::move(error));
  }

  // Collects every error in the file; the earliest is reported.
  void walk(const toml::table& table, std::string_view table_name) {
    for (auto&& [toml_key, node] : table) {
      const std::string leaf(toml_key.str());
      const std::string name = table_name.empty() ? leaf : std::string(table_name) + "." + leaf;
      // A quoted key such as "wait.timeout" = ... is one name with a dot in it, not a dotted key.
      const KeyInfo* key = leaf.find('.') == std::string::npos ? find_key(name) : nullptr;
      if (key != nullptr) {
        take(*key, node);
        continue;
      }
      const std::vector<std::string_view> tables = table_names();
      if (table_name.empty() && std::find(tables.begin(), tables.end(), leaf) != tables.end()) {
        if (const toml::table* inner = node.as_table()) {
          m_table_places[leaf] = place_of(node.source());
          walk(*inner, leaf);
        } else {
          m_errors.push_back(
              error(place_of(node.source()), name, "expected a table, got " + std::string(kind_of(node))));
        }
        continue;
      }
      const std::string what = node.is_table() ? "unknown table" : "unknown key";
      m_errors.push_back(error(place_of(toml_key.source()), name, what + did_you_mean(suggest_key(table_name, leaf))));
    }
  }

  void take(const KeyInfo& key, const toml::node& node) {
    Place place = place_of(node.source());
    std::optional<Raw> raw;
    if (const auto* text = node.as_string()) {
      raw = text->get();
      place.had_reference = text->get().find('$') != std::string::npos;
    } else if (const auto* integer = node.as_integer()) {
      raw = integer->get();  // for a string key, assign() says how to quote it
    }
    if (!raw) {
      m_errors.push_back(error(
          place, key.name, "expected " + std::string(expected_text(key.type)) + ", got " + std::string(kind_of(node))));
      return;
    }
    if (auto assigned = assign(key, std::move(*raw), m_options.getenv, m_config); !assigned) {
      m_errors.push_back(error(place, key.name, assigned.error()));
      return;
    }
    m_places[key.name] = place;
  }

  std::optional<ConfigError> apply_override(const std::string& name, const std::string& value) {
    Place place{0, 0, true, value.find('$') != std::string::npos};
    const KeyInfo* key = find_key(name);
    if (key == nullptr) return error(place, name, "unknown key" + did_you_mean(suggest_dotted(name)));
    if (auto assigned = assign(*key, value, m_options.getenv, m_config); !assigned) {
      return error(place, key->name, assigned.error());
    }
    m_places[key->name] = place;
    return std::nullopt;
  }

  bool is_empty(const KeyInfo& key) const {
    const ConstFieldRef value = key.value(m_config);
    const auto* const* text = std::get_if<const std::string*>(&value);
    return text != nullptr && (*text)->empty();
  }

  Place place_of_key(std::string_view name) const {
    const auto it = m_places.find(name);
    return it == m_places.end() ? table_place(name) : it->second;
  }

  // Where a key that is not in the file would go: its table's header, else the top.
  Place table_place(std::string_view name) const {
    const auto it = m_table_places.find(std::string(name.substr(0, name.find('.'))));
    return it == m_table_places.end() ? Place{} : it->second;
  }

  std::optional<ConfigError> check_required() const {
    for (const KeyInfo& key : step_keys()) {
      if (!key.required || !is_empty(key)) continue;
      if (!key.alternative.empty() && !is_empty(*find_key(key.alternative))) continue;
      const auto given = m_places.find(key.name);
      if (given != m_places.end()) {
        return error(given->second, key.name,
                     given->second.had_reference ? "is empty after environment expansion" : "must not be empty");
      }
      if (!key.alternative.empty()) {
        const auto other = m_places.find(key.alternative);
        if (other != m_places.end()) {
          return error(other->second, key.alternative,
                       other->second.had_reference ? "is empty after environment expansion" : "must not be empty");
        }
        return error(table_place(key.name), key.name,
                     "missing: set " + std::string(key.name) + " or " + std::string(key.alternative));
      }
      const std::size_t dot = key.name.find('.');
      return error(table_place(key.name), key.name,
                   "missing required key (add " + std::string(key.name.substr(dot + 1)) + " under [" +
                       std::string(key.name.substr(0, dot)) + "])");
    }
    return std::nullopt;
  }

  std::optional<ConfigError> check_resolved() const {
    if (auto missing = check_required()) return missing;

    const Place provider_place = place_of_key("job.provider");
    const providers::Provider* provider = providers::find_provider(m_config.job.provider);
    if (provider == nullptr) {
      const std::vector<std::string_view> names = providers::provider_names();
      std::optional<std::string> suggestion = closest(m_config.job.provider, names);
      std::string known;
      for (std::string_view name : names) known += (known.empty() ? "" : ", ") + std::string(name);
      return error(provider_place, "job.provider",
                   "unknown provider " + quoted(m_config.job.provider) +
                       (suggestion ? did_you_mean(suggestion) : " (known: " + known + ")"));
    }
    for (std::string_view name : provider->required_keys()) {
      const KeyInfo* key = find_key(name);
      if (key == nullptr || !is_empty(*key)) continue;
      const std::size_t dot = name.find('.');
      return error(place_of_key(name), name,
                   "missing: the " + m_config.job.provider + " provider needs it (add " +
                       std::string(name.substr(dot + 1)) + " under [" + std::string(name.substr(0, dot)) + "])");
    }

    const WaitConfig& wait = m_config.wait;
    if (wait.interval > wait.max_interval) {
      // Point at whichever of the two was set (interval when both were).
      const bool interval_set = m_places.count("wait.interval") != 0;
      const std::string_view key = interval_set ? "wait.interval" : "wait.max_interval";
      const std::string message = interval_set
                                      ? format_duration(wait.interval) + " is longer than wait.max_interval (" +
                                            format_duration(wait.max_interval) + ")"
                                      : format_duration(wait.max_interval) + " is shorter than wait.interval (" +
                                            format_duration(wait.interval) + ", the default)";
      return error(place_of_key(key), key, message);
    }
    return std::nullopt;
  }

  std::string m_file;
  const LoadOptions& m_options;
  StepConfig m_config;
  std::vector<ConfigError> m_errors;
  std::map<std::string_view, Place> m_places;   // key name → where its value came from
  std::map<std::string, Place> m_table_places;  // "job" → its header
};

}  // namespace

std::string ConfigError::format() const {
  std::string out = file;
  if (from_override) {
    out += ": --set " + key;
  } else {
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    if (!key.empty()) out += ": " + key;
  }
  return out + ": " + message;
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
    error.message = std::string(parse_error.description());
    return tl::unexpected(std::move(error));
  }
  return Loader(file_name, options).run(root);
}

}  // namespace jobwait::config
