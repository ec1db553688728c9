#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "json_text.hpp"

TEST_CASE("json text: indented output parses back to the same value", "[json_text]") {
  const auto value = boost::json::parse(R"({"a":[1,{"b":null,"c":"x\"y"}],"d":{},"e":[]})");
  const std::string text = jobwait::to_pretty_json(value);
  CHECK(boost::json::parse(text) == value);
  CHECK(text == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null,\n      \"c\": \"x\\\"y\"\n    }\n  ],\n"
                "  \"d\": {},\n  \"e\": []\n}\n");
}
