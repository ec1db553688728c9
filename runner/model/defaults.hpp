// Every step-file default, written once: config/keys.cpp shows and documents these (and the
// README check reads them there), the settings in step_config.hpp start from them, and so does
// the wait engine's PollSettings. A duration is written as a step file writes it ("30m") and
// read at compile time; an integer or a flag as a value, shown through value_text.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace jobwait::config::defaults {

// A duration as a step file writes it, read at compile time: "30m", "2s", "1m30s", "500ms".
// Anything else does not compile (util/duration.cpp is the reader for what users write).
consteval std::chrono::milliseconds duration(std::string_view text) {
  long long total = 0;
  std::size_t pos = 0;
  if (text.empty()) throw "a default duration is not empty";
  while (pos < text.size()) {
    long long number = 0;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') number = number * 10 + (text[pos++] - '0');
    if (pos == start || pos == text.size()) throw "a default duration is digits and a unit";
    if (text.substr(pos, 2) == "ms") {
      total += number, pos += 2;
    } else if (text[pos] == 's') {
      total += number * 1000, ++pos;
    } else if (text[pos] == 'm') {
      total += number * 60'000, ++pos;
    } else if (text[pos] == 'h') {
      total += number * 3'600'000, ++pos;
    } else {
      throw "a default duration's unit is ms, s, m or h";
    }
  }
  return std::chrono::milliseconds(total);
}

// The text of a default integer or flag, for keys.cpp: value_text<10> is "10", value_text<false>
// is "false".
template <auto Value>
inline constexpr auto k_text_storage = [] {
  std::array<char, 24> text{};
  if constexpr (std::is_same_v<decltype(Value), bool>) {
    const std::string_view word = Value ? "true" : "false";
    for (std::size_t i = 0; i < word.size(); ++i) text[i] = word[i];
  } else {
    long long value = Value;
    const bool negative = value < 0;
    if (negative) value = -value;
    char digits[24]{};
    std::size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    std::size_t at = 0;
    if (negative) text[at++] = '-';
    while (count > 0) text[at++] = digits[--count];
  }
  return text;
}();

template <auto Value>
inline constexpr std::string_view value_text{k_text_storage<Value>.data()};

// [job]
inline constexpr std::string_view k_cloud = "huaweicloud";
inline constexpr int k_limit = 0;
inline constexpr int k_offset = 0;
inline constexpr bool k_desc = false;
inline constexpr std::string_view k_http_method = "GET";

// [auth], [tls]
inline constexpr std::string_view k_signing = "SDK-HMAC-SHA256";
inline constexpr bool k_insecure = false;

// [wait]
inline constexpr std::string_view k_timeout = "30m";
inline constexpr std::string_view k_interval = "2s";
inline constexpr std::string_view k_max_interval = "30s";
inline constexpr std::string_view k_strategy = "adaptive";
inline constexpr std::string_view k_request_timeout = "30s";
inline constexpr int k_max_errors = 10;
inline constexpr std::string_view k_connect_timeout = "10s";
inline constexpr std::string_view k_not_found_grace = "30s";
inline constexpr std::string_view k_on_unknown = "wait";
inline constexpr int k_confirm = 1;
inline constexpr std::string_view k_stall_warning = "10m";
inline constexpr std::string_view k_mode = "all";
inline constexpr bool k_fail_fast = false;
inline constexpr int k_max_requests_per_second = 20;
inline constexpr int k_max_concurrent_per_host = 6;

// [output]
inline constexpr std::string_view k_result = "jobwait-result.json";

}  // namespace jobwait::config::defaults
