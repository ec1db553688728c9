// Duration strings of the scenario file: "500ms", "2s", "1m", "1m30s", "1h".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace jobwait::sim {

// Units in decreasing order, each at most once; nullopt for anything else, including zero.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace jobwait::sim
