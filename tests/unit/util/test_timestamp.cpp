// runner/util/timestamp.cpp: every format the five APIs send, normalized to RFC 3339 UTC with
// exactly three fraction digits (truncated), the raw text always kept.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "util/timestamp.hpp"

using jobwait::normalize_timestamp;

namespace {

std::string utc_of(std::string_view text) {
  return normalize_timestamp(text).utc.value_or("<none>");
}

}  // namespace

TEST_CASE("timestamp: ServiceStage RFC 3339 with 2 or 3 fraction digits, or none", "[timestamp]") {
  CHECK(utc_of("2024-06-06T15:55:31.115Z") == "2024-06-06T15:55:31.115Z");
  CHECK(utc_of("2024-06-06T15:55:31.36Z") == "2024-06-06T15:55:31.360Z");
  CHECK(utc_of("2024-06-06T15:55:31.3Z") == "2024-06-06T15:55:31.300Z");
  CHECK(utc_of("2024-06-06T15:55:31Z") == "2024-06-06T15:55:31.000Z");
  CHECK(utc_of("2024-06-06t15:55:31z") == "2024-06-06T15:55:31.000Z");
  CHECK(normalize_timestamp("2024-06-06T15:55:31.36Z").raw == "2024-06-06T15:55:31.36Z");
}

TEST_CASE("timestamp: CCE Go time.Time.String() with nanoseconds and a zone abbreviation", "[timestamp]") {
  const auto stamp = normalize_timestamp("2018-08-02 08:12:40.672772389 +0000 UTC");
  CHECK(stamp.raw == "2018-08-02 08:12:40.672772389 +0000 UTC");
  CHECK(stamp.utc == "2018-08-02T08:12:40.672Z");
  // Offsets other than +0000; the abbreviation is ignored (CST is ambiguous), the offset rules.
  CHECK(utc_of("2018-08-02 16:12:40.672772389 +0800 CST") == "2018-08-02T08:12:40.672Z");
  CHECK(utc_of("2018-08-01 22:21:50.4 -1000 HST") == "2018-08-02T08:21:50.400Z");
  CHECK(utc_of("2018-08-02 08:12:40 +0530 +0530") == "2018-08-02T02:42:40.000Z");
  // time.Now().String() adds the monotonic clock reading.
  CHECK(utc_of("2018-08-02 08:12:40.672772389 +0000 UTC m=+0.000057142") ==
        "2018-08-02T08:12:40.672Z");
  CHECK(utc_of("2018-08-02 08:12:40.5 +0000 m=+12.5") == "2018-08-02T08:12:40.500Z");
}

TEST_CASE("timestamp: CAE microseconds are truncated to milliseconds, never rounded", "[timestamp]") {
  CHECK(utc_of("2023-02-16T11:24:07.950175Z") == "2023-02-16T11:24:07.950Z");
  // Rounding would carry into the next year; truncation keeps the instant before it.
  CHECK(utc_of("2023-12-31T23:59:59.9999999Z") == "2023-12-31T23:59:59.999Z");
}

TEST_CASE("timestamp: IEF epoch seconds and CFW epoch milliseconds, told apart by magnitude", "[timestamp]") {
  const auto seconds = normalize_timestamp(std::int64_t{1667218308});
  CHECK(seconds.raw == "1667218308");
  CHECK(seconds.utc == "2022-10-31T12:11:48.000Z");
  const auto millis = normalize_timestamp(std::int64_t{1641370501000});
  CHECK(millis.raw == "1641370501000");
  CHECK(millis.utc == "2022-01-05T08:15:01.000Z");
  // The boundary: 99'999'999'999 is seconds (year 5138), 100'000'000'000 milliseconds (1973).
  CHECK(normalize_timestamp(std::int64_t{99'999'999'999}).utc == "5138-11-16T09:46:39.000Z");
  CHECK(normalize_timestamp(std::int64_t{100'000'000'000}).utc == "1973-03-03T09:46:40.000Z");
}

TEST_CASE("timestamp: an epoch sent as a string of digits is read like the number", "[timestamp]") {
  const auto stamp = normalize_timestamp("1641370501000");
  CHECK(stamp.raw == "1641370501000");
  CHECK(stamp.utc == "2022-01-05T08:15:01.000Z");
  CHECK(utc_of("1667218308") == "2022-10-31T12:11:48.000Z");
}

TEST_CASE("timestamp: a JSON number with a fraction keeps its digits in raw", "[timestamp]") {
  const auto seconds = normalize_timestamp(1667218308.25);
  CHECK(seconds.raw == "1667218308.25");
  CHECK(seconds.utc == "2022-10-31T12:11:48.250Z");
  const auto millis = normalize_timestamp(1641370501000.0);
  CHECK(millis.raw == "1641370501000");
  CHECK(millis.utc == "2022-01-05T08:15:01.000Z");
}

TEST_CASE("timestamp: zero and negative epochs mean not set", "[timestamp]") {
  CHECK_FALSE(normalize_timestamp(std::int64_t{0}).utc);
  CHECK_FALSE(normalize_timestamp(std::int64_t{-5}).utc);
  CHECK(normalize_timestamp(std::int64_t{-5}).raw == "-5");
  CHECK_FALSE(normalize_timestamp(0.0).utc);
  CHECK_FALSE(normalize_timestamp("0").utc);
}

TEST_CASE("timestamp: CFW strings with Z, +0800 and +08:00 offsets", "[timestamp]") {
  CHECK(utc_of("2022-01-05T08:15:01Z") == "2022-01-05T08:15:01.000Z");
  CHECK(utc_of("2022-01-05T16:15:01+0800") == "2022-01-05T08:15:01.000Z");
  CHECK(utc_of("2022-01-05T16:15:01+08:00") == "2022-01-05T08:15:01.000Z");
  CHECK(utc_of("2022-01-05T03:15:01-05:00") == "2022-01-05T08:15:01.000Z");
  CHECK(utc_of("2022-01-05T16:15:01+08") == "2022-01-05T08:15:01.000Z");
}

TEST_CASE("timestamp: an offset can move the date across a day, month and year", "[timestamp]") {
  CHECK(utc_of("2024-01-01T05:30:00+0800") == "2023-12-31T21:30:00.000Z");
  CHECK(utc_of("2024-02-28T23:30:00-0100") == "2024-02-29T00:30:00.000Z");  // leap year
  CHECK(utc_of("2023-02-28T23:30:00-0100") == "2023-03-01T00:30:00.000Z");
}

TEST_CASE("timestamp: surrounding whitespace is ignored but kept in raw", "[timestamp]") {
  const auto stamp = normalize_timestamp(" 2024-06-06T15:55:31Z\n");
  CHECK(stamp.raw == " 2024-06-06T15:55:31Z\n");
  CHECK(stamp.utc == "2024-06-06T15:55:31.000Z");
}

TEST_CASE("timestamp: garbage keeps raw and gives no utc", "[timestamp]") {
  for (const char* text : {"", "   ", "yesterday", "2024-06-06", "2024-06-06T15:55:31",
                           "2024-06-06 15:55:31.36",       // no zone: the instant is unknown
                           "2024-13-06T15:55:31Z",         // month 13
                           "2023-02-29T00:00:00Z",         // not a leap year
                           "2024-06-06T24:00:00Z", "2024-06-06T15:60:00Z",
                           "2024-06-06T15:55:31.Z",        // a dot without digits
                           "2024-06-06T15:55:31Zjunk", "2024-06-06T15:55:31+2500",
                           "2024-06-06T15:55:31+08:7", "24-06-06T15:55:31Z", "-1667218308",
                           "99999999999999999999999", "2024-06-06T15:55:31.36Z trailing",
                           "2024-06-06T15:55:31Z UTC",  // words only follow a numeric offset
                           "2018-08-02 08:12:40 +0000 UTC extra"}) {
    INFO("text: '" << text << "'");
    const auto stamp = normalize_timestamp(text);
    CHECK(stamp.raw == text);
    CHECK_FALSE(stamp.utc.has_value());
  }
}

TEST_CASE("timestamp: instants past year 9999 give no utc", "[timestamp]") {
  CHECK_FALSE(normalize_timestamp(std::int64_t{253'402'300'800'000}).utc);
  CHECK(normalize_timestamp(std::int64_t{253'402'300'799'999}).utc == "9999-12-31T23:59:59.999Z");
  CHECK_FALSE(normalize_timestamp("9999-12-31T23:00:00-0100").utc);
}

TEST_CASE("timestamp: a leap second carries into the next minute", "[timestamp]") {
  CHECK(utc_of("2016-12-31T23:59:60Z") == "2017-01-01T00:00:00.000Z");
}
