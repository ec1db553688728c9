// Every step-file key, in one table: the loader validates against it, `jobwait check` prints
// from it and the README's key reference is written from it. Add a key here and nowhere else.
#pragma once

#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "model/step_config.hpp"

namespace jobwait::config {

// string: text after ${VAR} expansion. duration: "5m", "1m30s"… or whole seconds (a TOML
// integer or digits). integer: a TOML integer or digits. Durations and integers must be > 0
// unless the key allows zero.
// exit_code: an integer 0-255 (0 is allowed: `timed_out = 0` makes a wait non-blocking).
// pointer: a string holding a JSON Pointer (RFC 6901): "" or "/a/0/b". string_list: an array of
// strings (a --set value is a TOML array, or one bare string). string_map: a table of strings
// (a --set value is a TOML inline table). Strings inside lists and maps are ${VAR}-expanded.
// boolean: a TOML true or false (a --set value is the text true or false).
enum class KeyType { string, duration, integer, exit_code, pointer, string_list, string_map, boolean };

using FieldRef = std::variant<std::string*, Duration*, int*, std::vector<std::string>*, StringMap*, bool*>;
using ConstFieldRef =
    std::variant<const std::string*, const Duration*, const int*, const std::vector<std::string>*, const StringMap*,
                 const bool*>;

// Where a key's value lives in StepConfig, for writing and for reading.
struct Member {
  FieldRef (*field)(StepConfig&);
  ConstFieldRef (*value)(const StepConfig&);
};

// One row of the table, written with designated initializers; what a row leaves out is the
// common case (optional, not secret, no default, any text, zero refused).
struct KeyInfo {
  std::string_view name;  // dotted: "wait.timeout"
  KeyType type;
  std::string_view default_text = {};  // as written in a step file (model/defaults.hpp); empty: none
  std::string_view description;   // one line
  Member member;                  // where the value lands
  bool required = false;
  std::string_view alternative = {};  // a required key may be left out when this key is set
  bool secret = false;                // never printed; StepConfig::secrets() must list it
  // A string key with a fixed vocabulary: the loader refuses anything else (empty: any text).
  std::span<const std::string_view> allowed = {};
  bool zero_allowed = false;  // a duration or integer key where 0 means something ("no grace")

  FieldRef field(StepConfig& config) const { return member.field(config); }
  ConstFieldRef value(const StepConfig& config) const { return member.value(config); }
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

// "string", "duration", "integer", "JSON Pointer", "array of strings", "table of strings".
std::string_view type_name(KeyType type);

}  // namespace jobwait::config
