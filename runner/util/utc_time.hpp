// Instants in UTC, read and written: every UTC time jobwait prints is made by format_utc.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <string>

namespace jobwait {

// Any timestamp util/timestamp.hpp reads (RFC 3339 with any fraction or offset, epochs...);
// nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

enum class UtcForm {
  millis,   // RFC 3339 to the millisecond: "2026-11-23T06:04:25.123Z" (artifact, logs)
  seconds,  // RFC 3339 in whole seconds: "2026-11-24T06:04:25Z" (IAM's expiry, token cache)
  compact,  // the SDK signers' X-Sdk-Date: "20261124T060425Z"
};

// `when` written in `form`; a fraction the form has no room for is dropped.
std::string format_utc(std::chrono::sys_time<std::chrono::milliseconds> when, UtcForm form);

// RFC 3339 UTC with milliseconds (truncated): 2026-11-23T06:04:25.123Z
std::string format_utc(std::chrono::system_clock::time_point when);

// "2026-11-24T06:04:25Z": whole seconds, UTC.
std::string format_utc_seconds(std::chrono::system_clock::time_point when);

}  // namespace jobwait
