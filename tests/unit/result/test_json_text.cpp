#include <catch2/catch.hpp>

#include <limits>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "result/json_text.hpp"

TEST_CASE("json text: doubles are written plainly and read back exactly", "[json_text]") {
  const auto value = boost::json::parse(R"({"a":120.0,"b":6.720911115,"c":0.001,"d":-2.5})");
  const std::string text = jobwait::to_pretty_json(value);
  CHECK(text == "{\n  \"a\": 120,\n  \"b\": 6.720911115,\n  \"c\": 0.001,\n  \"d\": -2.5\n}\n");
  const auto back = boost::json::parse(text);
  CHECK(back.at("b").to_number<double>() == 6.720911115);
}

TEST_CASE("json text: indented output parses back to the same value", "[json_text]") {
  const auto value = boost::json::parse(R"({"a":[1,{"b":null,"c":"x\"y"}],"d":{},"e":[]})");
  const std::string text = jobwait::to_pretty_json(value);
  CHECK(boost::json::parse(text) == value);
  CHECK(text == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null,\n      \"c\": \"x\\\"y\"\n    }\n  ],\n"
                "  \"d\": {},\n  \"e\": []\n}\n");
}

TEST_CASE("json text: one number writer, shortest or fixed to the microsecond", "[json_text]") {
  const auto text = [](double number, std::optional<int> decimals = std::nullopt) {
    std::string out;
    jobwait::append_json_number(out, number, decimals);
    return out;
  };
  CHECK(text(20.0) == "20");
  CHECK(text(6.720911115) == "6.720911115");
  CHECK(text(20.0, 6) == "20");
  CHECK(text(0.000561651, 6) == "0.000562");
  CHECK(text(12.5, 6) == "12.5");
  CHECK(text(-0.0000001, 6) == "0");
  CHECK(text(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(text(std::numeric_limits<double>::infinity(), 6) == "null");
}
