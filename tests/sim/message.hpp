// Plain request and reply types between the server loop and the router, so that only
// server.cpp sees Beast and everything else (routing, auth, services) stays cheap to compile.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobwait::sim {

struct Request {
  std::string method;
  std::string target;  // as received: path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string request_id;  // set by the router; echoed in X-Request-Id and error bodies

  // First header with this name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

// How the server loop sends a reply, for fault injection (faults.hpp): by default at once
// and whole. The loop does this with timers and raw writes; it never sleeps.
struct Delivery {
  std::chrono::milliseconds delay{0};    // nothing is written before this
  std::chrono::milliseconds drip{0};     // after the headers, the body goes one byte per drip
  std::optional<std::size_t> cut_after;  // body bytes written before a TCP reset cuts the reply
};

struct Reply {
  int status = 200;
  std::string body;  // JSON text
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the ones every reply has
  std::string job_id;  // the job served, for the request log; empty otherwise
  bool api = true;     // false for the sim's own /__sim/ endpoints, which stats do not count
  Delivery delivery;
};

struct Target {
  std::vector<std::string> segments;  // the path split at '/', percent-decoded
  std::map<std::string, std::string> query;  // first value of each parameter, decoded
};

// Splits "/a/b?x=1" into segments {"a", "b"} and query {x: "1"}. A trailing or doubled
// slash gives an empty segment, which no route accepts.
Target parse_target(std::string_view target);

}  // namespace jobwait::sim
