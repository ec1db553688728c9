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

#include "config/keys.hpp"
#include "jobs/registry.hpp"
#include "providers/endpoint.hpp"
#include "providers/provider.hpp"
#include "util/duration.hpp"
#include "util/edit_distance.hpp"
#include "util/json_pointer.hpp"

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

// A value before it is typed: text (a TOML string or a --set value) or a TOML integer; for
// string_list and string_map keys, a TOML array or table of strings.
using Raw = std::variant<std::string, std::int64_t, std::vector<std::string>, StringMap, bool>;

// Not named quoted(): for a std::string argument, argument-dependent lookup also finds
// std::quoted (GCC 14's <chrono> includes <iomanip>), an exact match that wins over this
// string_view one and returns a stream manipulator, not a string.
std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string did_you_mean(const std::optional<std::string>& suggestion) {
  return suggestion ? " (did you mean " + in_quotes(*suggestion) + "?)" : "";
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
    case KeyType::pointer:
      return "a JSON Pointer (a string such as \"/status\")";
    case KeyType::string_list:
      return "an array of strings";
    case KeyType::string_map:
      return "a table of strings";
    case KeyType::boolean:
      return "a boolean (true or false)";
  }
  return "a value";
}

std::string_view kind_of(const Raw& raw) {
  switch (raw.index()) {
    case 0:
      return "a string";
    case 1:
      return "an integer";
    case 2:
      return "an array";
    case 4:
      return "a boolean";
  }
  return "a table";
}

// A TOML value as a Raw: strings, integers, and arrays and tables whose values are strings.
// The error says what the value is instead.
tl::expected<Raw, std::string> raw_of(const toml::node& node) {
  if (const auto* text = node.as_string()) return Raw(text->get());
  if (const auto* integer = node.as_integer()) return Raw(integer->get());
  if (const auto* flag = node.as_boolean()) return Raw(flag->get());
  if (const auto* array = node.as_array()) {
    std::vector<std::string> items;
    for (const toml::node& item : *array) {
      if (!item.is_string()) return tl::unexpected("an array holding " + std::string(kind_of(item)));
      items.push_back(item.as_string()->get());
    }
    return Raw(std::move(items));
  }
  if (const auto* table = node.as_table()) {
    StringMap items;
    for (auto&& [name, item] : *table) {
      if (!item.is_string()) return tl::unexpected("a table holding " + std::string(kind_of(item)) + " at " + in_quotes(name.str()));
      items.emplace_back(std::string(name.str()), item.as_string()->get());
    }
    return Raw(std::move(items));
  }
  return tl::unexpected(std::string(kind_of(node)));
}

// Whether a raw value holds a '$': an empty result then came from the environment.
bool has_reference(const Raw& raw) {
  const auto dollar = [](const std::string& text) { return text.find('$') != std::string::npos; };
  if (const auto* text = std::get_if<std::string>(&raw)) return dollar(*text);
  if (const auto* items = std::get_if<std::vector<std::string>>(&raw)) return std::any_of(items->begin(), items->end(), dollar);
  if (const auto* items = std::get_if<StringMap>(&raw)) {
    return std::any_of(items->begin(), items->end(), [&](const auto& item) { return dollar(item.second); });
  }
  return false;
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
  for (std::string_view inner : table_names()) {  // tables inside this one: [job] holds [job.http]
    const std::size_t dot = inner.rfind('.');
    const std::string_view outer = dot == std::string_view::npos ? std::string_view{} : inner.substr(0, dot);
    if (outer == table) near.push_back(dot == std::string_view::npos ? inner : inner.substr(dot + 1));
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
    out += in_quotes(values[i]);
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
      return tl::unexpected("invalid integer " + in_quotes(*text));
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
    if (text->empty() || error != std::errc{} || stop != end) return tl::unexpected("invalid exit code " + in_quotes(*text));
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
    return tl::unexpected("must be " + one_of(key.allowed) + ", got " + in_quotes(text) +
                          did_you_mean(closest(text, std::vector<std::string_view>(key.allowed.begin(), key.allowed.end()))));
  }
  // The one string with a syntax of its own; an empty endpoint means "derive it from the region".
  if (key.name == "job.endpoint" && !text.empty()) {
    if (auto checked = check_endpoint(text); !checked) return tl::unexpected(checked.error());
  }
  return text;
}

// Expands ${VAR} in every string of a raw value, in place; the error is the message.
tl::expected<void, std::string> expand_raw(const KeyInfo& key, Raw& raw, const EnvLookup& env) {
  const auto expand = [&](std::string& text) -> tl::expected<void, std::string> {
    auto expanded = expand_env(text, env);
    if (!expanded) {
      // A syntax message quotes the reference; a secret's text stays unquoted.
      if (key.secret && expanded.error().variable.empty()) {
        return tl::unexpected(
            std::string("invalid ${...} reference (use ${NAME} or ${NAME:-default}; $$ is a literal $)"));
      }
      return tl::unexpected(expanded.error().message);
    }
    text = std::move(*expanded);
    return {};
  };
  if (auto* text = std::get_if<std::string>(&raw)) return expand(*text);
  if (auto* items = std::get_if<std::vector<std::string>>(&raw)) {
    for (std::string& item : *items) {
      if (auto expanded = expand(item); !expanded) return expanded;
    }
  }
  if (auto* items = std::get_if<StringMap>(&raw)) {
    for (auto& item : *items) {
      if (auto expanded = expand(item.second); !expanded) return expanded;
    }
  }
  return {};
}

// The strings of an array: none empty, none with edge spaces or control characters.
tl::expected<std::vector<std::string>, std::string> to_list(std::vector<std::string> items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].empty()) return tl::unexpected("item " + std::to_string(i + 1) + " is empty");
    if (has_control_or_edge_space(items[i])) {
      return tl::unexpected("item " + std::to_string(i + 1) +
                            " has leading or trailing spaces or control characters (nothing is trimmed)");
    }
  }
  return items;
}

// A table of strings: names non-empty; no value may hold a control character (a header value
// with a line break in it would be a second header).
tl::expected<StringMap, std::string> to_map(StringMap items) {
  for (const auto& [name, value] : items) {
    if (name.empty() || has_control_or_edge_space(name)) return tl::unexpected("invalid name " + in_quotes(name));
    if (has_control_or_edge_space(value)) {
      return tl::unexpected(in_quotes(name) + " has leading or trailing spaces or control characters (nothing is trimmed)");
    }
  }
  return items;
}

// Expands, types and checks one value and stores it in `config`; the error is the message.
tl::expected<void, std::string> assign(const KeyInfo& key, Raw raw, const EnvLookup& env, StepConfig& config) {
  if (auto expanded = expand_raw(key, raw, env); !expanded) return tl::unexpected(expanded.error());
  // Arrays and tables only fit the keys made for them; a scalar never does.
  const bool composite_key = key.type == KeyType::string_list || key.type == KeyType::string_map;
  const bool composite_value = raw.index() == 2 || raw.index() == 3;
  if (composite_value != composite_key && !(key.type == KeyType::string_list && raw.index() == 0)) {
    return tl::unexpected("expected " + std::string(expected_text(key.type)) + ", got " + std::string(kind_of(raw)));
  }
  // A TOML boolean fits a boolean key only; a boolean key takes a boolean or (--set) its text.
  const bool boolean_value = std::holds_alternative<bool>(raw);
  if (boolean_value != (key.type == KeyType::boolean) && !(key.type == KeyType::boolean && raw.index() == 0)) {
    return tl::unexpected("expected " + std::string(expected_text(key.type)) + ", got " + std::string(kind_of(raw)));
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
    case KeyType::pointer: {
      const auto* text = std::get_if<std::string>(&raw);
      if (text == nullptr) return tl::unexpected(std::string("expected a JSON Pointer (a string), got an integer"));
      auto value = to_string(key, *text);
      if (!value) return tl::unexpected(value.error());
      if (auto checked = providers::json::check_pointer(*value); !checked) return tl::unexpected(checked.error());
      *std::get<std::string*>(field) = std::move(*value);
      return {};
    }
    case KeyType::string_list: {
      // One bare string (only a --set gets here with one) is a list of one.
      auto* single = std::get_if<std::string>(&raw);
      auto value = to_list(single != nullptr ? std::vector<std::string>{std::move(*single)}
                                             : std::get<std::vector<std::string>>(std::move(raw)));
      if (!value) return tl::unexpected(value.error());
      *std::get<std::vector<std::string>*>(field) = std::move(*value);
      return {};
    }
    case KeyType::string_map: {
      auto value = to_map(std::get<StringMap>(std::move(raw)));
      if (!value) return tl::unexpected(value.error());
      *std::get<StringMap*>(field) = std::move(*value);
      return {};
    }
    case KeyType::boolean: {
      bool value = false;
      if (const auto* text = std::get_if<std::string>(&raw)) {
        if (*text != "true" && *text != "false") return tl::unexpected("expected true or false, got " + in_quotes(*text));
        value = *text == "true";
      } else {
        value = std::get<bool>(raw);
      }
      *std::get<bool*>(field) = value;
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
    return settle(root);
  }

  // One entry of [[jobs]] with the rest of the file: the entry is read as the [job], its own
  // `auth` table (if any) as the [auth], so every check of a single [job] applies to it.
  tl::expected<StepConfig, ConfigError> run_entry(const toml::table& root, const toml::table& entry) {
    const toml::node* own_auth = entry.get("auth");
    constexpr std::string_view k_with_auth[] = {"jobs", "auth"};
    walk(root, {}, own_auth != nullptr ? std::span<const std::string_view>(k_with_auth)
                                       : std::span<const std::string_view>(k_with_auth, 1));
    m_table_places["job"] = place_of(entry.source());
    walk(entry, "job", std::span<const std::string_view>(k_with_auth + 1, 1));
    if (own_auth != nullptr) {
      if (const toml::table* auth = own_auth->as_table()) {
        m_table_places["auth"] = place_of(own_auth->source());
        walk(*auth, "auth");
      } else {
        m_errors.push_back(error(place_of(own_auth->source()), "auth",
                                 "expected a table, got " + std::string(kind_of(*own_auth))));
      }
    }
    return settle(root);
  }

  tl::expected<StepConfig, ConfigError> settle(const toml::table& root) {
    if (!m_errors.empty()) return fail(root, *std::min_element(m_errors.begin(), m_errors.end(), earlier));
    for (const auto& [name, value] : m_options.overrides) {
      if (auto error = apply_override(name, value)) return fail(root, *error);
    }
    if (auto error = merge_preset()) return fail(root, *error);
    if (auto error = check_resolved()) return fail(root, *error);
    return m_config;
  }

  // Walks a preset's text (a [job.http] table and nothing else) into `m_config`.
  std::optional<ConfigError> load_preset_text(std::string_view text) {
    toml::table root;
    try {
      root = toml::parse(text, m_file);
    } catch (const toml::parse_error& parse_error) {
      return error(place_of(parse_error.source()), "", std::string(parse_error.description()));
    }
    walk(root, {});
    if (!m_errors.empty()) return *std::min_element(m_errors.begin(), m_errors.end(), earlier);
    for (const auto& [name, place] : m_places) {
      if (name.rfind("job.http.", 0) != 0) return error(place, name, "a preset declares [job.http] keys only");
    }
    return std::nullopt;
  }

  // A preset (provider = "v1-jobs") is a [job.http] declaration shipped in the binary. The step
  // file's own [job.http] keys beat it, and a status value the step file lists leaves every
  // list of the preset's that it did not replace: failure = ["FAIL", "PENDING_PAYMENT"] moves
  // PENDING_PAYMENT out of pending and stalled.
  std::optional<ConfigError> merge_preset() {
    const providers::ProviderEntry* entry = providers::find_entry(m_config.job.provider);
    if (entry == nullptr || entry->preset.empty()) return std::nullopt;
    auto preset = load_preset(entry->name, providers::preset_text(*entry));
    if (!preset) return preset.error();
    StepConfig from_preset;
    from_preset.job.http = *std::move(preset);
    std::vector<std::string> listed;
    for (const KeyInfo& key : step_keys()) {
      if (key.name.rfind("job.http.", 0) != 0) continue;
      const FieldRef field = key.field(m_config);
      if (m_places.count(key.name) != 0) {
        if (const auto* items = std::get_if<std::vector<std::string>*>(&field)) {
          listed.insert(listed.end(), (*items)->begin(), (*items)->end());
        }
        continue;
      }
      std::visit([&](auto* target) { *target = *std::get<decltype(target)>(key.field(from_preset)); }, field);
    }
    for (const KeyInfo& key : step_keys()) {
      if (key.type != KeyType::string_list || key.name.rfind("job.http.", 0) != 0 || m_places.count(key.name) != 0) {
        continue;
      }
      auto& items = *std::get<std::vector<std::string>*>(key.field(m_config));
      std::erase_if(items, [&](const std::string& value) {
        return std::find(listed.begin(), listed.end(), value) != listed.end();
      });
    }
    return std::nullopt;
  }

 private:
  static bool earlier(const ConfigError& a, const ConfigError& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  }

  ConfigError error(const Place& place, std::string_view key, std::string message) const {
    ConfigError out = ConfigError::at(m_file, std::string(key), std::move(message), place.from_override ? 0 : place.line,
                                      place.from_override ? 0 : place.column);
    out.from_override = place.from_override;
    return out;
  }

  tl::unexpected<ConfigError> fail(const toml::table& root, ConfigError error) const {
    error.result_path = known_result_path(root, m_options);
    return tl::unexpected(std::move(error));
  }

  // Collects every error in the file; the earliest is reported.
  void walk(const toml::table& table, std::string_view table_name, std::span<const std::string_view> skip = {}) {
    for (auto&& [toml_key, node] : table) {
      const std::string leaf(toml_key.str());
      if (std::find(skip.begin(), skip.end(), leaf) != skip.end()) continue;  // read elsewhere ([[jobs]])
      const std::string name = table_name.empty() ? leaf : std::string(table_name) + "." + leaf;
      // A quoted key such as "wait.timeout" = ... is one name with a dot in it, not a dotted key.
      const KeyInfo* key = leaf.find('.') == std::string::npos ? find_key(name) : nullptr;
      if (key != nullptr) {
        take(*key, node);
        continue;
      }
      const std::vector<std::string_view> tables = table_names();
      if (leaf.find('.') == std::string::npos && std::find(tables.begin(), tables.end(), name) != tables.end()) {
        if (const toml::table* inner = node.as_table()) {
          m_table_places[name] = place_of(node.source());
          walk(*inner, name);
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
    // An integer for a string key gets through: assign() says how to quote it. A string for an
    // array does not: in a file, ["./status.sh"] is the unambiguous spelling.
    auto raw = raw_of(node);
    if (!raw || (key.type == KeyType::string_list && node.is_string())) {
      // What is inside a wrong array or table only matters to a key that takes one.
      const bool composite = key.type == KeyType::string_list || key.type == KeyType::string_map;
      m_errors.push_back(error(place, key.name,
                               "expected " + std::string(expected_text(key.type)) + ", got " +
                                   (raw || !composite ? std::string(kind_of(node)) : raw.error())));
      return;
    }
    place.had_reference = has_reference(*raw);
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
    auto raw = override_value(*key, value);
    if (!raw) return error(place, key->name, raw.error());
    if (auto assigned = assign(*key, *std::move(raw), m_options.getenv, m_config); !assigned) {
      return error(place, key->name, assigned.error());
    }
    m_places[key->name] = place;
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

  bool is_empty(const KeyInfo& key) const {
    const ConstFieldRef value = key.value(m_config);
    if (const auto* const* text = std::get_if<const std::string*>(&value)) return (*text)->empty();
    if (const auto* const* items = std::get_if<const std::vector<std::string>*>(&value)) return (*items)->empty();
    if (const auto* const* items = std::get_if<const StringMap*>(&value)) return (*items)->empty();
    return false;
  }

  Place place_of_key(std::string_view name) const {
    const auto it = m_places.find(name);
    return it == m_places.end() ? table_place(name) : it->second;
  }

  // Where a key that is not in the file would go: its table's header ([job.http], else [job]),
  // else the top.
  Place table_place(std::string_view name) const {
    for (std::size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
      const auto it = m_table_places.find(std::string(name.substr(0, dot)));
      if (it != m_table_places.end()) return it->second;
    }
    return Place{};
  }

  // Whether the provider named in the file has no use for this required key (exec).
  bool waived(std::string_view name) const {
    const providers::ProviderEntry* entry = providers::find_entry(m_config.job.provider);
    if (entry == nullptr) return false;
    const std::vector<std::string_view> keys = providers::waived_keys(*entry);
    return std::find(keys.begin(), keys.end(), name) != keys.end();
  }

  std::optional<ConfigError> check_required() const {
    for (const KeyInfo& key : step_keys()) {
      if (!key.required || !is_empty(key) || waived(key.name)) continue;
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
    const providers::ProviderEntry* provider = providers::find_entry(m_config.job.provider);
    if (provider == nullptr) {
      const std::vector<std::string_view> names = providers::provider_names();
      std::optional<std::string> suggestion = closest(m_config.job.provider, names);
      std::string known;
      for (std::string_view name : names) known += (known.empty() ? "" : ", ") + std::string(name);
      return error(provider_place, "job.provider",
                   "unknown provider " + in_quotes(m_config.job.provider) +
                       (suggestion ? did_you_mean(suggestion) : " (known: " + known + ")"));
    }
    for (const auto& [name, place] : m_places) {
      if (auto why = providers::misplaced_key(*provider, name)) return error(place, name, *why);
    }
    for (std::string_view name : providers::required_keys(*provider)) {
      const KeyInfo* key = find_key(name);
      if (key == nullptr || !is_empty(*key)) continue;
      const std::size_t dot = name.rfind('.');
      return error(place_of_key(name), name,
                   "missing: the " + m_config.job.provider + " provider needs it (add " +
                       std::string(name.substr(dot + 1)) + " under [" + std::string(name.substr(0, dot)) + "])");
    }
    if (auto problem = providers::check_job(*provider, m_config.job)) {
      return error(place_of_key(problem->key), problem->key, problem->message);
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

  friend tl::expected<HttpSpec, ConfigError> jobwait::config::load_preset(std::string_view, std::string_view);

  std::string m_file;
  const LoadOptions& m_options;
  StepConfig m_config;
  std::vector<ConfigError> m_errors;
  std::map<std::string_view, Place> m_places;   // key name → where its value came from
  std::map<std::string, Place> m_table_places;  // "job" → its header
};

}  // namespace

namespace {

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

}  // namespace

tl::expected<HttpSpec, ConfigError> load_preset(std::string_view name, std::string_view text) {
  const LoadOptions no_options;
  Loader loader("preset " + std::string(name), no_options);
  if (text.empty()) return tl::unexpected(loader.error({}, "job.provider", "preset not in this build"));
  if (auto error = loader.load_preset_text(text)) return tl::unexpected(*std::move(error));
  return loader.m_config.job.http;
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
  if (const toml::node* jobs = root.get("jobs")) return load_jobs(root, *jobs, file_name, options);
  return Loader(file_name, options).run(root);
}

}  // namespace jobwait::config
