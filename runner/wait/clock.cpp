#include "wait/clock.hpp"

#include "wait/signals.hpp"

namespace jobwait {

namespace {

class RealClock final : public Clock {
 public:
  TimePoint now() override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() override {
    return std::chrono::system_clock::now();
  }
  void sleep_until(TimePoint when) override {
    const std::chrono::nanoseconds left = when - now();
    if (left.count() > 0) wait_for_stop(left);
  }
};

}  // namespace

Clock& real_clock() {
  static RealClock clock;
  return clock;
}

}  // namespace jobwait
