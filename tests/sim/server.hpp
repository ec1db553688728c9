// The server loop: HTTP/1.1 on 127.0.0.1, one thread, asynchronous I/O, keep-alive. It knows
// nothing of jobs; each request read goes to the handler and its reply is written back.
// The only Beast/Asio translation unit: it is slow to compile.
//
// Fault injection (latency, resets, slow drip, truncated bodies) belongs between the handler's
// reply and the write, as directives the session carries out asynchronously.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "message.hpp"
#include "stats.hpp"

namespace jobwait::sim {

struct ServerOptions {
  std::uint16_t port = 0;  // 0: the OS picks
  bool verbose = false;    // one line per request on stderr
};

using Handler = std::function<Reply(Request)>;

// Listens on 127.0.0.1 only, calls on_listening with the bound port, then serves until SIGINT
// or SIGTERM. The error is a one-line reason (e.g. the port is taken).
tl::expected<void, std::string> serve(const ServerOptions& options, Stats& stats,
                                      const Handler& handler,
                                      const std::function<void(std::uint16_t)>& on_listening);

}  // namespace jobwait::sim
