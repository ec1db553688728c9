// Time behind an interface, so backoff and deadline tests run on a fake clock and never
// sleep. Deadlines use the monotonic clock; wall time is only for the artifact.
#pragma once

#include <chrono>

namespace jobwait {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  virtual std::chrono::system_clock::time_point wall_now() = 0;
  // Sleeps until `when`, or returns early when a stop signal arrives (see signals.hpp).
  virtual void sleep_until(TimePoint when) = 0;
};

// The real clocks; sleep is interruptible by SIGINT/SIGTERM.
Clock& real_clock();

}  // namespace jobwait
