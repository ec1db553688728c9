#include "many/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace jobwait::many {

TokenBucket::TokenBucket(double rate, double burst, Clock::TimePoint now)
    : m_rate(rate), m_burst(std::max(1.0, burst)), m_tokens(m_burst), m_updated(now) {}

double TokenBucket::tokens_at(Clock::TimePoint now) const {
  const double seconds = std::chrono::duration<double>(now - m_updated).count();
  return std::min(m_burst, m_tokens + std::max(0.0, seconds) * m_rate);
}

bool TokenBucket::try_take(Clock::TimePoint now) {
  const double tokens = tokens_at(now);
  if (now > m_updated) m_updated = now;
  m_tokens = tokens;
  if (m_tokens < 1.0) return false;
  m_tokens -= 1.0;
  return true;
}

Clock::TimePoint TokenBucket::next_token_at(Clock::TimePoint now) const {
  const double missing = 1.0 - tokens_at(now);
  if (missing <= 0) return now;
  // Rounded up to the next microsecond: waking a hair early would find no token and spin.
  const auto wait = std::chrono::microseconds(static_cast<long long>(std::ceil(missing / m_rate * 1e6)));
  return now + wait;
}

}  // namespace jobwait::many
