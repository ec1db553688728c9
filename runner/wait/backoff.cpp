#include "wait/backoff.hpp"

#include <algorithm>
#include <random>

namespace jobwait {

Backoff::Backoff(Duration interval, Duration max_interval, std::uint64_t seed)
    : m_interval(interval), m_max_interval(std::max(interval, max_interval)), m_random(seed) {}

Backoff::Duration Backoff::ceiling(int n) const {
  // Doubling stops at the cap, so the shift never overflows however long the wait.
  Duration ceiling = m_interval;
  for (int i = 1; i < n && ceiling < m_max_interval; ++i) ceiling *= 2;
  return std::min(ceiling, m_max_interval);
}

Backoff::Duration Backoff::next() {
  ++m_count;
  const Duration high = ceiling(m_count);
  std::uniform_int_distribution<Duration::rep> pick(m_interval.count(), high.count());
  return Duration(pick(m_random));
}

}  // namespace jobwait
