// error_from_response (with Retry-After and Date) and error_in_body on arbitrary answers. The
// input reads like an HTTP answer: a status line of digits, "Name: value" header lines, an
// empty line, the body. Every error gets a kind the status implies and a one-line message.
#include <boost/json/parse.hpp>

#include <cstdint>
#include <string>

#include "check.hpp"
#include "providers/api_error.hpp"

namespace {

jobwait::http::Response read_answer(std::string_view text) {
  jobwait::http::Response response;
  const std::size_t blank = text.find("\n\n");
  std::string_view head = text.substr(0, blank);
  response.body = blank == std::string_view::npos ? std::string() : std::string(text.substr(blank + 2));
  const std::size_t eol = head.find('\n');
  const std::string_view status = head.substr(0, eol);
  for (char c : status.substr(0, 3)) {
    if (c < '0' || c > '9') break;
    response.status = response.status * 10 + (c - '0');
  }
  head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);
  while (!head.empty()) {
    const std::size_t end = head.find('\n');
    const std::string_view line = head.substr(0, end);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      response.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    }
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 1);
  }
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  const http::Response response = read_answer(fuzz::as_text(data, size));
  const Error error = providers::error_from_response(response);
  FUZZ_CHECK(!error.message.empty());
  FUZZ_CHECK(error.message.find('\n') == std::string::npos);
  FUZZ_CHECK(error.message.size() < 2000);  // excerpts keep a log line short
  FUZZ_CHECK(error.http_status == response.status);
  if (response.status == 401 || response.status == 403) FUZZ_CHECK(error.kind == ErrorKind::auth);
  if (response.status == 429 || (response.status >= 500 && response.status <= 599)) {
    FUZZ_CHECK(error.kind == ErrorKind::transient);
  }
  if (error.retry_after) FUZZ_CHECK(error.retry_after->count() >= 0);
  if (error.kind != ErrorKind::transient) FUZZ_CHECK(!error.retry_after);

  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(response.body, ec);
  if (!ec) {
    if (auto inside = providers::error_in_body(body)) {
      FUZZ_CHECK(inside->kind == ErrorKind::api);
      FUZZ_CHECK(inside->message.find('\n') == std::string::npos);
    }
  }
  return 0;
}
