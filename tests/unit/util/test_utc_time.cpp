// runner/util/utc_time.cpp: IAM's expiry times in and out.
#include <catch2/catch.hpp>

#include "util/utc_time.hpp"

using jobwait::auth::format_utc_seconds;
using jobwait::auth::parse_utc;

TEST_CASE("utc time: reads IAM's microsecond timestamps and offsets", "[auth]") {
  const auto at = parse_utc("2027-01-15T08:00:00.123456Z");
  REQUIRE(at);
  CHECK(format_utc_seconds(*at) == "2027-01-15T08:00:00Z");
  CHECK(parse_utc("2027-01-15T09:00:00+01:00") == parse_utc("2027-01-15T08:00:00Z"));
  CHECK(*parse_utc("2027-01-15T08:00:00.999Z") - *parse_utc("2027-01-15T08:00:00Z") == std::chrono::milliseconds(999));
}

TEST_CASE("utc time: anything without a zone is no time", "[auth]") {
  CHECK(parse_utc("2027-01-15 08:00:00") == std::nullopt);
  CHECK(parse_utc("tomorrow") == std::nullopt);
  CHECK(parse_utc("") == std::nullopt);
}
