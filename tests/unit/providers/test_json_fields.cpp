// runner/providers/json_fields.cpp: tolerant reads that answer "absent" instead of throwing.
#include <catch2/catch.hpp>

#include <string>

#include <boost/json/parse.hpp>

#include "providers/json_fields.hpp"

namespace json = jobwait::providers::json;
using jobwait::ErrorKind;

TEST_CASE("json_fields: member lookup is exact unless asked to ignore case", "[json_fields]") {
  const auto value = boost::json::parse(R"({"EXECUTION_STATUS":"RUNNING","job":{"id":"a"}})");
  CHECK(json::member(&value, "execution_status") == nullptr);
  const auto* found = json::member(&value, "execution_status", json::Keys::any_case);
  REQUIRE(found != nullptr);
  CHECK(json::text(found) == "RUNNING");
  CHECK(json::text(json::member(json::member(&value, "job"), "id")) == "a");
}

TEST_CASE("json_fields: an exact key wins over a case-insensitive one", "[json_fields]") {
  const auto value = boost::json::parse(R"({"Status":"upper","status":"exact"})");
  CHECK(json::text(json::member(&value, "status", json::Keys::any_case)) == "exact");
}

TEST_CASE("json_fields: lookups through null, arrays and missing members are absent", "[json_fields]") {
  const auto value = boost::json::parse(R"({"a":null,"b":[1],"c":"x"})");
  CHECK(json::member(nullptr, "a") == nullptr);
  CHECK(json::member(json::member(&value, "b"), "x") == nullptr);
  CHECK(json::member(json::member(&value, "c"), "x") == nullptr);
  CHECK(json::member(json::member(&value, "missing"), "x") == nullptr);
  CHECK_FALSE(json::text(json::member(&value, "a")));
  CHECK(json::text_or_empty(json::member(&value, "missing")).empty());
  CHECK(json::array(json::member(&value, "b")) != nullptr);
  CHECK(json::array(json::member(&value, "c")) == nullptr);
}

TEST_CASE("json_fields: text accepts strings and numbers, not booleans or objects", "[json_fields]") {
  const auto value = boost::json::parse(
      R"({"s":"x","i":-7,"u":18446744073709551615,"d":12.5,"b":true,"o":{}})");
  CHECK(json::text(json::member(&value, "s")) == "x");
  CHECK(json::text(json::member(&value, "i")) == "-7");
  CHECK(json::text(json::member(&value, "u")) == "18446744073709551615");
  CHECK(json::text(json::member(&value, "d")) == "12.5");
  CHECK_FALSE(json::text(json::member(&value, "b")));
  CHECK_FALSE(json::text(json::member(&value, "o")));
}

TEST_CASE("json_fields: number and integer accept a number or a numeric string", "[json_fields]") {
  const auto value = boost::json::parse(
      R"({"n":45,"d":45.5,"s":"45.5","si":"12","bad":"12abc","empty":"","whole":3.0,"frac":3.5})");
  CHECK(json::number(json::member(&value, "n")) == 45.0);
  CHECK(json::number(json::member(&value, "d")) == 45.5);
  CHECK(json::number(json::member(&value, "s")) == 45.5);
  CHECK_FALSE(json::number(json::member(&value, "bad")));
  CHECK_FALSE(json::number(json::member(&value, "empty")));
  CHECK(json::integer(json::member(&value, "n")) == 45);
  CHECK(json::integer(json::member(&value, "si")) == 12);
  CHECK(json::integer(json::member(&value, "whole")) == 3);
  CHECK_FALSE(json::integer(json::member(&value, "frac")));
  CHECK_FALSE(json::integer(json::member(&value, "s")));
}

TEST_CASE("json_fields: a time may be a string or an epoch number, and empty and null are absent", "[json_fields]") {
  const auto value = boost::json::parse(
      R"({"s":"2024-06-06T15:55:31.36Z","n":1667218308,"ms":1641370501000,"e":"","z":null,"o":{"a":1}})");
  const auto s = json::timestamp(json::member(&value, "s"));
  REQUIRE(s);
  CHECK(s->utc == "2024-06-06T15:55:31.360Z");
  const auto n = json::timestamp(json::member(&value, "n"));
  REQUIRE(n);
  CHECK(n->raw == "1667218308");
  CHECK(n->utc == "2022-10-31T12:11:48.000Z");
  CHECK(json::timestamp(json::member(&value, "ms"))->utc == "2022-01-05T08:15:01.000Z");
  CHECK_FALSE(json::timestamp(json::member(&value, "e")));
  CHECK_FALSE(json::timestamp(json::member(&value, "z")));
  CHECK_FALSE(json::timestamp(json::member(&value, "missing")));
  const auto o = json::timestamp(json::member(&value, "o"));
  REQUIRE(o);
  CHECK(o->raw == R"({"a":1})");
  CHECK_FALSE(o->utc);
}

TEST_CASE("json_fields: invalid JSON is a transient error, never an exception", "[json_fields]") {
  for (const char* body : {"", "{", R"({"job":{"execution_status":"RUN)", "<html>", "{} trailing"}) {
    INFO("body: " << body);
    const auto result = json::parse_body(body, "cce");
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::transient);
    CHECK_THAT(result.error().message, Catch::Contains("invalid JSON from cce"));
  }
}

TEST_CASE("json_fields: a NUL byte or invalid UTF-8 is named with its offset, not blamed on a cut", "[json_fields]") {
  using namespace std::string_literals;
  const std::pair<std::string, std::string> cases[] = {
      {"{\"status\":\"Run\0ning\"}"s, "a NUL byte at offset 14: binary data, not JSON text"},
      {"\0\0\0\0"s, "a NUL byte at offset 0"},
      {"{\"status\":\"Caf\xe9\"}", "invalid UTF-8 at offset 14: not JSON text"},    // Latin-1
      {"{\"s\":\"\xc0\xaf\"}", "invalid UTF-8 at offset 6"},                         // overlong '/'
      {"{\"s\":\"\xed\xa0\x80\"}", "invalid UTF-8 at offset 6"},                     // a surrogate
      {"{\"s\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8 at offset 6"},                 // past U+10FFFF
      {"\xff\xfe{\0\"\0}\0"s, "a NUL byte at offset 3"},                            // UTF-16: NUL first
  };
  for (const auto& [body, why] : cases) {
    INFO("body: " << body);
    const auto result = json::parse_body(body, "cce");
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::transient);
    CHECK_THAT(result.error().message, Catch::Contains("invalid JSON from cce (" + std::to_string(body.size()) + " bytes; "));
    CHECK_THAT(result.error().message, Catch::Contains(why));
    CHECK_THAT(result.error().message, !Catch::Contains("cut off"));
  }
}

TEST_CASE("json_fields: only a body that ends too soon may have been cut off", "[json_fields]") {
  // Cut inside a string, and inside a UTF-8 character (its last byte missing): both cut offs.
  for (const char* body : {R"({"job":{"execution_status":"RUN)", "{\"s\":\"\xe2\x82"}) {
    INFO("body: " << body);
    const auto result = json::parse_body(body, "cce");
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("the body may have been cut off"));
  }
  // Complete but wrong: the parser's own words, no guess about the transfer.
  for (const char* body : {"<html>", "{} trailing", "{\"s\":\"caf\xc3\xa9\",}"}) {
    INFO("body: " << body);
    const auto result = json::parse_body(body, "cce");
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, !Catch::Contains("cut off"));
    CHECK_THAT(result.error().message, !Catch::Contains("UTF-8"));
  }
  const auto empty = json::parse_body("", "cce");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message == "invalid JSON from cce (an empty body)");
}

TEST_CASE("json_fields: a missing field is an api error, unless the body is an error body", "[json_fields]") {
  const auto plain = boost::json::parse(R"({"job":{}})");
  const auto missing = json::missing_field(plain, "job.execution_status");
  CHECK(missing.kind == ErrorKind::api);
  CHECK(missing.message == "unexpected response: no job.execution_status");

  const auto error_body = boost::json::parse(R"({"error_code":"SVCSTG.1","error_msg":"boom"})");
  const auto reported = json::missing_field(error_body, "job.execution_status");
  CHECK(reported.kind == ErrorKind::api);
  CHECK(reported.code == "SVCSTG.1");
  CHECK_THAT(reported.message, Catch::Contains("boom"));
}

TEST_CASE("json_fields: excerpt collapses whitespace and bounds the length", "[json_fields]") {
  CHECK(json::excerpt("  a\r\n\tb  c ") == "a b c");
  CHECK(json::excerpt(std::string(500, 'x'), 10) == "xxxxxxxxxx...");
  // A cut never splits a UTF-8 character: "é" is two bytes.
  CHECK(json::excerpt("aaaaaaaaa\xC3\xA9zz", 10) == "aaaaaaaaa...");
}

TEST_CASE("json_fields: join_bounded skips empty parts and stops near the limit", "[json_fields]") {
  CHECK(json::join_bounded({"a: x", "", "b: y"}) == "a: x; b: y");
  CHECK(json::join_bounded({}).empty());
  const std::string joined = json::join_bounded({std::string(300, 'a'), std::string(300, 'b'),
                                                 std::string(300, 'c')}, 500);
  CHECK(joined.size() == 503);
  CHECK(joined.substr(joined.size() - 3) == "...");
  CHECK(joined.find('c') == std::string::npos);
}

TEST_CASE("json_fields: join_bounded makes one line of parts that hold newlines", "[json_fields]") {
  CHECK(json::join_bounded({"deploy: line one\nline two", "\n", "scale:\r\n\tno capacity"}) ==
        "deploy: line one line two; scale: no capacity");
}
