// runner/util/text.cpp: trimming and ASCII case, whatever the locale.
#include <catch2/catch.hpp>

#include "util/text.hpp"

using jobwait::iequals;
using jobwait::to_lower;
using jobwait::trim;

TEST_CASE("text: trim drops whitespace at both ends, none inside", "[text]") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("\v\fx\f") == "x");
  CHECK(trim("   ").empty());
  CHECK(trim("").empty());
  CHECK(trim("ab") == "ab");
}

TEST_CASE("text: trim drops only the characters it is given", "[text]") {
  CHECK(trim(" \tvalue\t ", jobwait::k_blanks) == "value");
  CHECK(trim("\nvalue\r", jobwait::k_blanks) == "\nvalue\r");  // HTTP's OWS is spaces and tabs
  CHECK(trim("--x--", "-") == "x");
}

TEST_CASE("text: to_lower changes ASCII letters only", "[text]") {
  CHECK(to_lower("X-Auth-Token") == "x-auth-token");
  CHECK(to_lower("ÄB9_") == "Äb9_");
  CHECK(to_lower('Q') == 'q');
  CHECK(to_lower('@') == '@');
}

// Moved from test_json_fields.cpp with the function (json::iequals was its first home).
TEST_CASE("text: iequals compares ASCII case-insensitively", "[text]") {
  CHECK(iequals("X-Request-Id", "x-request-id"));
  CHECK_FALSE(iequals("X-Request-Id", "X-Request-Ids"));
  CHECK_FALSE(iequals("a", "b"));
}

TEST_CASE("text: iequals needs equal lengths", "[text]") {
  CHECK(iequals("", ""));
  CHECK(iequals("HTTPS", "https"));
  CHECK_FALSE(iequals("https", "http"));
  CHECK_FALSE(iequals("[", "{"));  // 0x5B and 0x7B differ by the case bit but are not letters
}
