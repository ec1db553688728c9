#include "wait/schedule.hpp"

#include <algorithm>
#include <random>

#include "wait/backoff.hpp"
#include "wait/estimate.hpp"

namespace jobwait {

namespace {

using std::chrono::milliseconds;

// Ahead of the estimated end, aim this share of the time left before it (and at least
// `interval` before): estimates firm up as the end nears, so the polls close in on it (60 s
// left: a poll 15 s before, then 4 s before, then on it) without a poll every interval.
constexpr double k_margin = 0.25;
// Within the window where the end may fall, polls are this many to the window's width: the
// requests saved while the end was far are spent where it is likely.
constexpr int k_window_polls = 16;
// Past the window, the delay grows by this share of the time overdue: an estimate a little
// early costs a few short polls; one far off (stuck at 99%) returns to max_interval.
constexpr double k_overdue = 0.5;

// A uniform draw in [low, high] from SplitMix64 state.
milliseconds uniform(std::uint64_t& state, milliseconds low, milliseconds high) {
  SplitMix64 random(state);
  state = random();
  std::uniform_int_distribution<milliseconds::rep> pick(low.count(), std::max(low, high).count());
  return milliseconds(pick(random));
}

milliseconds scaled(milliseconds delay, double factor) {
  return milliseconds(static_cast<milliseconds::rep>(static_cast<double>(delay.count()) * factor));
}

class BackoffSchedule final : public Schedule {
 public:
  BackoffSchedule(Duration interval, Duration max_interval, std::uint64_t seed)
      : m_backoff(interval, max_interval, seed) {}
  Duration next(const JobStatus*, Clock::TimePoint, std::chrono::system_clock::time_point) override {
    return m_backoff.next();
  }

 private:
  Backoff m_backoff;
};

class FixedSchedule final : public Schedule {
 public:
  FixedSchedule(Duration interval, std::uint64_t seed) : m_interval(interval), m_state(seed) {}
  Duration next(const JobStatus*, Clock::TimePoint, std::chrono::system_clock::time_point) override {
    return uniform(m_state, scaled(m_interval, 0.9), scaled(m_interval, 1.1));
  }

 private:
  Duration m_interval;
  std::uint64_t m_state;
};

class AdaptiveSchedule final : public Schedule {
 public:
  AdaptiveSchedule(Duration interval, Duration max_interval, std::uint64_t seed)
      : m_interval(interval),
        m_max_interval(std::max(interval, max_interval)),
        m_state(seed ^ 0x5bd1e995ULL),
        m_no_signal(interval, max_interval, seed) {}

  Duration next(const JobStatus* status, Clock::TimePoint now, std::chrono::system_clock::time_point wall_now) override {
    if (status != nullptr) m_estimator.observe(*status, now, wall_now);
    const std::optional<EndEstimator::Window> end = status != nullptr ? m_estimator.window() : std::nullopt;
    if (!end) {
      if (m_had_estimate) m_no_signal.resume_from(m_last);
      m_had_estimate = false;
      return m_last = m_no_signal.next();
    }
    m_had_estimate = true;
    return m_last = toward(*end, now);
  }

 private:
  Duration toward(const EndEstimator::Window& end, Clock::TimePoint now) {
    const auto until = [&](Clock::TimePoint at) { return std::chrono::duration_cast<milliseconds>(at - now); };
    Duration wanted;
    if (now < end.earliest) {
      const Duration gap = until(end.earliest);
      wanted = gap - std::max(m_interval, scaled(gap, k_margin));
    } else if (now <= end.latest) {
      wanted = std::chrono::duration_cast<milliseconds>(end.latest - end.earliest) / k_window_polls;
    } else {
      wanted = m_interval + scaled(-until(end.latest), k_overdue);
    }
    if (wanted >= m_max_interval) {
      // Far from the end: the polls of many such jobs spread over the last tenth of the cap.
      return uniform(m_state, scaled(m_max_interval, 0.9), m_max_interval);
    }
    return std::max(wanted, m_interval);
  }

  Duration m_interval;
  Duration m_max_interval;
  std::uint64_t m_state;
  EndEstimator m_estimator;
  EvenBackoff m_no_signal;
  Duration m_last{0};
  bool m_had_estimate = false;
};

}  // namespace

std::string_view to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::adaptive:
      return "adaptive";
    case Strategy::backoff:
      return "backoff";
    case Strategy::fixed:
      return "fixed";
  }
  return "adaptive";
}

std::optional<Strategy> strategy_named(std::string_view name) {
  for (Strategy strategy : {Strategy::adaptive, Strategy::backoff, Strategy::fixed}) {
    if (to_string(strategy) == name) return strategy;
  }
  return std::nullopt;
}

std::unique_ptr<Schedule> make_schedule(Strategy strategy, Schedule::Duration interval,
                                        Schedule::Duration max_interval, std::uint64_t seed) {
  switch (strategy) {
    case Strategy::backoff:
      return std::make_unique<BackoffSchedule>(interval, max_interval, seed);
    case Strategy::fixed:
      return std::make_unique<FixedSchedule>(interval, seed);
    case Strategy::adaptive:
      break;
  }
  return std::make_unique<AdaptiveSchedule>(interval, max_interval, seed);
}

EvenBackoff::EvenBackoff(Duration interval, Duration max_interval, std::uint64_t seed)
    : m_interval(interval), m_max_interval(std::max(interval, max_interval)), m_state(seed) {}

EvenBackoff::Duration EvenBackoff::spacing() const { return (m_interval + m_max_interval) / 2; }

EvenBackoff::Duration EvenBackoff::next() {
  ++m_count;
  const Duration ceiling = Backoff(m_interval, m_max_interval, 0).ceiling(m_count);
  if (ceiling == m_interval && ceiling < m_max_interval) return m_interval;  // as backoff's first
  if (ceiling < m_max_interval) {
    const Duration middle = (m_interval + ceiling) / 2;
    return std::max(m_interval, uniform(m_state, scaled(middle, 0.9), scaled(middle, 1.1)));
  }
  if (ceiling > Backoff(m_interval, m_max_interval, 0).ceiling(m_count - 1) || m_count == 1) {
    return uniform(m_state, m_interval, m_max_interval);  // the one random phase
  }
  return spacing();
}

void EvenBackoff::resume_from(Duration delay) {
  const Backoff ceilings(m_interval, m_max_interval, 0);
  m_count = 0;
  while (ceilings.ceiling(m_count + 1) < m_max_interval && (m_interval + ceilings.ceiling(m_count + 1)) / 2 < delay) {
    ++m_count;
  }
}

}  // namespace jobwait
