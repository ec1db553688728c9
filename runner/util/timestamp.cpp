#include "util/timestamp.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include "util/text.hpp"
#include "util/utc_time.hpp"

namespace jobwait {

namespace {

namespace chrono = std::chrono;

// Epoch values from here up are milliseconds (see the header for why).
constexpr std::int64_t k_millis_from = 100'000'000'000;
// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what a four-digit year can write.
constexpr std::int64_t k_min_ms = -62'167'219'200'000;
constexpr std::int64_t k_max_ms = 253'402'300'799'999;
constexpr std::int64_t k_ms_per_day = 86'400'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Milliseconds since the epoch as "YYYY-MM-DDThh:mm:ss.mmmZ"; nothing outside years 0-9999.
std::optional<std::string> format_utc(std::int64_t ms) {
  if (ms < k_min_ms || ms > k_max_ms) return std::nullopt;
  return jobwait::format_utc(chrono::sys_time<chrono::milliseconds>{chrono::milliseconds{ms}}, UtcForm::millis);
}

// A forward-only reader over the text of one timestamp.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}
  bool done() const { return m_pos >= m_text.size(); }
  char peek() const { return done() ? '\0' : m_text[m_pos]; }
  bool eat(char c) {
    if (done() || m_text[m_pos] != c) return false;
    ++m_pos;
    return true;
  }
  bool eat(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return false;
    m_pos += word.size();
    return true;
  }
  // Exactly `count` digits.
  std::optional<int> digits(std::size_t count) {
    if (m_pos + count > m_text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = m_text[m_pos + i];
      if (!is_digit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    m_pos += count;
    return value;
  }
  // One or more digits as milliseconds: the first three count, later ones are truncated.
  std::optional<int> fraction_ms() {
    int ms = 0;
    std::size_t count = 0;
    for (; is_digit(peek()); ++m_pos, ++count) {
      if (count < 3) ms = ms * 10 + (peek() - '0');
    }
    if (count == 0) return std::nullopt;
    for (; count < 3; ++count) ms *= 10;
    return ms;
  }
  bool skip_spaces() {
    const std::size_t start = m_pos;
    while (is_space(peek())) ++m_pos;
    return m_pos > start;
  }
  // Everything up to the next space.
  bool skip_word() {
    const std::size_t start = m_pos;
    while (!done() && !is_space(peek())) ++m_pos;
    return m_pos > start;
  }

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

// A signed UTC offset in minutes: Z, +hh:mm, +hhmm, +hh, or a bare UTC/GMT.
std::optional<int> read_offset(Cursor& in) {
  if (in.eat('Z') || in.eat('z') || in.eat("UTC") || in.eat("GMT")) return 0;
  const int sign = in.eat('+') ? 1 : in.eat('-') ? -1 : 0;
  if (sign == 0) return std::nullopt;  // no zone: the instant is unknown
  const auto hours = in.digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (in.eat(':') || is_digit(in.peek())) {
    const auto read = in.digits(2);
    if (!read || *read > 59) return std::nullopt;
    minutes = *read;
  }
  return sign * (*hours * 60 + minutes);
}

std::optional<std::int64_t> parse_date_time(std::string_view text) {
  Cursor in{text};
  const auto year = in.digits(4);
  if (!year || !in.eat('-')) return std::nullopt;
  const auto month = in.digits(2);
  if (!month || !in.eat('-')) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !(in.eat('T') || in.eat('t') || in.eat(' '))) return std::nullopt;
  const auto hour = in.digits(2);
  if (!hour || !in.eat(':')) return std::nullopt;
  const auto minute = in.digits(2);
  if (!minute || !in.eat(':')) return std::nullopt;
  const auto second = in.digits(2);
  if (!second) return std::nullopt;
  int ms = 0;
  if (in.eat('.') || in.eat(',')) {
    const auto fraction = in.fraction_ms();
    if (!fraction) return std::nullopt;
    ms = *fraction;
  }
  in.skip_spaces();  // Go's String() puts a space before the offset
  const bool numeric = in.peek() == '+' || in.peek() == '-';
  const auto offset = read_offset(in);
  if (!offset) return std::nullopt;
  // Go's form only: after a numeric offset, a zone abbreviation ("UTC", "CST", "+08"), then
  // the monotonic reading time.Now() adds ("m=+0.000057142"), each after a space.
  if (numeric && in.skip_spaces()) {
    if (in.peek() != 'm') {
      in.skip_word();
      in.skip_spaces();
    }
    if (in.eat("m=")) in.skip_word();
  }
  if (!in.done()) return std::nullopt;

  const chrono::year_month_day date{chrono::year{*year}, chrono::month{static_cast<unsigned>(*month)},
                                    chrono::day{static_cast<unsigned>(*day)}};
  // Second 60 is a leap second; the arithmetic below carries it into the next minute.
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  const std::int64_t days = chrono::sys_days{date}.time_since_epoch().count();
  const std::int64_t seconds = (*hour * 60 + *minute - *offset) * 60 + *second;
  return days * k_ms_per_day + seconds * 1000 + ms;
}

std::optional<std::int64_t> epoch_to_ms(std::int64_t epoch) {
  if (epoch <= 0) return std::nullopt;
  return epoch >= k_millis_from ? epoch : epoch * 1000;
}

std::optional<std::string> epoch_utc(std::int64_t epoch) {
  const auto ms = epoch_to_ms(epoch);
  return ms ? format_utc(*ms) : std::nullopt;
}

}  // namespace

Timestamp normalize_timestamp(std::string_view text) {
  Timestamp stamp{std::string(text), std::nullopt};
  const std::string_view value = trim(text, " \t\n\r");
  if (value.empty()) return stamp;
  // A string of digits is an epoch sent as text (CFW documents strings for its times).
  std::int64_t epoch = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), epoch);
  if (ec == std::errc{} && end == value.data() + value.size() && is_digit(value.front())) {
    stamp.utc = epoch_utc(epoch);
    return stamp;
  }
  if (const auto ms = parse_date_time(value)) stamp.utc = format_utc(*ms);
  return stamp;
}

Timestamp normalize_timestamp(std::int64_t epoch) {
  return Timestamp{std::to_string(epoch), epoch_utc(epoch)};
}

Timestamp normalize_timestamp(double epoch) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, epoch);
  Timestamp stamp{std::string(text, ec == std::errc{} ? end : text), std::nullopt};
  // Bounds first: the cast below is only defined for values that fit.
  if (!std::isfinite(epoch) || epoch <= 0 || epoch > static_cast<double>(k_max_ms)) return stamp;
  const double ms = epoch >= static_cast<double>(k_millis_from) ? epoch : epoch * 1000;
  stamp.utc = format_utc(static_cast<std::int64_t>(std::floor(ms)));
  return stamp;
}

}  // namespace jobwait
