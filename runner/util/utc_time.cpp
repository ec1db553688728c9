#include "util/utc_time.hpp"

#include <charconv>
#include <cstdio>

#include "util/timestamp.hpp"

namespace jobwait::auth {

namespace {

bool read_number(std::string_view text, std::size_t at, std::size_t width, int& out) {
  if (at + width > text.size()) return false;
  const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + width, out);
  return error == std::errc{} && end == text.data() + at + width;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
  // normalize_timestamp gives one fixed form, "YYYY-MM-DDTHH:MM:SS.mmmZ", whatever came in.
  const Timestamp normalized = normalize_timestamp(text);
  if (!normalized.utc) return std::nullopt;
  const std::string_view utc = *normalized.utc;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!read_number(utc, 0, 4, year) || !read_number(utc, 5, 2, month) || !read_number(utc, 8, 2, day) ||
      !read_number(utc, 11, 2, hour) || !read_number(utc, 14, 2, minute) || !read_number(utc, 17, 2, second) ||
      !read_number(utc, 20, 3, millis)) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis);
}

std::string format_utc_seconds(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto whole = floor<seconds>(when);
  const auto day = floor<days>(whole);
  const year_month_day date{day};
  const hh_mm_ss clock{whole - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

}  // namespace jobwait::auth
