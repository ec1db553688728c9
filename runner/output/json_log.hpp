// --log-format json: one JSON object per line on stderr, for log shippers and scripts. Each
// has "time" (RFC 3339 UTC), "event" (start, poll, update, retry, warning, heartbeat, finish)
// and that event's fields; every line passes the Redactor. Numbers are plain decimals to the
// microsecond (20, 0.000562), never exponent forms.
#pragma once

#include <cstdio>
#include <memory>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

std::unique_ptr<Reporter> make_json_log_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity);

}  // namespace jobwait::output
