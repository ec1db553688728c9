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
};

}  // namespace jobwait::sim
