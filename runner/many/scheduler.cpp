#include "many/scheduler.hpp"

#include <algorithm>

namespace jobwait::many {

namespace {

constexpr std::size_t k_none = static_cast<std::size_t>(-1);

// A tenth of a second's worth: after a quiet spell a few requests may go back to back, never a
// whole second's worth at once.
double burst_for(double rate) { return std::max(1.0, rate / 10.0); }

}  // namespace

Scheduler::Scheduler(const Limits& limits, std::size_t hosts, Clock::TimePoint now)
    : m_limits(limits),
      m_bucket(limits.requests_per_second, burst_for(limits.requests_per_second), now),
      m_hosts(hosts) {}

void Scheduler::schedule(std::size_t job, std::size_t host, Clock::TimePoint due) { m_timers.push({due, job, host}); }

std::size_t Scheduler::next_host() const {
  std::size_t best = k_none;
  for (std::size_t host = 0; host < m_hosts.size(); ++host) {
    const Host& h = m_hosts[host];
    if (h.ready.empty() || h.in_flight >= m_limits.per_host) continue;
    if (best == k_none || h.ready.front().at < m_hosts[best].ready.front().at) best = host;
  }
  return best;
}

std::vector<std::size_t> Scheduler::take_ready(Clock::TimePoint now) {
  while (!m_timers.empty() && m_timers.top().at <= now) {
    const Due due = m_timers.top();
    m_timers.pop();
    m_hosts[due.host].ready.push_back(due);
    ++m_ready_count;
  }
  std::vector<std::size_t> out;
  for (std::size_t host = next_host(); host != k_none; host = next_host()) {
    if (!m_bucket.try_take(now)) break;
    Host& h = m_hosts[host];
    out.push_back(h.ready.front().job);
    h.ready.pop_front();
    --m_ready_count;
    ++h.in_flight;
  }
  return out;
}

void Scheduler::finished(std::size_t host) {
  if (m_hosts[host].in_flight > 0) --m_hosts[host].in_flight;
}

std::optional<Clock::TimePoint> Scheduler::next_wake(Clock::TimePoint now) const {
  std::optional<Clock::TimePoint> wake;
  if (!m_timers.empty()) wake = m_timers.top().at;
  // Something is ready and has a place: only the rate holds it back.
  if (next_host() != k_none) {
    const Clock::TimePoint token = m_bucket.next_token_at(now);
    wake = wake ? std::min(*wake, token) : token;
  }
  return wake;
}

}  // namespace jobwait::many
