// Value typing: a TOML value or a --set text as a Raw, and a Raw expanded, typed, checked and
// stored in its key's member of StepConfig (assign); the words messages use for both.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <toml++/toml.h>
#include <variant>
#include <vector>

#include "config/keys.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"

namespace jobwait::config {

// A value before it is typed: text (a TOML string or a --set value) or a TOML integer; for
// string_list and string_map keys, a TOML array or table of strings; a TOML boolean.
using Raw = std::variant<std::string, std::int64_t, std::vector<std::string>, StringMap, bool>;

// A TOML value as a Raw: strings, integers, booleans, and arrays and tables whose values are
// strings. The error says what the value is instead ("an array holding an integer").
tl::expected<Raw, std::string> raw_of(const toml::node& node);

// "a string", "an integer", "a table"…: what a value is, for messages.
std::string_view kind_of(const toml::node& node);
std::string_view kind_of(const Raw& raw);

// What a key of this type takes, for messages: "a duration (a string such as \"5m\", …)".
std::string_view expected_text(KeyType type);

// Whether a raw value holds a '$': an empty result then came from the environment.
bool has_reference(const Raw& raw);

// Expands ${VAR}, types and checks one value and stores it in `config`; the error is the
// message.
tl::expected<void, std::string> assign(const KeyInfo& key, Raw raw, const EnvLookup& env, StepConfig& config);

// Not named quoted(): for a std::string argument, argument-dependent lookup also finds
// std::quoted (GCC 14's <chrono> includes <iomanip>), an exact match that wins over this
// string_view one and returns a stream manipulator, not a string.
std::string in_quotes(std::string_view text);

// "\"wait\" or \"fail\"", "\"a\", \"b\" or \"c\"": a key's allowed values, for messages.
std::string one_of(std::span<const std::string_view> values);

}  // namespace jobwait::config
