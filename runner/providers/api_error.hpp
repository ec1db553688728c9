// The one place that turns a service's error answer into an Error with the kind the poll
// loop acts on. job-states.md ("Errors") lists the body shapes and codes handled here.
#pragma once

#include <optional>

#include <boost/json/value.hpp>

#include "http/http_client.hpp"
#include "model/error.hpp"

namespace jobwait::providers {

// Classifies a non-2xx answer: 401/403 auth; 404 with an APIGW.* code config (the gateway
// found no such API: wrong host, path or method), any other 404 not_found; 408, 429 and 5xx
// transient; everything else api. Code and message come from whichever body shape the
// service uses; a body that is not JSON gives "HTTP 502: <short excerpt>". The request id
// is the X-Request-Id header, else the body's request_id. A transient answer carries its
// Retry-After (http/retry_after.hpp), which the poll loop honours.
Error error_from_response(const http::Response& response);

// An error body inside a 2xx answer (CFW sends error_code/error_msg next to or instead of
// `data`): the api error when the body names an error code or message, else nullopt.
std::optional<Error> error_in_body(const boost::json::value& body);

}  // namespace jobwait::providers
