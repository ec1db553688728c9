#include "util/duration.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

namespace jobwait::config {

namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t ms;
};

// Largest first: the order units must appear in, and the order format_duration writes them.
constexpr std::array<Unit, 4> k_units{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

constexpr std::string_view k_accepted = "use 500ms, 2s, 5m, 1h, 1m30s or whole seconds";

std::optional<std::string> spelled_out(std::string_view text);

tl::unexpected<std::string> invalid(std::string_view text, std::string_view reason = {}) {
  std::string message = "invalid duration \"" + std::string(text) + "\"";
  if (!reason.empty()) message += ": " + std::string(reason);
  // What was meant, when it is clear, as a step file writes it: "30 minutes" is "30m".
  if (const std::optional<std::string> meant = spelled_out(text)) {
    message += (reason.empty() ? ": " : "; ") + std::string("did you mean \"") + *meant + "\"?";
  }
  return tl::unexpected(message + " (" + std::string(k_accepted) + ")");
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The unit at the start of `rest`, longest match first ("ms" before "m"); npos when none.
std::size_t unit_at(std::string_view rest) {
  std::size_t best = k_units.size();
  for (std::size_t i = 0; i < k_units.size(); ++i) {
    const std::string_view suffix = k_units[i].suffix;
    if (rest.substr(0, suffix.size()) != suffix) continue;
    if (best == k_units.size() || suffix.size() > k_units[best].suffix.size()) best = i;
  }
  return best;
}

// A duration as people write it in words or capitals, "30 minutes", "1 hour, 30 mins", "90 Sec",
// in the form parse_duration reads ("30m", "1h30m", "90s"); nullopt when it is not one.
std::optional<std::string> spelled_out(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> k_words{{
      {"h", "h"},          {"hr", "h"},       {"hrs", "h"},      {"hour", "h"},           {"hours", "h"},
      {"m", "m"},          {"min", "m"},      {"mins", "m"},     {"minute", "m"},         {"minutes", "m"},
      {"s", "s"},          {"sec", "s"},      {"secs", "s"},     {"second", "s"},         {"seconds", "s"},
      {"ms", "ms"},        {"msec", "ms"},    {"msecs", "ms"},   {"millisecond", "ms"},   {"milliseconds", "ms"},
  }};
  std::string out;
  std::size_t pos = 0;
  const auto skip_separators = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    if (text.substr(pos, 4) == "and ") pos += 4;
  };
  skip_separators();
  while (pos < text.size()) {
    const std::size_t digits = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == digits) return std::nullopt;
    out += text.substr(digits, pos - digits);
    while (pos < text.size() && text[pos] == ' ') ++pos;
    std::string word;
    while (pos < text.size() && is_letter(text[pos])) word += static_cast<char>(text[pos++] | 0x20);  // lowercase
    const auto unit = std::find_if(k_words.begin(), k_words.end(), [&](const auto& entry) { return entry.first == word; });
    if (unit == k_words.end()) return std::nullopt;
    out += unit->second;
    skip_separators();
  }
  if (out == text || out.empty()) return std::nullopt;
  // Only a suggestion that reads back (units largest first, each once, not too long) is worth
  // making. Its own rejection suggests nothing: it is already in the accepted spelling.
  if (!parse_duration(out)) return std::nullopt;
  return out;
}

}  // namespace

tl::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
  if (text.empty()) return invalid(text, "empty");
  if (text.front() == '-') return invalid(text, "negative");

  const std::int64_t max_ms = k_max_duration.count();
  std::int64_t total = 0;
  std::size_t pos = 0;
  std::size_t previous_unit = 0;  // index into k_units + 1; 0 before the first unit
  while (pos < text.size()) {
    if (!is_digit(text[pos])) return invalid(text);
    std::int64_t number = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      number = number * 10 + (text[pos] - '0');
      if (number > max_ms) return invalid(text, "too long (the most is " + format_duration(k_max_duration) + ")");
      ++pos;
    }
    // Seconds may carry a fraction down to milliseconds ("1.5s", "0.25"): what format_duration
    // writes for a time under a minute's precision reads back.
    std::int64_t fraction_ms = -1;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const std::size_t first = pos;
      fraction_ms = 0;
      for (std::int64_t place = 100; pos < text.size() && is_digit(text[pos]); ++pos, place /= 10) {
        if (place == 0) return invalid(text, "a fraction of a second goes down to milliseconds");
        fraction_ms += (text[pos] - '0') * place;
      }
      if (pos == first) return invalid(text);
    }
    std::int64_t scale = 1000;  // digits alone are seconds
    if (pos < text.size()) {
      const std::size_t unit = unit_at(text.substr(pos));
      if (unit == k_units.size()) return is_letter(text[pos]) ? invalid(text, "unknown unit") : invalid(text);
      if (unit + 1 <= previous_unit) return invalid(text, "units must go from largest to smallest, each once");
      previous_unit = unit + 1;
      scale = k_units[unit].ms;
      pos += k_units[unit].suffix.size();
    } else if (previous_unit != 0) {
      return invalid(text, "a number without a unit");  // "1m30": seconds or a typo?
    }
    if (fraction_ms >= 0) {
      if (scale != 1000) return invalid(text, "only seconds take a fraction");
      if (number >= (max_ms - total) / scale) {
        return invalid(text, "too long (the most is " + format_duration(k_max_duration) + ")");
      }
      total += number * scale + fraction_ms;
      continue;
    }
    if (number > (max_ms - total) / scale) {
      return invalid(text, "too long (the most is " + format_duration(k_max_duration) + ")");
    }
    total += number * scale;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t count = duration.count();
  if (count == 0) return "0s";
  std::string out = count < 0 ? "-" : "";
  // Unsigned, so that even the most negative count has a magnitude.
  std::uint64_t rest = count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
  // Hours, minutes, then seconds with the milliseconds as a decimal fraction: "1m1.5s" reads
  // better than "1m1s500ms", and parse_duration reads it back. Under a second alone: "500ms".
  for (const Unit& unit : k_units) {
    const auto unit_ms = static_cast<std::uint64_t>(unit.ms);
    if (unit_ms <= 1000 || rest < unit_ms) continue;  // seconds and below: written next
    out += std::to_string(rest / unit_ms) + std::string(unit.suffix);
    rest %= unit_ms;
  }
  if (rest == 0) return out;
  if (out.size() <= 1 && rest < 1000) return out + std::to_string(rest) + "ms";  // as people write it: "500ms"
  out += std::to_string(rest / 1000);
  if (const std::uint64_t ms = rest % 1000; ms != 0) {
    std::string fraction = std::to_string(ms + 1000).substr(1);  // three digits, leading zeros kept
    while (fraction.back() == '0') fraction.pop_back();
    out += "." + fraction;
  }
  return out + "s";
}

}  // namespace jobwait::config
