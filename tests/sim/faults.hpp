// Fault injection: what a scenario says should go wrong for one job, request by request.
// The router asks a JobFaults what to do with each request for its job; the answer either
// replaces the service's reply (a 503, a 429, a 404, a body that is not JSON) or changes how
// the reply travels (late, dripped, cut off by a reset), which the server loop carries out
// with timers (Reply::delivery). The scenario syntax is in scenario.hpp's header comment.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "message.hpp"

namespace jobwait::sim {

enum class FaultKind {
  status,        // answer with `status` (a 5xx burst): the gateway's or service's error body
  throttle,      // 429 APIGW.0308, with or without Retry-After
  not_found,     // the service's own 404 for this request
  invalid_json,  // 200 whose body is not JSON
  truncate,      // 200 whose JSON body is cut in half (Content-Length agrees: HTTP is fine)
  reset,         // headers and half the body, then a TCP reset
  latency,       // the real answer, `delay` late
  drip,          // the real answer, its body one byte per `delay`
  huge_body,     // 200 whose JSON body is 9 MiB (padding after the job): past jobwait's 8 MiB cap
  huge_headers,  // the real answer with ~100 KB of extra headers: past jobwait's 64 KiB cap
  // 401 APIGW.0301 whose error_msg quotes the credentials the request carried (X-Auth-Token,
  // Authorization, Proxy-Authorization), starting `at` characters in, as a gateway or a debug
  // build that echoes what it refused does: what jobwait prints must never show them.
  echo_credentials,
};

// 1-based numbers of the requests for one job, every request counted (faulted ones too).
struct RequestRange {
  std::uint64_t first = 1;
  std::uint64_t last = UINT64_MAX;
};

struct FaultSpec {
  FaultKind kind = FaultKind::status;
  std::vector<RequestRange> requests;  // empty: every request
  int status = 503;                    // kind status
  std::string retry_after;             // Retry-After sent verbatim (status, throttle); empty: none
  // throttle/status: send Retry-After as an HTTP-date this far ahead, with a Date header.
  std::optional<std::chrono::milliseconds> retry_after_date;
  std::chrono::milliseconds delay{0};  // latency: before the answer; drip: between bytes
  std::size_t at = 280;                // echo_credentials: where in error_msg the credentials start
};

// When a job appears or vanishes: after a number of requests, or a time after its first request.
struct Moment {
  std::optional<std::uint64_t> requests;
  std::optional<std::chrono::milliseconds> after;
};

// What to do with one request.
struct FaultDecision {
  bool hidden = false;           // the service does not know the job now: answer its 404
  std::optional<Reply> replace;  // answer this instead of the job
  // Mangle the rendered job (truncate, invalid_json, reset) and/or delay it.
  const FaultSpec* mangle = nullptr;
  Delivery delivery;
};

// One job's faults and the request count they key on.
class JobFaults {
 public:
  JobFaults(const std::vector<FaultSpec>& faults, std::optional<Moment> appear_after,
            std::optional<Moment> vanish_after);

  // Counts one request for the job. `answered` is how many polls the job has answered so far.
  FaultDecision on_request(const Request& request, std::chrono::steady_clock::time_point now,
                           std::uint64_t answered);

  // Applies a decision's mangling to the job's rendered 200 reply.
  static void mangle(const FaultSpec& fault, Reply& reply);

  std::uint64_t requests() const { return m_requests; }

 private:
  const std::vector<FaultSpec>* m_faults;
  std::optional<Moment> m_appear_after;
  std::optional<Moment> m_vanish_after;
  std::uint64_t m_requests = 0;
  std::optional<std::chrono::steady_clock::time_point> m_first;
};

// Reads "2", "2-5", "3-" into a range; nullopt for anything else (0 included).
std::optional<RequestRange> parse_request_range(std::string_view text);

}  // namespace jobwait::sim
