// JSON Pointer (RFC 6901), the path syntax of declared job APIs ([job.http] status = "/status").
// Checked once when the step file loads; resolved on every poll.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>
#include <tl/expected.hpp>

namespace jobwait::providers::json {

// Whether `pointer` is a JSON Pointer: "" (the whole document) or "/"-separated reference
// tokens in which '~' is only ever followed by '0' or '1'. The error says what is wrong.
tl::expected<void, std::string> check_pointer(std::string_view pointer);

// The value `pointer` refers to in `root`, or nullptr when there is none (a missing member,
// an index past the end or not in canonical form, "-", a step into a scalar, a bad pointer).
// Members are matched exactly; "~1" stands for '/' and "~0" for '~'.
const boost::json::value* resolve(const boost::json::value& root, std::string_view pointer);

}  // namespace jobwait::providers::json
