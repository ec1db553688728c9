// What the loader knows while it reads a step file: the settings so far, where each value came
// from (a place in the file, or a --set) and where each table began, shared by the walk
// (step_file.cpp), the checks (checks.cpp) and the preset merge (preset.cpp).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <utility>
#include <vector>

#include "model/config_error.hpp"
#include "model/step_config.hpp"

namespace jobwait::config {

// Where a value came from: a place in the file, or a --set.
struct Place {
  int line = 1;
  int column = 1;
  bool from_override = false;
  bool had_reference = false;  // the raw text held a '$': an empty value came from the environment
};

inline Place place_of(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), false, false};
}

struct LoadState {
  std::string file;  // the step file as named, for errors
  StepConfig config;
  std::map<std::string_view, Place> places;   // key name → where its value came from
  std::map<std::string, Place> table_places;  // "job" → its header

  ConfigError error(const Place& place, std::string_view key, std::string message) const {
    ConfigError out = ConfigError::at(file, std::string(key), std::move(message), place.from_override ? 0 : place.line,
                                      place.from_override ? 0 : place.column);
    out.from_override = place.from_override;
    return out;
  }

  // Where a key that is not in the file would go: its table's header ([job.http], else [job]),
  // else the top.
  Place table_place(std::string_view name) const {
    for (std::size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
      const auto it = table_places.find(std::string(name.substr(0, dot)));
      if (it != table_places.end()) return it->second;
    }
    return Place{};
  }

  Place place_of_key(std::string_view name) const {
    const auto it = places.find(name);
    return it == places.end() ? table_place(name) : it->second;
  }
};

// Reads TOML text into `state` by a step file's rules, with no --set and no checks: what a
// preset's declaration needs (preset.cpp). The problems found, in the order of the file.
std::vector<ConfigError> read_text(std::string_view text, LoadState& state);

}  // namespace jobwait::config
