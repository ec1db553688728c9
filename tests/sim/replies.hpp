// Building replies: JSON bodies, and the API gateway's own errors, which come before any
// service sees the request (job-states.md, "Errors").
#pragma once

#include <string_view>

#include <boost/json/value.hpp>

#include "message.hpp"

namespace jobwait::sim {

Reply json_reply(int status, const boost::json::value& body);

// {"error_code", "error_msg", "request_id"}: the gateway's shape, and most services'.
Reply error_reply(int status, std::string_view code, std::string_view message,
                  const Request& request);

// 404 APIGW.0101: no API at this path and method (a wrong host or path, not a missing job).
Reply no_such_api(const Request& request);

}  // namespace jobwait::sim
