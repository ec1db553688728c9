// JSON text for people and machines alike: indented two spaces, keys in insertion order.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace jobwait {

std::string to_pretty_json(const boost::json::value& value);

}  // namespace jobwait
