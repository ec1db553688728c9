#include "http/retry_after.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace jobwait::http {

namespace {

using namespace std::chrono;

// Far beyond any deadline (the poll loop clamps to it anyway), small enough that the
// milliseconds never overflow.
constexpr std::int64_t k_max_seconds = 1'000'000'000;

constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A tiny cursor over the header text: each read consumes on success only.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}

  bool literal(std::string_view expected) {
    if (m_text.substr(0, expected.size()) != expected) return false;
    m_text.remove_prefix(expected.size());
    return true;
  }

  // Exactly `count` digits.
  std::optional<int> digits(std::size_t count) {
    if (m_text.size() < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = m_text[i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    m_text.remove_prefix(count);
    return value;
  }

  // Letters up to the next non-letter: a day or month name.
  std::string_view word() {
    std::size_t n = 0;
    while (n < m_text.size() && std::isalpha(static_cast<unsigned char>(m_text[n])) != 0) ++n;
    const std::string_view out = m_text.substr(0, n);
    m_text.remove_prefix(n);
    return out;
  }

  std::optional<int> month() {
    const std::string_view name = word();
    for (std::size_t i = 0; i < k_months.size(); ++i) {
      if (k_months[i] == name) return static_cast<int>(i) + 1;
    }
    return std::nullopt;
  }

  bool done() const { return m_text.empty(); }

 private:
  std::string_view m_text;
};

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// "08:49:37"
bool read_time(Cursor& in, Fields& out) {
  const auto h = in.digits(2);
  if (!h || !in.literal(":")) return false;
  const auto m = in.digits(2);
  if (!m || !in.literal(":")) return false;
  const auto s = in.digits(2);
  if (!s) return false;
  out.hour = *h;
  out.minute = *m;
  out.second = *s;
  return true;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<Fields> imf_fixdate(std::string_view text) {
  Cursor in(text);
  Fields f;
  if (in.word().size() != 3 || !in.literal(", ")) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.literal(" ")) return std::nullopt;
  const auto month = in.month();
  if (!month || !in.literal(" ")) return std::nullopt;
  const auto year = in.digits(4);
  if (!year || !in.literal(" ") || !read_time(in, f) || !in.literal(" GMT") || !in.done()) return std::nullopt;
  f.year = *year;
  f.month = *month;
  f.day = *day;
  return f;
}

// "Sunday, 06-Nov-94 08:49:37 GMT": a two-digit year that looks more than 50 years ahead
// is in the past century (RFC 9110 §5.6.7); for a Retry-After, 19xx and 20xx suffice.
std::optional<Fields> rfc850(std::string_view text) {
  Cursor in(text);
  Fields f;
  if (in.word().size() < 6 || !in.literal(", ")) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.literal("-")) return std::nullopt;
  const auto month = in.month();
  if (!month || !in.literal("-")) return std::nullopt;
  const auto year = in.digits(2);
  if (!year || !in.literal(" ") || !read_time(in, f) || !in.literal(" GMT") || !in.done()) return std::nullopt;
  f.year = *year < 70 ? 2000 + *year : 1900 + *year;
  f.month = *month;
  f.day = *day;
  return f;
}

// "Sun Nov  6 08:49:37 1994" (the day padded with a space)
std::optional<Fields> asctime_date(std::string_view text) {
  Cursor in(text);
  Fields f;
  if (in.word().size() != 3 || !in.literal(" ")) return std::nullopt;
  const auto month = in.month();
  if (!month || !in.literal(" ")) return std::nullopt;
  std::optional<int> day = in.literal(" ") ? in.digits(1) : in.digits(2);
  if (!day || !in.literal(" ") || !read_time(in, f) || !in.literal(" ")) return std::nullopt;
  const auto year = in.digits(4);
  if (!year || !in.done()) return std::nullopt;
  f.year = *year;
  f.month = *month;
  f.day = *day;
  return f;
}

std::optional<sys_seconds> to_time_point(const Fields& f) {
  const year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month)}, day{static_cast<unsigned>(f.day)}};
  if (!date.ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;  // 60: a leap second
  return sys_days{date} + hours{f.hour} + minutes{f.minute} + seconds{f.second};
}

}  // namespace

std::optional<sys_seconds> parse_http_date(std::string_view text) {
  text = trim(text, k_blanks);
  std::optional<Fields> fields = imf_fixdate(text);
  if (!fields) fields = rfc850(text);
  if (!fields) fields = asctime_date(text);
  if (!fields) return std::nullopt;
  return to_time_point(*fields);
}

std::optional<milliseconds> retry_after(const Response& response, system_clock::time_point now) {
  const std::string header = response.header("Retry-After");
  const std::string_view value = trim(header, k_blanks);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t secs = 0;
    for (const char c : value) {
      secs = secs * 10 + (c - '0');
      if (secs > k_max_seconds) {
        secs = k_max_seconds;
        break;
      }
    }
    return duration_cast<milliseconds>(seconds(secs));
  }
  const auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  const sys_seconds server_now = parse_http_date(response.header("Date")).value_or(floor<seconds>(now));
  if (*when <= server_now) return milliseconds(0);
  return duration_cast<milliseconds>(std::min(*when - server_now, seconds(k_max_seconds)));
}

}  // namespace jobwait::http
