// Durations in step files: "500ms", "2s", "5m", "1h", "1m30s", "1h2m3s500ms", or digits alone
// meaning whole seconds (as a TOML integer does).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace jobwait::config {

// The longest duration accepted. Far beyond any sensible wait, and small enough that adding
// it to a steady_clock time point (nanoseconds in an int64) can never overflow.
inline constexpr std::chrono::milliseconds k_max_duration = std::chrono::hours(100000);

// Parses one duration. Units go from largest to smallest, each at most once; no sign, no
// spaces, no fractions. Zero is accepted here: whether it makes sense is the caller's call.
// The error is one line that quotes the text and shows the accepted forms.
tl::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

// The shortest canonical form that parse_duration reads back: "1m30s", "1.5s", "500ms", "0s".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace jobwait::config
