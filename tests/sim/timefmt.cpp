#include "timefmt.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace jobwait::sim {

namespace {

struct Parts {
  std::string date_time;  // "2024-06-06T15:55:31" with the given separator
  std::int64_t nanos = 0;
};

Parts split(SysTime t, char separator) {
  const auto since_epoch = t.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds);
  const std::time_t whole = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&whole, &tm);
  std::array<char, 80> buffer{};  // room for any int the compiler imagines, so no truncation warning
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d%c%02d:%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, separator, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return {buffer.data(), nanos.count()};
}

// "." and the first `digits` fraction digits of `nanos`, trailing zeros dropped if asked;
// nothing at all when every digit is dropped.
std::string fraction(std::int64_t nanos, int digits, bool trim) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%09lld", static_cast<long long>(nanos));
  std::string text(buffer.data(), static_cast<std::size_t>(digits));
  if (trim) {
    while (!text.empty() && text.back() == '0') text.pop_back();
  }
  return text.empty() ? text : "." + text;
}

}  // namespace

std::string servicestage_time(SysTime t) {
  const Parts parts = split(t, 'T');
  return parts.date_time + fraction(parts.nanos, 3, true) + "Z";
}

std::string cce_time(SysTime t) {
  const Parts parts = split(t, ' ');
  return parts.date_time + fraction(parts.nanos, 9, true) + " +0000 UTC";
}

std::string cae_time(SysTime t) {
  const Parts parts = split(t, 'T');
  return parts.date_time + fraction(parts.nanos, 6, false) + "Z";
}

std::string v1_jobs_time(SysTime t) {
  const Parts parts = split(t, 'T');
  return parts.date_time + fraction(parts.nanos, 3, false) + "Z";
}

std::int64_t epoch_seconds(SysTime t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t epoch_millis(SysTime t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace jobwait::sim
