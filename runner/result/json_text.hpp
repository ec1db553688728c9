// JSON text for people and machines alike: indented two spaces, keys in insertion order.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace jobwait {

std::string to_pretty_json(const boost::json::value& value);

// Appends `value` as to_pretty_json writes it at nesting `depth` (without the final newline),
// for writers that put a large document together piece by piece.
void append_pretty_json(std::string& out, const boost::json::value& value, int depth);

}  // namespace jobwait
