// Retry-After (RFC 9110 §10.2.3): how long a throttled or unavailable service wants us to
// wait. job-states.md says the gateway's 429 does not document it, but it must be honoured
// when sent, in either of its two forms.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "http/http_client.hpp"

namespace jobwait::http {

// The delay a response asks for: delay-seconds ("120"), or an HTTP-date measured against
// the response's own Date header (the server's clock, so a skewed local clock cannot turn
// "in 2 s" into an hour) and, when there is none, against `now`. A date already past is a
// zero delay. nullopt when the header is absent or unreadable.
std::optional<std::chrono::milliseconds> retry_after(const Response& response,
                                                     std::chrono::system_clock::time_point now);

// An HTTP-date in any of the three forms a recipient must accept: IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime
// "Sun Nov  6 08:49:37 1994". No locale or TZ dependence; nullopt for anything else.
// Seconds, not the system clock's nanoseconds: those overflow outside 1678-2262, and a header
// may say any four-digit year (found by fuzzing: "Sun, 06 Nov 0997 08:49:39 GMT").
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

}  // namespace jobwait::http
