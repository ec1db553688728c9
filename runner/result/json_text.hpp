// JSON text for people and machines alike: indented two spaces, keys in insertion order.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace jobwait {

std::string to_pretty_json(const boost::json::value& value);

// Appends `value` as to_pretty_json writes it at nesting `depth` (without the final newline),
// for writers that put a large document together piece by piece.
void append_pretty_json(std::string& out, const boost::json::value& value, int depth);

// Appends a double as JSON text, never in the exponent form Boost.JSON prints (2E1 for 20;
// people and some tools read that badly): null for NaN and infinity, which JSON has not; else
// the shortest text that reads back to the same double ("120", "6.72"), or with `decimals`,
// fixed-point rounded to that many places with trailing zeros dropped ("0.000562", never "-0").
void append_json_number(std::string& out, double number, std::optional<int> decimals = std::nullopt);

}  // namespace jobwait
