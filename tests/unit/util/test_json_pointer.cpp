// runner/util/json_pointer.cpp against RFC 6901.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "util/json_pointer.hpp"

using namespace jobwait::providers::json;

namespace {

// RFC 6901, section 5.
const boost::json::value k_document = boost::json::parse(R"({
  "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8
})");

std::string at(std::string_view pointer) {
  const boost::json::value* found = resolve(k_document, pointer);
  return found == nullptr ? "(none)" : boost::json::serialize(*found);
}

}  // namespace

TEST_CASE("json pointer: every example of RFC 6901 section 5 resolves", "[providers]") {
  CHECK(at("") == boost::json::serialize(k_document));
  CHECK(at("/foo") == R"(["bar","baz"])");
  CHECK(at("/foo/0") == R"("bar")");
  CHECK(at("/") == "0");
  CHECK(at("/a~1b") == "1");
  CHECK(at("/c%d") == "2");
  CHECK(at("/e^f") == "3");
  CHECK(at("/g|h") == "4");
  CHECK(at("/i\\j") == "5");
  CHECK(at("/k\"l") == "6");
  CHECK(at("/ ") == "7");
  CHECK(at("/m~0n") == "8");
}

TEST_CASE("json pointer: ~01 is ~1, not a slash (unescape ~1 first, then ~0)", "[providers]") {
  const boost::json::value document = boost::json::parse(R"({"~1": "tilde-one", "/": "slash"})");
  REQUIRE(resolve(document, "/~01") != nullptr);
  CHECK(resolve(document, "/~01")->as_string() == "tilde-one");
  CHECK(resolve(document, "/~1")->as_string() == "slash");
}

TEST_CASE("json pointer: what does not exist resolves to nothing", "[providers]") {
  CHECK(at("/missing") == "(none)");
  CHECK(at("/foo/2") == "(none)");       // past the end
  CHECK(at("/foo/-") == "(none)");       // the element after the last
  CHECK(at("/foo/01") == "(none)");      // leading zero: not an index
  CHECK(at("/foo/+1") == "(none)");
  CHECK(at("/foo/0/x") == "(none)");     // into a string
  CHECK(at("/ /x") == "(none)");         // into a number
  CHECK(at("foo") == "(none)");          // not a pointer at all
  CHECK(at("/m~2n") == "(none)");
}

TEST_CASE("json pointer: members are matched exactly, case included", "[providers]") {
  const boost::json::value document = boost::json::parse(R"({"Status": "a"})");
  CHECK(resolve(document, "/status") == nullptr);
  CHECK(resolve(document, "/Status") != nullptr);
}

TEST_CASE("json pointer: check_pointer accepts RFC 6901 syntax only", "[providers]") {
  CHECK(check_pointer(""));
  CHECK(check_pointer("/"));
  CHECK(check_pointer("/status"));
  CHECK(check_pointer("/entities/sub_jobs/0/status"));
  CHECK(check_pointer("/a~0b~1c"));
  CHECK_FALSE(check_pointer("status"));
  CHECK_FALSE(check_pointer("/a~"));
  CHECK_FALSE(check_pointer("/a~2"));
  CHECK(check_pointer("status").error().find("\"/status\"?") != std::string::npos);
}
