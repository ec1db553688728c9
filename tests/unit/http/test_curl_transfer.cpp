// runner/http/curl_transfer.cpp: how a request becomes an easy handle's settings, how the answer
// is read (headers, size limits), and how a libcurl result code becomes a TransportError.
#include <catch2/catch.hpp>

#include <cstring>

#include "http/curl_transfer.hpp"
#include "tiny_server.hpp"

using namespace jobwait;
using namespace jobwait::http;
using namespace std::chrono;
using jobwait::test::Received;
using jobwait::test::reply;
using jobwait::test::Reply;
using jobwait::test::TinyServer;

namespace {

detail::EasyHandle easy_handle() {
  detail::ensure_global_init();
  detail::EasyHandle easy(curl_easy_init());
  REQUIRE(easy);
  return easy;
}

// One request through configure, perform and conclude on a fresh handle.
tl::expected<Response, TransportError> perform(const Request& request, const ClientOptions& options = {}) {
  detail::EasyHandle easy = easy_handle();
  detail::Transfer transfer;
  if (auto refused = detail::configure(easy.get(), request, transfer, options)) return tl::unexpected(*refused);
  const CURLcode code = curl_easy_perform(easy.get());
  return detail::conclude(easy.get(), code, transfer);
}

// What conclude makes of a result code, with the error buffer saying `detail`.
TransportError translated(CURLcode code, const char* detail_text = "", const char* too_large = nullptr) {
  detail::EasyHandle easy = easy_handle();
  detail::Transfer transfer;
  std::strncpy(transfer.error, detail_text, sizeof transfer.error - 1);
  transfer.too_large = too_large;
  const auto result = detail::conclude(easy.get(), code, transfer);
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

Request get(const std::string& url) {
  Request request;
  request.url = url;
  request.timeout = seconds(5);
  return request;
}

}  // namespace

TEST_CASE("curl transfer: libcurl's codes map to the kinds the watcher words", "[curl_transfer]") {
  using Kind = TransportErrorKind;
  CHECK(translated(CURLE_COULDNT_RESOLVE_HOST).kind == Kind::resolve);  // a typo in a region shows so
  CHECK(translated(CURLE_COULDNT_RESOLVE_PROXY).kind == Kind::connect);
  CHECK(translated(CURLE_COULDNT_CONNECT).kind == Kind::connect);
  CHECK(translated(CURLE_OPERATION_TIMEDOUT).kind == Kind::timeout);
  CHECK(translated(CURLE_SEND_ERROR).kind == Kind::reset);
  CHECK(translated(CURLE_RECV_ERROR).kind == Kind::reset);
  CHECK(translated(CURLE_GOT_NOTHING).kind == Kind::reset);
  CHECK(translated(CURLE_PARTIAL_FILE).kind == Kind::reset);
  CHECK(translated(CURLE_SSL_CONNECT_ERROR).kind == Kind::tls);
  CHECK(translated(CURLE_PEER_FAILED_VERIFICATION).kind == Kind::certificate);  // permanent: never retried
  CHECK(translated(CURLE_SSL_CERTPROBLEM).kind == Kind::tls);
  CHECK(translated(CURLE_SSL_CACERT_BADFILE).kind == Kind::certificate);
  CHECK(translated(CURLE_UNSUPPORTED_PROTOCOL).kind == Kind::other);
  CHECK(translated(CURLE_WRITE_ERROR).kind == Kind::other);
}

TEST_CASE("curl transfer: the message is libcurl's detail, else its text for the code", "[curl_transfer]") {
  CHECK(translated(CURLE_COULDNT_CONNECT, "Failed to connect to 127.0.0.1 port 9").message ==
        "Failed to connect to 127.0.0.1 port 9");
  CHECK(translated(CURLE_OPERATION_TIMEDOUT).message == curl_easy_strerror(CURLE_OPERATION_TIMEDOUT));
  // A stop signal's abort says so, whatever libcurl wrote.
  const TransportError aborted = translated(CURLE_ABORTED_BY_CALLBACK, "Callback aborted");
  CHECK(aborted.kind == TransportErrorKind::interrupted);
  CHECK(aborted.message == "interrupted by a stop signal");
  // A write error the size limits caused names the limit.
  const TransportError big = translated(CURLE_WRITE_ERROR, "Failure writing output", "body over 8 MiB");
  CHECK(big.kind == TransportErrorKind::too_large);
  CHECK(big.message == "body over 8 MiB");
}

TEST_CASE("curl transfer: https without a trust store is refused before anything is set", "[curl_transfer]") {
  ClientOptions options;
  options.ca.problem = "no CA bundle: set tls.ca_file";
  detail::EasyHandle easy = easy_handle();
  detail::Transfer transfer;
  const auto refused = detail::configure(easy.get(), get("https://127.0.0.1:1/"), transfer, options);
  REQUIRE(refused.has_value());
  CHECK(refused->kind == TransportErrorKind::tls);
  CHECK(refused->message == "no CA bundle: set tls.ca_file");
  // http:// needs none, and insecure needs none either.
  CHECK_FALSE(detail::configure(easy.get(), get("http://127.0.0.1:1/"), transfer, options).has_value());
  detail::Transfer other;
  options.insecure = true;
  CHECK_FALSE(detail::configure(easy.get(), get("https://127.0.0.1:1/"), other, options).has_value());
}

TEST_CASE("curl transfer: configure keeps the request's headers and body in the transfer", "[curl_transfer]") {
  detail::EasyHandle easy = easy_handle();
  detail::Transfer transfer;
  Request request = get("http://127.0.0.1:1/");
  request.method = "POST";
  request.body = "{\"a\":1}";
  request.headers = {{"A", "1"}, {"B", ""}};
  REQUIRE_FALSE(detail::configure(easy.get(), request, transfer, {}).has_value());
  CHECK(transfer.body == "{\"a\":1}");
  REQUIRE(transfer.headers);
  CHECK(std::string(transfer.headers->data) == "A: 1");
  REQUIRE(transfer.headers->next != nullptr);
  // "Name;" is libcurl's way to send a header with an empty value.
  CHECK(std::string(transfer.headers->next->data) == "B;");
  CHECK(transfer.headers->next->next == nullptr);
}

TEST_CASE("curl transfer: after 100 Continue only the final answer's headers count", "[curl_transfer]") {
  TinyServer server([](const Received&) {
    return Reply{"HTTP/1.1 100 Continue\r\nX-Early: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\n{}",
                 milliseconds(0), false};
  });
  const auto response = perform(get(server.url()));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->header("X-Final") == "yes");
  CHECK(response->header("X-Early").empty());
  CHECK(response->body == "{}");
}

TEST_CASE("curl transfer: a header line without a colon is skipped, values are trimmed", "[curl_transfer]") {
  TinyServer server([](const Received&) {
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Spaced: \t padded value \t\r\n\r\n", milliseconds(0), false};
  });
  const auto response = perform(get(server.url()));
  REQUIRE(response.has_value());
  CHECK(response->header("X-Spaced") == "padded value");
  // The status line and the blank line are not headers.
  for (const Header& header : response->headers) CHECK_FALSE(header.name.empty());
  CHECK(response->headers.size() == 2);
}

TEST_CASE("curl transfer: a body over 8 MiB is cut off as too large", "[curl_transfer]") {
  TinyServer server([](const Received&) {
    Reply answer = reply(200, std::string(8 * 1024 * 1024 + 1024, 'x'));
    answer.close = true;
    return answer;
  });
  const auto response = perform(get(server.url()));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::too_large);
  CHECK(response.error().message == "body over 8 MiB");
}

TEST_CASE("curl transfer: a body of exactly 8 MiB is read whole", "[curl_transfer]") {
  TinyServer server([](const Received&) { return reply(200, std::string(8 * 1024 * 1024, 'x')); });
  const auto response = perform(get(server.url()));
  REQUIRE(response.has_value());
  CHECK(response->body.size() == 8 * 1024 * 1024);
}

TEST_CASE("curl transfer: headers over 64 KiB are cut off as too large", "[curl_transfer]") {
  TinyServer server([](const Received&) {
    std::string headers;
    for (int i = 0; i < 80; ++i) headers += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'h') + "\r\n";
    Reply answer = reply(200, "{}", headers);
    answer.close = true;
    return answer;
  });
  const auto response = perform(get(server.url()));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::too_large);
  CHECK(response.error().message == "headers over 64 KiB");
}

TEST_CASE("curl transfer: the connect timeout never outlasts the request's", "[curl_transfer]") {
  // 10.255.255.1 would test a real connect timeout; on 127.0.0.1 the request timeout bounds a
  // slow answer even with a longer connect timeout set.
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}");
    answer.delay = milliseconds(2000);
    return answer;
  });
  Request request = get(server.url());
  request.timeout = milliseconds(250);
  request.connect_timeout = seconds(30);
  const auto start = steady_clock::now();
  const auto response = perform(request);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::timeout);
  CHECK(steady_clock::now() - start < milliseconds(1500));
}
