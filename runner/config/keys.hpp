// Every step-file key, in one table: the loader validates against it, `jobwait check` prints
// from it and the README's key reference is written from it. Add a key here and nowhere else.
#pragma once

#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "config/step_config.hpp"

namespace jobwait::config {

// string: text after ${VAR} expansion. duration: "5m", "1m30s"… or whole seconds (a TOML
// integer or digits). integer: a TOML integer or digits. Durations and integers must be > 0.
enum class KeyType { string, duration, integer };

using FieldRef = std::variant<std::string*, Duration*, int*>;
using ConstFieldRef = std::variant<const std::string*, const Duration*, const int*>;

struct KeyInfo {
  std::string_view name;  // dotted: "wait.timeout"
  KeyType type;
  bool required;
  std::string_view alternative;    // a required key may be left out when this key is set
  bool secret;                     // never printed; StepConfig::secrets() must list it
  std::string_view default_text;   // as written in a step file; empty when there is none
  std::string_view description;    // one line
  FieldRef (*field)(StepConfig&);  // where the value lands
  ConstFieldRef (*value)(const StepConfig&);
};

std::span<const KeyInfo> step_keys();

// nullptr for an unknown dotted name.
const KeyInfo* find_key(std::string_view name);

// Every dotted name, in table order.
std::vector<std::string_view> key_names();

// The tables that hold keys: "job", "auth", "wait", "output".
std::vector<std::string_view> table_names();

// The last parts of the keys directly in `table` ("" for the top level): keys_in("wait")
// gives "timeout", "interval", …
std::vector<std::string_view> keys_in(std::string_view table);

// "string", "duration", "integer".
std::string_view type_name(KeyType type);

}  // namespace jobwait::config
