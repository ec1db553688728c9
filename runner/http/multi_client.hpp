// Many requests at once on one thread: the seam in front of libcurl's multi interface, used by
// the multi-job wait (many/wait_many.hpp). Connections are kept per host in one cache and
// reused by whichever request goes there next; HTTP/2 servers get one multiplexed connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <tl/expected.hpp>

#include "http/http_client.hpp"

namespace jobwait::http {

using Answer = tl::expected<Response, TransportError>;

// One request that came back: the caller's tag, the answer, and how many TCP connections it
// had to open (0 on a reused connection).
struct Finished {
  std::size_t tag = 0;
  Answer answer;
  long connections_opened = 0;
};

class MultiClient {
 public:
  virtual ~MultiClient() = default;
  // Starts sending `request` (credentials already applied); it comes back from wait() with `tag`.
  virtual void start(const Request& request, std::size_t tag) = 0;
  // Moves every transfer along, waiting at most `timeout` for one to end or for a stop signal
  // (signals.hpp's self-pipe wakes it). Returns the requests that ended.
  virtual std::vector<Finished> wait(std::chrono::milliseconds timeout) = 0;
  virtual std::size_t in_flight() const = 0;
};

struct MultiOptions {
  ClientOptions tls;
  long max_host_connections = 6;  // per host, as the scheduler's per-host cap
  long max_connections = 64;      // the connection cache: every host's connections, kept alive
};

std::unique_ptr<MultiClient> make_curl_multi_client(const MultiOptions& options);

}  // namespace jobwait::http
