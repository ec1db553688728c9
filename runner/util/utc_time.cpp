#include "util/utc_time.hpp"

#include <charconv>

#include "util/timestamp.hpp"

namespace jobwait {

namespace {

bool read_number(std::string_view text, std::size_t at, std::size_t width, int& out) {
  if (at + width > text.size()) return false;
  const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + width, out);
  return error == std::errc{} && end == text.data() + at + width;
}

// `value` in decimal, zero-padded to `width` digits. Written with to_chars rather than into a
// fixed snprintf buffer, which GCC's -Wformat-truncation rightly doubts: it sizes each field
// by its type (an int year may have 11 characters), not by the calendar.
void put_padded(std::string& out, long long value, int width) {
  if (value < 0) out += '-';  // never for a system_clock time (years 1677 to 2262)
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value < 0 ? -value : value);
  (void)error;  // 24 characters hold any long long
  for (auto length = end - digits; length < width; ++length) out += '0';
  out.append(digits, end);
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

std::string format_utc(std::chrono::sys_time<std::chrono::milliseconds> when, UtcForm form) {
  using namespace std::chrono;
  const auto day = floor<days>(when);
  const year_month_day date{day};
  const hh_mm_ss clock{when - day};
  const bool separated = form != UtcForm::compact;
  std::string out;
  out.reserve(24);
  put_padded(out, static_cast<int>(date.year()), 4);
  if (separated) out += '-';
  put_padded(out, static_cast<unsigned>(date.month()), 2);
  if (separated) out += '-';
  put_padded(out, static_cast<unsigned>(date.day()), 2);
  out += 'T';
  put_padded(out, clock.hours().count(), 2);
  if (separated) out += ':';
  put_padded(out, clock.minutes().count(), 2);
  if (separated) out += ':';
  put_padded(out, clock.seconds().count(), 2);
  if (form == UtcForm::millis) {
    out += '.';
    put_padded(out, clock.subseconds().count(), 3);
  }
  out += 'Z';
  return out;
}

std::string format_utc(std::chrono::system_clock::time_point when) {
  return format_utc(std::chrono::time_point_cast<std::chrono::milliseconds>(when), UtcForm::millis);
}

std::string format_utc_seconds(std::chrono::system_clock::time_point when) {
  return format_utc(std::chrono::floor<std::chrono::seconds>(when), UtcForm::seconds);
}

}  // namespace jobwait
