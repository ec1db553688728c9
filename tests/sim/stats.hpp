// Counters behind GET /__sim/stats, so tests can assert, e.g., that a whole wait used one
// TCP connection. Single-threaded: the server loop and the router share one instance.
#pragma once

#include <cstdint>

namespace jobwait::sim {

struct Stats {
  std::uint64_t connections = 0;  // accepted since start
  std::uint64_t requests = 0;     // every request read, /__sim/stats included
};

}  // namespace jobwait::sim
