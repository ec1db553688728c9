#include <catch2/catch.hpp>

#include "http/url.hpp"

using namespace jobwait::http;

TEST_CASE("url: the unreserved set stays literal", "[url]") {
  CHECK(percent_encode("AZaz09-_.~") == "AZaz09-_.~");
}

TEST_CASE("url: everything else is %XY with upper-case hex, byte by byte", "[url]") {
  CHECK(percent_encode("a b") == "a%20b");
  CHECK(percent_encode("a+b/c*") == "a%2Bb%2Fc%2A");
  CHECK(percent_encode("100%") == "100%25");
  CHECK(percent_encode("\xC3\xA9") == "%C3%A9");  // é in UTF-8
}

TEST_CASE("url: decoding undoes encoding and keeps malformed escapes", "[url]") {
  CHECK(percent_decode(percent_encode("job id/ü+%")) == "job id/ü+%");
  CHECK(percent_decode("%2") == "%2");
  CHECK(percent_decode("%zz") == "%zz");
  CHECK(percent_decode("a%") == "a%");
}

TEST_CASE("url: a query keeps the given order and encodes names and values", "[url]") {
  CHECK(build_query({{"limit", "10"}, {"desc", "true"}, {"a b", "c&d"}}) == "limit=10&desc=true&a%20b=c%26d");
  CHECK(build_query({}) == "");
  CHECK(build_query({{"empty", ""}}) == "empty=");
}
