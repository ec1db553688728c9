#include "providers/api_error.hpp"

#include <string>
#include <string_view>

#include "http/retry_after.hpp"
#include "providers/json_fields.hpp"
#include "util/text.hpp"

namespace jobwait::providers {

namespace {

struct ErrorBody {
  std::string code;
  std::string message;
  std::string request_id;
};

// Code and message from every body shape in job-states.md ("Errors"); the first shape that
// names a field wins.
ErrorBody read_error_body(const boost::json::value& body) {
  using json::member;
  using json::text_or_empty;
  ErrorBody out;
  // {"error_code","error_msg","request_id"}: the API gateway and most services.
  out.code = text_or_empty(member(&body, "error_code"));
  out.message = text_or_empty(member(&body, "error_msg"));
  // {"errorCode","errorMessage"} (CCE) and {"errorCode","errorMsg"}.
  if (out.code.empty()) out.code = text_or_empty(member(&body, "errorCode"));
  if (out.message.empty()) out.message = text_or_empty(member(&body, "errorMessage"));
  if (out.message.empty()) out.message = text_or_empty(member(&body, "errorMsg"));
  // {"error":{"code","message"}} (IAM, where code is a number such as 401).
  const boost::json::value* nested = member(&body, "error");
  if (nested && nested->is_object()) {
    if (out.code.empty()) out.code = text_or_empty(member(nested, "code"));
    if (out.message.empty()) out.message = text_or_empty(member(nested, "message"));
  } else if (out.message.empty()) {
    out.message = text_or_empty(nested);  // {"error": "text"}
  }
  out.request_id = text_or_empty(member(&body, "request_id"));
  // Both end up in one-line messages and CI logs: a newline in them could forge a log line
  // (or a CI annotation), and a megabyte "code" would flood the log.
  out.code = json::excerpt(out.code, 100);
  out.request_id = json::excerpt(out.request_id, 100);
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

ErrorKind classify(int status, std::string_view code) {
  if (status == 401 || status == 403) return ErrorKind::auth;
  // 404 APIGW.0101: the gateway has no such API, so the host, path or method is wrong;
  // a service's own 404 (CCE.01404001) means the job is gone.
  if (status == 404) return starts_with(code, "APIGW.") ? ErrorKind::config : ErrorKind::not_found;
  if (status == 408 || status == 429 || (status >= 500 && status <= 599)) return ErrorKind::transient;
  return ErrorKind::api;
}

// What the user should do about it; empty when the code and message say enough.
std::string_view advice(int status, std::string_view code, ErrorKind kind) {
  if (code == "APIGW.0303") {
    return "check the system clock: the request time is more than 15 minutes off the "
           "server's";
  }
  if (status == 401) {
    return "check the token (valid 24 h), the AK/SK or the password; not retried, since repeated "
           "signature failures can lock the key";
  }
  if (status == 403) return "permission denied: the user lacks a permission this API needs";
  if (kind == ErrorKind::config) {
    return "the host or path is wrong (check endpoint, region and provider): the API gateway "
           "has no such API, which is not the same as a missing job";
  }
  if (kind == ErrorKind::not_found) {
    return "the job does not exist, or no longer does (some services delete finished jobs "
           "after about a day)";
  }
  if (status == 429) return "throttled";
  return {};
}

// An HTML error page's title (or first heading), without the status it repeats: nginx's
// "<title>503 Service Temporarily Unavailable</title>" is "Service Temporarily Unavailable".
// Empty when the body is not HTML or names nothing.
std::string html_title(std::string_view body) {
  const std::string head = to_lower(body.substr(0, 4096));
  if (head.find("<html") == std::string::npos && head.find("<!doctype html") == std::string::npos) return {};
  for (const std::string_view tag : {"title", "h1"}) {
    const std::size_t open = head.find("<" + std::string(tag));
    const std::size_t start = open == std::string::npos ? open : head.find('>', open);
    const std::size_t end = start == std::string::npos ? start : head.find("</" + std::string(tag), start);
    if (end == std::string::npos) continue;
    std::string title = json::excerpt(body.substr(start + 1, end - start - 1), 120);
    const std::size_t words = title.find_first_not_of("0123456789 ");
    if (words == std::string::npos) continue;
    if (words > 0 && title[words - 1] == ' ') title.erase(0, words);  // "503 Service ..." -> "Service ..."
    if (!title.empty()) return title;
  }
  return {};
}

}  // namespace

Error error_from_response(const http::Response& response) {
  ErrorBody body;
  bool shaped = false;  // the body is JSON in one of the known shapes
  if (auto parsed = json::parse_body(response.body, "the error response")) {
    body = read_error_body(*parsed);
    shaped = !body.code.empty() || !body.message.empty();
  }

  Error error;
  error.http_status = response.status;
  error.code = body.code;
  error.kind = classify(response.status, error.code);
  error.request_id = response.header("X-Request-Id");
  if (error.request_id.empty()) error.request_id = body.request_id;
  // Only a retry can honour it; on a final error it means nothing.
  if (error.kind == ErrorKind::transient) {
    error.retry_after = http::retry_after(response, std::chrono::system_clock::now());
  }

  error.message = "HTTP " + std::to_string(response.status);
  // IAM's numeric code repeats the status ("401"): saying it twice adds nothing.
  if (!body.code.empty() && body.code != std::to_string(response.status)) {
    error.message += " " + body.code;
  }
  if (!body.message.empty()) {
    error.message += ": " + json::excerpt(body.message, 300);
  } else if (const std::string page = html_title(response.body); !shaped && !page.empty()) {
    error.message += " " + page;  // a gateway's error page: its title says it, the markup does not
  } else if (!shaped) {
    const std::string text = json::excerpt(response.body, 200);
    error.message += text.empty() ? std::string(" (empty body)") : ": " + text;
  }
  if (const auto hint = advice(response.status, error.code, error.kind); !hint.empty()) {
    error.message += " (";
    error.message += hint;
    error.message += ")";
  }
  return error;
}

std::optional<Error> error_in_body(const boost::json::value& body) {
  if (!body.is_object()) return std::nullopt;
  ErrorBody found = read_error_body(body);
  if (found.code.empty() && found.message.empty()) return std::nullopt;
  std::string message = "error in a 2xx answer: ";
  message += found.code.empty() ? std::string("no code") : found.code;
  if (!found.message.empty()) message += ": " + json::excerpt(found.message, 300);
  return Error{ErrorKind::api, std::move(message), std::move(found.code),
               std::move(found.request_id), 0};
}

}  // namespace jobwait::providers
