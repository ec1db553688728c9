// runner/http/curl_client.cpp: the blocking libcurl client against a server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <csignal>

#include "http/http_client.hpp"
#include "tiny_server.hpp"
#include "wait/signals.hpp"

using namespace jobwait;
using namespace jobwait::http;
using namespace std::chrono;
using jobwait::test::Received;
using jobwait::test::reply;
using jobwait::test::Reply;
using jobwait::test::TinyServer;

namespace {

ClientOptions plain_http() {
  ClientOptions options;
  options.insecure = false;  // http:// needs no trust store
  return options;
}

Request get(const std::string& url) {
  Request request;
  request.url = url;
  request.timeout = seconds(5);
  return request;
}

struct ClearStop {
  ClearStop() { set_stop_signal_for_testing(0); }
  ~ClearStop() { set_stop_signal_for_testing(0); }
};

}  // namespace

TEST_CASE("curl client: a GET sends its headers and reads status, headers and body", "[curl_client]") {
  TinyServer server([](const Received&) { return reply(201, R"({"ok":true})", "X-Request-Id:  req-1  \r\nContent-Type: application/json\r\n"); });
  auto client = make_curl_client(plain_http());
  Request request = get(server.url("/api/jobs/1?a=1"));
  request.headers = {{"Accept", "application/json"}, {"X-Auth-Token", "t0k3n"}};
  const auto response = client->send(request);
  REQUIRE(response.has_value());
  CHECK(response->status == 201);
  CHECK(response->body == R"({"ok":true})");
  // Header values are trimmed; names compare case-insensitively.
  CHECK(response->header("x-request-id") == "req-1");
  CHECK(response->header("Content-Type") == "application/json");
  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "GET");
  CHECK(received[0].target == "/api/jobs/1?a=1");
  CHECK(received[0].header("X-Auth-Token") == "t0k3n");
  CHECK(received[0].header("Accept") == "application/json");
  CHECK_THAT(received[0].header("User-Agent"), Catch::StartsWith("jobwait/"));
}

TEST_CASE("curl client: one connection is kept alive across polls", "[curl_client]") {
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  auto client = make_curl_client(plain_http());
  for (int i = 0; i < 3; ++i) REQUIRE(client->send(get(server.url("/job"))).has_value());
  CHECK(client->connections_opened() == 1);
  CHECK(server.connections() == 1);
}

TEST_CASE("curl client: a server that closes the connection costs a new one, counted", "[curl_client]") {
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}", "Connection: close\r\n");
    answer.close = true;
    return answer;
  });
  auto client = make_curl_client(plain_http());
  REQUIRE(client->send(get(server.url())).has_value());
  REQUIRE(client->send(get(server.url())).has_value());
  CHECK(client->connections_opened() == 2);
}

TEST_CASE("curl client: a POST sends its body, and the next GET on the handle is a GET again", "[curl_client]") {
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  auto client = make_curl_client(plain_http());
  Request post = get(server.url("/query"));
  post.method = "POST";
  post.body = R"({"id":"j1"})";
  REQUIRE(client->send(post).has_value());
  REQUIRE(client->send(get(server.url("/after"))).has_value());
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].method == "POST");
  CHECK(received[0].body == R"({"id":"j1"})");
  CHECK(received[1].method == "GET");
  CHECK(received[1].body.empty());
}

TEST_CASE("curl client: a header with an empty value is sent empty, not dropped", "[curl_client]") {
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  auto client = make_curl_client(plain_http());
  Request request = get(server.url());
  request.headers = {{"X-Empty", ""}};
  REQUIRE(client->send(request).has_value());
  CHECK(server.received().at(0).header("X-Empty").empty());
}

TEST_CASE("curl client: non-2xx statuses and redirects are answers, not errors", "[curl_client]") {
  int calls = 0;
  TinyServer server([&calls](const Received&) {
    return ++calls == 1 ? reply(503, "busy") : reply(302, "", "Location: http://127.0.0.1:1/elsewhere\r\n");
  });
  auto client = make_curl_client(plain_http());
  const auto busy = client->send(get(server.url()));
  REQUIRE(busy.has_value());
  CHECK(busy->status == 503);
  CHECK(busy->body == "busy");
  const auto moved = client->send(get(server.url()));
  REQUIRE(moved.has_value());
  CHECK(moved->status == 302);
  CHECK(server.received().size() == 2);
}

TEST_CASE("curl client: nothing listening is a connect error", "[curl_client]") {
  auto client = make_curl_client(plain_http());
  const auto response = client->send(get("http://127.0.0.1:" + std::to_string(test::closed_port()) + "/"));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::connect);
  CHECK_FALSE(response.error().message.empty());
}

TEST_CASE("curl client: a request over its time limit is a timeout", "[curl_client]") {
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}");
    answer.delay = milliseconds(3000);
    return answer;
  });
  auto client = make_curl_client(plain_http());
  Request request = get(server.url());
  request.timeout = milliseconds(300);
  const auto start = steady_clock::now();
  const auto response = client->send(request);
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::timeout);
  CHECK(steady_clock::now() - start < seconds(2));
}

TEST_CASE("curl client: a connection closed without an answer is a reset", "[curl_client]") {
  TinyServer server([](const Received&) { return Reply{"", milliseconds(0), true}; });
  auto client = make_curl_client(plain_http());
  const auto response = client->send(get(server.url()));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::reset);
}

TEST_CASE("curl client: https with no trust store fails unsent with the problem", "[curl_client]") {
  ClientOptions options;
  options.ca.problem = "no CA bundle found; set tls.ca_file";
  auto client = make_curl_client(options);
  const auto response = client->send(get("https://127.0.0.1:" + std::to_string(test::closed_port()) + "/"));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::tls);
  CHECK(response.error().message == "no CA bundle found; set tls.ca_file");
  CHECK(client->connections_opened() == 0);
}

TEST_CASE("curl client: a stop signal cuts a hung request short", "[curl_client]") {
  ClearStop clear;
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}");
    answer.delay = milliseconds(5000);
    return answer;
  });
  auto client = make_curl_client(plain_http());
  std::thread stopper([] {
    std::this_thread::sleep_for(milliseconds(200));
    set_stop_signal_for_testing(SIGTERM);
  });
  const auto start = steady_clock::now();
  Request request = get(server.url());
  request.timeout = seconds(20);
  const auto response = client->send(request);
  stopper.join();
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::interrupted);
  CHECK(steady_clock::now() - start < seconds(3));
}

TEST_CASE("curl client: a scheme other than http and https is refused", "[curl_client]") {
  auto client = make_curl_client(plain_http());
  const auto response = client->send(get("ftp://127.0.0.1:" + std::to_string(test::closed_port()) + "/x"));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == TransportErrorKind::other);
}
