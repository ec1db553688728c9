// The delay schedule between polls: exponential backoff with full jitter, bounded below by
// `interval` so the service is never asked faster than the user allowed.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace jobwait {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration interval, Duration max_interval, std::uint64_t seed);

  // The delay before the next poll. The n-th call (n = 1, 2, ...) is uniform in
  // [interval, min(max_interval, interval * 2^(n-1))]: the first delay is exactly
  // `interval`, the ceiling doubles, and jitter spreads polls of many waiters.
  Duration next();

  // The ceiling of the n-th delay, for tests and `explain`.
  Duration ceiling(int n) const;

 private:
  Duration m_interval;
  Duration m_max_interval;
  int m_count = 0;
  std::mt19937_64 m_random;
};

}  // namespace jobwait
