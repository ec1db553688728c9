// An error from one poll, with the kind the poll loop acts on. Providers and the HTTP
// layer classify; only the poll loop decides what a kind means for the wait.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jobwait {

enum class ErrorKind {
  transient,  // connection trouble, timeout, 5xx, 429, unparseable body: worth retrying
  auth,       // 401/403: retrying cannot help and may lock an AK/SK
  not_found,  // the service says the job does not exist (or no longer does)
  config,     // the request itself is wrong (gateway 404 APIGW.0101, missing header)
  api,        // the service answered with an error or a shape we cannot read
};

struct Error {
  ErrorKind kind = ErrorKind::api;
  std::string message;     // one line, no secrets
  std::string code;        // service error code, e.g. "APIGW.0301", "CCE.01404001"
  std::string request_id;  // X-Request-Id of the response, if any
  int http_status = 0;     // 0 when no response was received
  // How long the service asked us to wait before asking again (Retry-After), when it said.
  std::optional<std::chrono::milliseconds> retry_after = std::nullopt;
  // What failed when it was not a poll of the job ("IAM project lookup"): progress lines name
  // it, so that a lookup's retries are not called polls.
  std::string attempt = {};

  // An error known only by its kind and message: no service code, no answer to quote.
  static Error of(ErrorKind kind, std::string message);
  static Error transient(std::string message) { return of(ErrorKind::transient, std::move(message)); }
  static Error api(std::string message) { return of(ErrorKind::api, std::move(message)); }
};

std::string_view to_string(ErrorKind kind);

}  // namespace jobwait
