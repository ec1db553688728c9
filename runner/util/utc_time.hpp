// Instants as IAM writes them ("2026-11-24T06:04:25.123000Z") and back.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <string>

namespace jobwait::auth {

// Any timestamp runner/timestamp.hpp reads (RFC 3339 with any fraction or offset, epochs...);
// nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

// "2026-11-24T06:04:25Z": whole seconds, UTC.
std::string format_utc_seconds(std::chrono::system_clock::time_point when);

}  // namespace jobwait::auth
