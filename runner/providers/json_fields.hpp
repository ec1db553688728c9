// Tolerant reading of the job APIs' JSON. The pages disagree with their own examples about
// types (a time documented as a string arrives as a number) and ServiceStage may send
// UPPER-CASE keys, so every accessor takes a possibly-null value and answers "absent"
// rather than throwing. Pointers chain: text(member(member(&root, "status"), "phase")).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>
#include <tl/expected.hpp>

#include "model/error.hpp"
#include "model/job_status.hpp"

namespace jobwait::providers::json {

enum class Keys { exact, any_case };

// The member `key` of an object; nullptr when `value` is null, not an object, or has no
// such key. With Keys::any_case an exact match wins over a case-insensitive one.
const boost::json::value* member(const boost::json::value* value, std::string_view key,
                                 Keys keys = Keys::exact);

// Strings as they are, integers as decimal text; nullopt for anything else (null included).
std::optional<std::string> text(const boost::json::value* value);
// `text`, or an empty string.
std::string text_or_empty(const boost::json::value* value);
// A number, or a string holding one ("42", "12.5"); nullopt otherwise.
std::optional<double> number(const boost::json::value* value);
// An integral number, or a string of digits; nullopt otherwise.
std::optional<std::int64_t> integer(const boost::json::value* value);
// The array, or nullptr.
const boost::json::array* array(const boost::json::value* value);
// A time sent as a string or an epoch number; nullopt when absent, null or empty.
std::optional<Timestamp> timestamp(const boost::json::value* value);

// Appends {name, stamp} to `times` when the stamp is present.
void add_time(Times& times, std::string name, std::optional<Timestamp> stamp);

// Parses a 2xx body. Invalid JSON is transient: the usual cause is a body cut off in
// transfer, and the next poll reads a whole one. The message says which it is: a NUL byte or
// invalid UTF-8 (with its offset), a body that ends too soon ("may have been cut off"), or the
// parser's complaint. Boost.JSON exceptions stop here.
tl::expected<boost::json::value, Error> parse_body(std::string_view body,
                                                   std::string_view service);

// The api error for a readable body without the field we need: "unexpected response: no
// job.execution_status". When the body is an error body (error_code/error_msg in a 200),
// that error is returned instead, since it says more.
Error missing_field(const boost::json::value& root, std::string_view field);

// One line of at most about `limit` bytes: runs of whitespace and control characters become
// one space, and a cut (on a UTF-8 character boundary) is marked with "...".
std::string excerpt(std::string_view text, std::size_t limit = 200);

// Joins non-empty parts, each made one line as by excerpt(), with "; ", stopping near `limit` characters with "..." so that one
// failure reason cannot fill a log with a thousand task messages.
std::string join_bounded(const std::vector<std::string>& parts, std::size_t limit = 500);

}  // namespace jobwait::providers::json
