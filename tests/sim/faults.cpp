#include "faults.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "replies.hpp"

namespace jobwait::sim {

namespace {

using namespace std::chrono;

constexpr std::size_t k_huge_body_bytes = 9 * 1024 * 1024;  // jobwait refuses bodies over 8 MiB
constexpr std::size_t k_huge_header_lines = 100;           // ~100 KB; jobwait's cap is 64 KiB

bool applies(const FaultSpec& fault, std::uint64_t request) {
  if (fault.requests.empty()) return true;
  return std::any_of(fault.requests.begin(), fault.requests.end(),
                     [request](const RequestRange& range) { return request >= range.first && request <= range.last; });
}

// IMF-fixdate, the form RFC 9110 wants senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(system_clock::time_point when) {
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto secs = floor<seconds>(when);
  const auto day = floor<days>(secs);
  const year_month_day date{day};
  const hh_mm_ss clock{secs - day};
  const weekday wd{day};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d GMT", k_days[wd.c_encoding()],
                static_cast<unsigned>(date.day()), k_months[static_cast<unsigned>(date.month()) - 1],
                static_cast<int>(date.year()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
  return text;
}

void add_retry_after(const FaultSpec& fault, Reply& reply) {
  if (fault.retry_after_date) {
    // The Date header is the server's "now": a client measures the date against it.
    const auto now = system_clock::now();
    reply.headers.emplace_back("Date", http_date(now));
    reply.headers.emplace_back("Retry-After", http_date(now + *fault.retry_after_date));
  } else if (!fault.retry_after.empty()) {
    reply.headers.emplace_back("Retry-After", fault.retry_after);
  }
}

// A gateway in front of the service answers 502-504 itself, with its own HTML page (the
// shape of tests/fixtures/errors/gateway-502.html); anything else comes from the service.
Reply status_reply(const FaultSpec& fault, const Request& request) {
  const int status = fault.status;
  Reply reply;
  if (status >= 502 && status <= 504) {
    static constexpr const char* k_titles[] = {"502 Bad Gateway", "503 Service Temporarily Unavailable",
                                               "504 Gateway Time-out"};
    const std::string title = k_titles[status - 502];
    reply.status = status;
    reply.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
                 "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    reply.headers.emplace_back("Content-Type", "text/html");
  } else {
    reply = error_reply(status, "SIM.FAULT", "fault injected by jobwait-sim", request);
  }
  add_retry_after(fault, reply);
  return reply;
}

Reply throttle_reply(const FaultSpec& fault, const Request& request) {
  Reply reply = error_reply(429, "APIGW.0308", "The request is throttled", request);
  add_retry_after(fault, reply);
  return reply;
}

Reply echo_reply(const FaultSpec& fault, const Request& request) {
  std::string quoted;
  for (const char* name : {"X-Auth-Token", "Authorization", "Proxy-Authorization"}) {
    if (const auto value = request.header(name); value && !value->empty()) {
      quoted += (quoted.empty() ? "" : ", ") + std::string(name) + ": " + std::string(*value);
    }
  }
  // Words of detail, as a verbose gateway writes, so that the quote starts exactly `at` in.
  std::string message = "Incorrect IAM authentication information: the credentials were refused by policy";
  while (message.size() < fault.at) message += " detail";
  message.resize(fault.at);
  message += quoted;
  return error_reply(401, "APIGW.0301", message, request);
}

}  // namespace

JobFaults::JobFaults(const std::vector<FaultSpec>& faults, std::optional<Moment> appear_after,
                     std::optional<Moment> vanish_after)
    : m_faults(&faults), m_appear_after(appear_after), m_vanish_after(vanish_after) {}

FaultDecision JobFaults::on_request(const Request& request, steady_clock::time_point now, std::uint64_t answered) {
  FaultDecision decision;
  ++m_requests;
  if (!m_first) m_first = now;
  const auto since = now - *m_first;
  if (m_appear_after) {
    if (m_appear_after->requests && m_requests <= *m_appear_after->requests) decision.hidden = true;
    if (m_appear_after->after && since < *m_appear_after->after) decision.hidden = true;
  }
  if (m_vanish_after) {
    if (m_vanish_after->requests && answered >= *m_vanish_after->requests) decision.hidden = true;
    if (m_vanish_after->after && since >= *m_vanish_after->after) decision.hidden = true;
  }
  bool answered_by_fault = false;  // the first fault that changes the answer wins
  for (const FaultSpec& fault : *m_faults) {
    if (!applies(fault, m_requests)) continue;
    switch (fault.kind) {
      case FaultKind::latency:
        decision.delivery.delay += fault.delay;
        continue;
      case FaultKind::drip:
        decision.delivery.drip = fault.delay;
        continue;
      default:
        break;
    }
    if (answered_by_fault) continue;
    answered_by_fault = true;
    switch (fault.kind) {
      case FaultKind::status:
        decision.replace = status_reply(fault, request);
        break;
      case FaultKind::throttle:
        decision.replace = throttle_reply(fault, request);
        break;
      case FaultKind::echo_credentials:
        decision.replace = echo_reply(fault, request);
        break;
      case FaultKind::not_found:
        decision.hidden = true;
        break;
      case FaultKind::invalid_json:
      case FaultKind::truncate:
      case FaultKind::reset:
      case FaultKind::huge_body:
      case FaultKind::huge_headers:
        decision.mangle = &fault;
        break;
      case FaultKind::latency:
      case FaultKind::drip:
        break;
    }
  }
  return decision;
}

void JobFaults::mangle(const FaultSpec& fault, Reply& reply) {
  switch (fault.kind) {
    case FaultKind::truncate:
      reply.body.resize(reply.body.size() / 2);
      break;
    case FaultKind::invalid_json:
      // Almost JSON, as a broken proxy or a debug build might send: single quotes.
      std::replace(reply.body.begin(), reply.body.end(), '"', '\'');
      if (reply.body.find('\'') == std::string::npos) reply.body = "<" + reply.body;
      break;
    case FaultKind::reset:
      reply.delivery.cut_after = reply.body.size() / 2;
      break;
    case FaultKind::huge_body:
      // Still one valid JSON object: only the size is wrong, so only the size can be refused.
      if (reply.body.size() > 1 && reply.body.back() == '}') {
        reply.body.pop_back();
        reply.body += ",\"sim_padding\":\"" + std::string(k_huge_body_bytes, 'x') + "\"}";
      }
      break;
    case FaultKind::huge_headers:
      // Many lines of a legal size: no single line trips a client's per-line limit, the sum does.
      for (std::size_t i = 0; i < k_huge_header_lines; ++i) {
        reply.headers.emplace_back("X-Sim-Padding-" + std::to_string(i), std::string(1000, 'x'));
      }
      break;
    default:
      break;
  }
}

std::optional<RequestRange> parse_request_range(std::string_view text) {
  const auto number = [](std::string_view digits) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || value == 0) {
      return std::nullopt;
    }
    return value;
  };
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    const auto single = number(text);
    if (!single) return std::nullopt;
    return RequestRange{*single, *single};
  }
  const auto first = number(text.substr(0, dash));
  if (!first) return std::nullopt;
  if (dash + 1 == text.size()) return RequestRange{*first, UINT64_MAX};
  const auto last = number(text.substr(dash + 1));
  if (!last || *last < *first) return std::nullopt;
  return RequestRange{*first, *last};
}

}  // namespace jobwait::sim
