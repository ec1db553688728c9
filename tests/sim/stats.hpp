// Counters behind GET /__sim/stats, so tests can assert, e.g., that a whole wait used one TCP
// connection or that nothing reached the API at all. The sim's own /__sim/ requests are not
// counted, so reading the stats does not change them. Single-threaded: the server loop and the
// router share one instance.
#pragma once

#include <cstdint>

namespace jobwait::sim {

struct Stats {
  std::uint64_t connections = 0;  // connections that carried at least one API request
  std::uint64_t requests = 0;     // API requests: everything but /__sim/
  // Of those connections, how many are open now and the most that ever were at once: a client
  // keeping to a per-host cap never shows more.
  std::uint64_t open_connections = 0;
  std::uint64_t peak_open_connections = 0;
  // The most API requests received within any one second (a sliding window): a client keeping
  // to a rate limit shows it here.
  std::uint64_t peak_requests_per_second = 0;
};

}  // namespace jobwait::sim
