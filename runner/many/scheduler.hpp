// Which waiting job sends its next request, and when: the one due first, as long as the global
// rate (a TokenBucket) and the cap on requests in flight at one host allow. Bookkeeping only,
// on the caller's clock; the event loop (wait_many.cpp) sends, the JobWaits decide when a poll
// is due.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <vector>

#include "many/token_bucket.hpp"
#include "wait/clock.hpp"

namespace jobwait::many {

struct Limits {
  double requests_per_second = 20;
  int per_host = 6;  // requests in flight at one host
};

class Scheduler {
 public:
  // `hosts`: how many distinct hosts the jobs talk to, numbered 0 .. hosts-1.
  Scheduler(const Limits& limits, std::size_t hosts, Clock::TimePoint now);

  // `job` (on `host`) wants its next request to go out at `due`.
  void schedule(std::size_t job, std::size_t host, Clock::TimePoint due);

  // The jobs whose requests may go out now, earliest due first; each holds a place at its host
  // until finished(). The rest wait for a token or a free place.
  std::vector<std::size_t> take_ready(Clock::TimePoint now);

  // A request to `host` came back: its place is free.
  void finished(std::size_t host);

  // When take_ready() could next give something without a request finishing first; nullopt
  // when nothing is scheduled or everything waits for a place at its host.
  std::optional<Clock::TimePoint> next_wake(Clock::TimePoint now) const;

  int in_flight(std::size_t host) const { return m_hosts[host].in_flight; }
  // Scheduled and not yet handed out.
  std::size_t waiting() const { return m_timers.size() + m_ready_count; }

 private:
  struct Due {
    Clock::TimePoint at;
    std::size_t job;
    std::size_t host;
    bool operator>(const Due& other) const { return at > other.at || (at == other.at && job > other.job); }
  };
  struct Host {
    std::deque<Due> ready;  // due, in order of their due times
    int in_flight = 0;
  };

  // The host whose oldest ready job is due first among those with a free place; npos if none.
  std::size_t next_host() const;

  Limits m_limits;
  TokenBucket m_bucket;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> m_timers;
  std::vector<Host> m_hosts;
  std::size_t m_ready_count = 0;
};

}  // namespace jobwait::many
