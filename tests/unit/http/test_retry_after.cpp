// runner/http/retry_after.cpp: both forms of Retry-After (RFC 9110 §10.2.3) and the three
// HTTP-date forms a recipient must accept.
#include <catch2/catch.hpp>

#include "http/retry_after.hpp"

using jobwait::http::parse_http_date;
using jobwait::http::Response;
using jobwait::http::retry_after;
using ms = std::chrono::milliseconds;
using namespace std::chrono;

namespace {

// 1994-11-06 08:49:37 UTC, the RFC's example instant.
const system_clock::time_point k_rfc_instant = sys_days{year{1994} / November / 6} + hours(8) + minutes(49) + seconds(37);

Response answer(std::vector<jobwait::http::Header> headers) {
  Response response;
  response.status = 429;
  response.headers = std::move(headers);
  return response;
}

}  // namespace

TEST_CASE("retry_after: delay-seconds is a number of seconds", "[retry_after]") {
  const auto now = system_clock::now();
  CHECK(retry_after(answer({{"Retry-After", "120"}}), now) == ms(120000));
  CHECK(retry_after(answer({{"retry-after", " 3 "}}), now) == ms(3000));
  CHECK(retry_after(answer({{"Retry-After", "0"}}), now) == ms(0));
}

TEST_CASE("retry_after: absent or unreadable gives nothing", "[retry_after]") {
  const auto now = system_clock::now();
  CHECK_FALSE(retry_after(answer({}), now).has_value());
  CHECK_FALSE(retry_after(answer({{"Retry-After", ""}}), now).has_value());
  CHECK_FALSE(retry_after(answer({{"Retry-After", "-5"}}), now).has_value());
  CHECK_FALSE(retry_after(answer({{"Retry-After", "1.5"}}), now).has_value());
  CHECK_FALSE(retry_after(answer({{"Retry-After", "soon"}}), now).has_value());
}

TEST_CASE("retry_after: an absurd number of seconds is capped, never overflows", "[retry_after]") {
  const auto delay = retry_after(answer({{"Retry-After", "99999999999999999999999999"}}), system_clock::now());
  REQUIRE(delay.has_value());
  CHECK(*delay > ms(0));
  CHECK(*delay <= duration_cast<ms>(seconds(1'000'000'000)));
}

TEST_CASE("retry_after: an HTTP-date counts from the response's own Date header", "[retry_after]") {
  // The local clock is a day off; the server's two headers still say "in 2 s".
  const auto skewed_now = k_rfc_instant + hours(24);
  const Response response =
      answer({{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Retry-After", "Sun, 06 Nov 1994 08:49:39 GMT"}});
  CHECK(retry_after(response, skewed_now) == ms(2000));
}

TEST_CASE("retry_after: an HTTP-date without a Date header counts from now", "[retry_after]") {
  CHECK(retry_after(answer({{"Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"}}), k_rfc_instant) == ms(10000));
}

TEST_CASE("retry_after: a date in the past means retry now", "[retry_after]") {
  CHECK(retry_after(answer({{"Retry-After", "Sun, 06 Nov 1994 08:49:00 GMT"}}), k_rfc_instant) == ms(0));
}

TEST_CASE("retry_after: the three HTTP-date forms", "[retry_after]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == k_rfc_instant);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == k_rfc_instant);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == k_rfc_instant);
  CHECK(parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT") == sys_days{year{2026} / January / 1});
}

TEST_CASE("retry_after: malformed dates are rejected", "[retry_after]") {
  CHECK_FALSE(parse_http_date("").has_value());
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37").has_value());      // no zone
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET").has_value());  // not GMT
  CHECK_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT").has_value());  // no such day
  CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT").has_value());
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 24:49:37 GMT").has_value());
  CHECK_FALSE(parse_http_date("1994-11-06T08:49:37Z").has_value());
}

TEST_CASE("retry_after: any four-digit year works without overflow", "[retry_after]") {
  // Found by fuzzing: the nanosecond clock cannot hold year 997, seconds can.
  const auto now = system_clock::now();
  CHECK(retry_after(answer({{"Retry-After", "Sun, 06 Nov 0997 08:49:39 GMT"}}), now) == ms(0));
  const auto far = retry_after(answer({{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}}), now);
  REQUIRE(far.has_value());
  CHECK(*far == duration_cast<ms>(seconds(1'000'000'000)));  // capped
  CHECK(parse_http_date("Mon, 01 Jan 0001 00:00:00 GMT").has_value());
}
