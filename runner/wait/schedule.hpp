// The delay between polls of a job's wait, by wait.strategy: adaptive (the default: by the
// estimated end, estimate.hpp), backoff (exponential with full jitter, backoff.hpp, exactly as
// before) or fixed. Only answers that leave the job running reach it; retries after errors
// and Retry-After are the poll loop's, and the loop caps every delay at the deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "model/job_status.hpp"
#include "wait/clock.hpp"

namespace jobwait {

enum class Strategy { adaptive, backoff, fixed };

std::string_view to_string(Strategy strategy);
// "adaptive", "backoff" or "fixed"; nullopt for anything else (the step file's check says so).
std::optional<Strategy> strategy_named(std::string_view name);

class Schedule {
 public:
  using Duration = std::chrono::milliseconds;
  virtual ~Schedule() = default;
  // The delay before the next poll, after an answer read at `now` that did not end the wait:
  // a status, or null for an answer without one (a job the service does not know yet).
  virtual Duration next(const JobStatus* status, Clock::TimePoint now,
                        std::chrono::system_clock::time_point wall_now) = 0;
};

std::unique_ptr<Schedule> make_schedule(Strategy strategy, Schedule::Duration interval,
                                        Schedule::Duration max_interval, std::uint64_t seed);

// Without a signal, adaptive keeps backoff's request count and spends it better: delay n is
// the middle of backoff's range [interval, ceiling(n)] (±10%) until the ceiling reaches the
// cap, then one delay uniform in [interval, max_interval] (a random phase, so many waiters
// spread), then every (interval + max_interval) / 2: even spacing at backoff's mean delay.
// Evenly spaced polls leave a mean of half the spacing after the job ends; backoff's uniform
// delays leave E[D²]/2E[D], a fifth more at the defaults (10.0 s against 8 s).
class EvenBackoff {
 public:
  using Duration = Schedule::Duration;
  EvenBackoff(Duration interval, Duration max_interval, std::uint64_t seed);
  Duration next();
  // Going on after other delays: the next delay is the first of this schedule's at least
  // `delay`, so a signal that disappears late does not start the ramp over at `interval`.
  void resume_from(Duration delay);
  Duration spacing() const;  // the even spacing at the cap

 private:
  Duration m_interval;
  Duration m_max_interval;
  int m_count = 0;
  std::uint64_t m_state;
};

}  // namespace jobwait
