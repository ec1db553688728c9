// Reads the job APIs' timestamps into one form: RFC 3339 UTC with exactly three fraction
// digits, e.g. "2024-06-06T15:55:31.360Z". `raw` always keeps the service's own text.
//
// Precision rule: always milliseconds, truncated (never rounded). A fixed width sorts and
// compares as text, and truncation never moves an instant past a later one (rounding
// .9995 would carry into the next second, minute, or year). Nanoseconds (CCE) stay in `raw`.
//
// Accepted, with no locale or TZ dependence:
//   2024-06-06T15:55:31.36Z                   RFC 3339, any number of fraction digits or none
//   2018-08-02 08:12:40.672772389 +0000 UTC   Go time.Time.String(); any offset; the zone
//                                             abbreviation and a " m=+0.1" suffix are ignored
//   2022-01-05T16:15:01+0800, ...+08:00       numeric offsets with or without a colon
//   1667218308, 1641370501000                 epoch seconds or milliseconds (number or digits)
// Anything else (including a date without a zone: its instant is unknown) gives no `utc`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jobwait {

// A timestamp as the service sent it, and the same instant as RFC 3339 UTC when it could be
// read. The job APIs use four formats (above); `raw` keeps the original text.
struct Timestamp {
  std::string raw;
  std::optional<std::string> utc;
};

// A date-time string, or a string of digits holding an epoch.
Timestamp normalize_timestamp(std::string_view text);

// Epoch seconds or milliseconds, told apart by magnitude: values from 100'000'000'000 up are
// milliseconds. As seconds that is the year 5138; as milliseconds it is 1973-03-03, before
// any of these services existed, so no real value of either unit lands on the wrong side.
// Zero and negatives give no `utc`: they mean "not set", not 1970.
Timestamp normalize_timestamp(std::int64_t epoch);
Timestamp normalize_timestamp(double epoch);  // a JSON number with a fraction or exponent

}  // namespace jobwait
