// The delay schedule between polls: exponential backoff with full jitter, bounded below by
// `interval` so the service is never asked faster than the user allowed.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace jobwait {

// SplitMix64: eight bytes of state where std::mt19937_64 has 2.5 KB. A wait holds three
// schedules, and one process may wait on ten thousand jobs; jitter needs no more than this.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t m_state;
};

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
  SplitMix64 m_random;
};

}  // namespace jobwait
