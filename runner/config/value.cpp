// Value typing: a TOML node or --set text as a Raw, then expanded, typed, checked and stored.
#include "config/value.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <system_error>

#include "config/suggest.hpp"
#include "providers/endpoint.hpp"
#include "util/duration.hpp"
#include "util/edit_distance.hpp"
#include "util/json_pointer.hpp"

namespace jobwait::config {

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

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

bool has_reference(const Raw& raw) {
  const auto dollar = [](const std::string& text) { return text.find('$') != std::string::npos; };
  if (const auto* text = std::get_if<std::string>(&raw)) return dollar(*text);
  if (const auto* items = std::get_if<std::vector<std::string>>(&raw)) return std::any_of(items->begin(), items->end(), dollar);
  if (const auto* items = std::get_if<StringMap>(&raw)) {
    return std::any_of(items->begin(), items->end(), [&](const auto& item) { return dollar(item.second); });
  }
  return false;
}

std::string one_of(std::span<const std::string_view> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += in_quotes(values[i]);
  }
  return out;
}

namespace {

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

// A string key's value: text only; a TOML integer says how to quote it.
tl::expected<std::string, std::string> to_text(const KeyInfo& key, Raw raw) {
  const auto* text = std::get_if<std::string>(&raw);
  if (text == nullptr) {
    return tl::unexpected("expected a string, got an integer (quote it: \"" + std::to_string(std::get<std::int64_t>(raw)) +
                          "\")");
  }
  return to_string(key, *text);
}

tl::expected<std::string, std::string> to_pointer(const KeyInfo& key, const Raw& raw) {
  const auto* text = std::get_if<std::string>(&raw);
  if (text == nullptr) return tl::unexpected(std::string("expected a JSON Pointer (a string), got an integer"));
  auto value = to_string(key, *text);
  if (!value) return value;
  if (auto checked = providers::json::check_pointer(*value); !checked) return tl::unexpected(checked.error());
  return value;
}

// One bare string (only a --set gets here with one) is a list of one.
tl::expected<std::vector<std::string>, std::string> to_items(Raw raw) {
  auto* single = std::get_if<std::string>(&raw);
  return to_list(single != nullptr ? std::vector<std::string>{std::move(*single)}
                                   : std::get<std::vector<std::string>>(std::move(raw)));
}

// A TOML boolean, or (--set) its text.
tl::expected<bool, std::string> to_boolean(const Raw& raw) {
  if (const auto* text = std::get_if<std::string>(&raw)) {
    if (*text != "true" && *text != "false") return tl::unexpected("expected true or false, got " + in_quotes(*text));
    return *text == "true";
  }
  return std::get<bool>(raw);
}

// Stores a typed value in the member it belongs to, or passes the typing's message on.
template <class T>
tl::expected<void, std::string> store(const FieldRef& field, tl::expected<T, std::string> value) {
  if (!value) return tl::unexpected(std::move(value.error()));
  *std::get<T*>(field) = std::move(*value);
  return {};
}

}  // namespace

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
    case KeyType::string:
      return store(field, to_text(key, std::move(raw)));
    case KeyType::duration:
      return store(field, to_duration(raw, key.zero_allowed));
    case KeyType::integer:
      return store(field, to_integer(raw, key.zero_allowed ? 0 : 1));
    case KeyType::exit_code:
      return store(field, to_exit_code(raw));
    case KeyType::pointer:
      return store(field, to_pointer(key, raw));
    case KeyType::string_list:
      return store(field, to_items(std::move(raw)));
    case KeyType::string_map:
      return store(field, to_map(std::get<StringMap>(std::move(raw))));
    case KeyType::boolean:
      return store(field, to_boolean(raw));
  }
  return {};
}

}  // namespace jobwait::config
