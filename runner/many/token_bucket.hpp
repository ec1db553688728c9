// The global request-rate limit (wait.max_requests_per_second): tokens refill at a steady rate
// up to a small burst, and each request takes one. Time comes from the caller, so tests run it
// on a fake clock.
#pragma once

#include "wait/clock.hpp"

namespace jobwait::many {

class TokenBucket {
 public:
  // `rate`: tokens per second (> 0). The bucket starts full. `burst` (>= 1) bounds how many
  // requests may go out back to back after a quiet spell: kept small, so that a second never
  // carries much more than `rate` requests however the polls fall due.
  TokenBucket(double rate, double burst, Clock::TimePoint now);

  // Takes a token when one is there.
  bool try_take(Clock::TimePoint now);

  // When the next token will be there: `now` when one already is.
  Clock::TimePoint next_token_at(Clock::TimePoint now) const;

 private:
  double tokens_at(Clock::TimePoint now) const;

  double m_rate;
  double m_burst;
  double m_tokens;
  Clock::TimePoint m_updated;
};

}  // namespace jobwait::many
