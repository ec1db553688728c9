#include "duration.hpp"

#include <array>
#include <cstdint>

namespace jobwait::sim {

namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t milliseconds;
};

// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 4> k_units{{{"h", 3'600'000}, {"ms", 1}, {"m", 60'000}, {"s", 1'000}}};

// Rank by size so "1m30s" is accepted and "30s1m" or "1s1s" are not.
constexpr int rank(std::int64_t unit_ms) {
  switch (unit_ms) {
    case 3'600'000: return 4;
    case 60'000: return 3;
    case 1'000: return 2;
    default: return 1;
  }
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::int64_t total = 0;
  int last_rank = 5;
  std::size_t pos = 0;
  if (text.empty()) return std::nullopt;
  while (pos < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_begin = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      number = number * 10 + (text[pos] - '0');
      if (number > 1'000'000'000) return std::nullopt;
      ++pos;
    }
    if (pos == digits_begin) return std::nullopt;
    const std::string_view rest = text.substr(pos);
    const Unit* found = nullptr;
    for (const Unit& unit : k_units) {
      if (rest.starts_with(unit.suffix)) {
        found = &unit;
        break;
      }
    }
    if (found == nullptr || rank(found->milliseconds) >= last_rank) return std::nullopt;
    last_rank = rank(found->milliseconds);
    total += number * found->milliseconds;
    pos += found->suffix.size();
  }
  if (total <= 0) return std::nullopt;
  return std::chrono::milliseconds{total};
}

}  // namespace jobwait::sim
