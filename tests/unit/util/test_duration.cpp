#include <catch2/catch.hpp>

#include "util/duration.hpp"

using namespace std::chrono_literals;
using jobwait::config::format_duration;
using jobwait::config::parse_duration;

namespace {

std::chrono::milliseconds parsed(std::string_view text) {
  auto result = parse_duration(text);
  INFO(text);
  REQUIRE(result);
  return *result;
}

std::string rejection(std::string_view text) {
  auto result = parse_duration(text);
  INFO(text);
  REQUIRE_FALSE(result);
  return result.error();
}

}  // namespace

TEST_CASE("duration: reads each unit", "[config]") {
  CHECK(parsed("500ms") == 500ms);
  CHECK(parsed("2s") == 2s);
  CHECK(parsed("5m") == 5min);
  CHECK(parsed("1h") == 1h);
}

TEST_CASE("duration: units combine from largest to smallest", "[config]") {
  CHECK(parsed("1m30s") == 90s);
  CHECK(parsed("1h2m3s500ms") == 1h + 2min + 3s + 500ms);
  CHECK(parsed("2h30m") == 150min);
  CHECK(parsed("1s1ms") == 1001ms);
}

TEST_CASE("duration: seconds take a fraction down to milliseconds, as format_duration writes them", "[config]") {
  CHECK(parsed("1.5s") == 1500ms);
  CHECK(parsed("0.25s") == 250ms);
  CHECK(parsed("1m1.001s") == 61001ms);
  CHECK(parsed("2.5") == 2500ms);
  CHECK_THAT(rejection("1.5m"), Catch::Contains("only seconds take a fraction"));
  CHECK_THAT(rejection("1.2345s"), Catch::Contains("down to milliseconds"));
  CHECK_THAT(rejection("1.s"), Catch::Contains("invalid duration"));
}

TEST_CASE("duration: digits alone are whole seconds", "[config]") {
  CHECK(parsed("90") == 90s);
  CHECK(parsed("0") == 0s);
}

TEST_CASE("duration: zero parses, whether it makes sense is the caller's call", "[config]") {
  CHECK(parsed("0s") == 0ms);
  CHECK(parsed("0ms") == 0ms);
}

TEST_CASE("duration: every rejection quotes the text and shows the accepted forms", "[config]") {
  const std::string message = rejection("5 minutes");
  // Issue 13, item 7: what was meant, rather than every accepted form.
  CHECK(message == "invalid duration \"5 minutes\": did you mean \"5m\"? (use 500ms, 2s, 5m, 1h, 1m30s or whole seconds)");
}

TEST_CASE("duration: rejects empty, negative, unknown units and garbage", "[config]") {
  CHECK(rejection("") == "invalid duration \"\": empty (use 500ms, 2s, 5m, 1h, 1m30s or whole seconds)");
  CHECK_THAT(rejection("-5s"), Catch::Contains("negative"));
  CHECK_THAT(rejection("5d"), Catch::Contains("unknown unit"));
  CHECK_THAT(rejection("5S"), Catch::Contains("unknown unit"));
  CHECK_THAT(rejection("5min"), Catch::Contains("invalid duration \"5min\""));
  for (std::string_view garbage : {"s", "m5", "1.5m", " 5s", "5s ", "+5s", "5 s", "abc", "5ms5"}) {
    CHECK_THAT(rejection(garbage), Catch::Contains("(use 500ms, 2s, 5m, 1h, 1m30s or whole seconds)"));
  }
}

TEST_CASE("duration: units out of order or repeated are rejected", "[config]") {
  CHECK_THAT(rejection("30s1m"), Catch::Contains("largest to smallest"));
  CHECK_THAT(rejection("1m1m"), Catch::Contains("largest to smallest"));
}

TEST_CASE("duration: a number after a unit needs a unit of its own", "[config]") {
  CHECK_THAT(rejection("1m30"), Catch::Contains("without a unit"));
}

TEST_CASE("duration: overflow is rejected, however many digits", "[config]") {
  CHECK(parsed("100000h") == jobwait::config::k_max_duration);
  CHECK_THAT(rejection("100001h"), Catch::Contains("too long"));
  CHECK(parsed("99999h3600s") == jobwait::config::k_max_duration);
  CHECK_THAT(rejection("99999h3600s1ms"), Catch::Contains("too long"));
  CHECK_THAT(rejection("99999999999999999999999999s"), Catch::Contains("too long"));
  CHECK_THAT(rejection("9223372036854775807ms"), Catch::Contains("too long"));
}

TEST_CASE("duration: formats in the shortest canonical form", "[config]") {
  CHECK(format_duration(0ms) == "0s");
  CHECK(format_duration(500ms) == "500ms");
  CHECK(format_duration(1500ms) == "1.5s");
  CHECK(format_duration(1001ms) == "1.001s");
  CHECK(format_duration(250ms) == "250ms");
  CHECK(format_duration(-250ms) == "-250ms");
  CHECK(format_duration(1min + 500ms) == "1m0.5s");
  CHECK(format_duration(90s) == "1m30s");
  CHECK(format_duration(30min) == "30m");
  CHECK(format_duration(1h + 2min + 3s + 500ms) == "1h2m3.5s");
  CHECK(format_duration(1h + 1s) == "1h1s");
  CHECK(format_duration(48h) == "48h");
  CHECK(format_duration(-90s) == "-1m30s");
}

TEST_CASE("duration: what format writes, parse reads back", "[config]") {
  for (auto value : {1ms, 999ms, 1000ms, 61001ms, 3600000ms, 3723500ms, 86400000ms}) {
    CHECK(parsed(format_duration(value)) == value);
  }
}

TEST_CASE("duration: a duration in words or capitals suggests the form it means", "[config]") {
  CHECK_THAT(rejection("30 minutes"), Catch::Contains("did you mean \"30m\"?"));
  CHECK_THAT(rejection("1 hour 30 mins"), Catch::Contains("did you mean \"1h30m\"?"));
  CHECK_THAT(rejection("90 Seconds"), Catch::Contains("did you mean \"90s\"?"));
  CHECK_THAT(rejection("5S"), Catch::Contains("unknown unit; did you mean \"5s\"?"));
  CHECK_THAT(rejection("2 hours and 5 minutes"), Catch::Contains("did you mean \"2h5m\"?"));
  // No suggestion that would not read back, nor for what is not a duration.
  CHECK_THAT(rejection("30 seconds 1 minute"), !Catch::Contains("did you mean"));
  CHECK_THAT(rejection("5 fortnights"), !Catch::Contains("did you mean"));
  CHECK_THAT(rejection("abc"), !Catch::Contains("did you mean"));
}

TEST_CASE("duration: no suggestion that would itself be refused", "[config]") {
  CHECK_THAT(rejection("99999999999 hours"), !Catch::Contains("did you mean"));
}
