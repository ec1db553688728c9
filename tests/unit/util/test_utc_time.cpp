// runner/util/utc_time.cpp: IAM's expiry times in and out.
#include <catch2/catch.hpp>

#include "util/utc_time.hpp"

using jobwait::format_utc_seconds;
using jobwait::parse_utc;

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

TEST_CASE("utc time: one writer, three forms, fractions truncated", "[utc_time]") {
  using namespace std::chrono;
  const sys_time<milliseconds> at = sys_days{year{2024} / 6 / 6} + 15h + 55min + 31s + 999ms;
  CHECK(jobwait::format_utc(at, jobwait::UtcForm::millis) == "2024-06-06T15:55:31.999Z");
  CHECK(jobwait::format_utc(at, jobwait::UtcForm::seconds) == "2024-06-06T15:55:31Z");
  CHECK(jobwait::format_utc(at, jobwait::UtcForm::compact) == "20240606T155531Z");
  CHECK(jobwait::format_utc(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
  CHECK(format_utc_seconds(sys_days{year{1970} / 1 / 1} - 1s) == "1969-12-31T23:59:59Z");
}
