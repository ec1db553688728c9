// A clock for tests: time moves only when the code under test sleeps (or a test advances it).
#pragma once

#include <vector>

#include "wait/clock.hpp"

namespace jobwait::testing {

class FakeClock final : public Clock {
 public:
  TimePoint now() override { return m_now; }
  std::chrono::system_clock::time_point wall_now() override {
    return std::chrono::system_clock::time_point(std::chrono::hours(24 * 365 * 56)) +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(m_now - TimePoint());
  }
  void sleep_until(TimePoint when) override {
    if (when > m_now) {
      sleeps.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(when - m_now));
      m_now = when;
    }
  }
  void advance(std::chrono::milliseconds by) { m_now += by; }

  std::vector<std::chrono::milliseconds> sleeps;

 private:
  TimePoint m_now{};
};

}  // namespace jobwait::testing
