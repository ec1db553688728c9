// runner/http/curl_multi.cpp: many requests at once on one thread, against servers on 127.0.0.1.
#include <catch2/catch.hpp>

#include <csignal>
#include <map>

#include "http/multi_client.hpp"
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

Request get(const std::string& url) {
  Request request;
  request.url = url;
  request.timeout = seconds(5);
  return request;
}

// Calls wait() until `count` requests came back (or 10 s pass), by tag.
std::map<std::size_t, Finished> collect(MultiClient& client, std::size_t count) {
  std::map<std::size_t, Finished> done;
  const auto until = steady_clock::now() + seconds(10);
  while (done.size() < count && steady_clock::now() < until) {
    for (Finished& finished : client.wait(milliseconds(200))) done.emplace(finished.tag, std::move(finished));
  }
  return done;
}

struct ClearStop {
  ClearStop() { set_stop_signal_for_testing(0); }
  ~ClearStop() { set_stop_signal_for_testing(0); }
};

}  // namespace

TEST_CASE("curl multi: requests run at once and come back with their tags", "[curl_multi]") {
  TinyServer server([](const Received& request) {
    Reply answer = reply(200, "{\"path\":\"" + request.target + "\"}");
    answer.delay = milliseconds(600);  // all three wait together, not one after another
    return answer;
  });
  auto client = make_curl_multi_client({});
  const auto start = steady_clock::now();
  client->start(get(server.url("/a")), 7);
  client->start(get(server.url("/b")), 8);
  client->start(get(server.url("/c")), 9);
  CHECK(client->in_flight() == 3);
  auto done = collect(*client, 3);
  REQUIRE(done.size() == 3);
  CHECK(steady_clock::now() - start < milliseconds(1500));  // one after another: 1.8 s
  CHECK(done.at(7).answer->body == "{\"path\":\"/a\"}");
  CHECK(done.at(8).answer->body == "{\"path\":\"/b\"}");
  CHECK(done.at(9).answer->status == 200);
  CHECK(client->in_flight() == 0);
  // Each connection opened is counted by the request that opened it.
  CHECK(done.at(7).connections_opened + done.at(8).connections_opened + done.at(9).connections_opened ==
        server.connections());
  CHECK(server.connections() >= 2);
}

TEST_CASE("curl multi: connections are kept and reused by the next requests", "[curl_multi]") {
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  auto client = make_curl_multi_client({});
  client->start(get(server.url("/1")), 1);
  REQUIRE(collect(*client, 1).size() == 1);
  for (int round = 0; round < 3; ++round) {
    client->start(get(server.url("/again")), 2);
    const auto done = collect(*client, 1);
    REQUIRE(done.size() == 1);
    CHECK(done.at(2).connections_opened == 0);
  }
  CHECK(server.connections() == 1);
}

TEST_CASE("curl multi: the per-host cap holds connections to one host", "[curl_multi]") {
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}");
    answer.delay = milliseconds(100);
    return answer;
  });
  MultiOptions options;
  options.max_host_connections = 1;
  auto client = make_curl_multi_client(options);
  for (std::size_t tag = 0; tag < 3; ++tag) client->start(get(server.url("/q")), tag);
  const auto done = collect(*client, 3);
  REQUIRE(done.size() == 3);
  CHECK(server.connections() == 1);
}

TEST_CASE("curl multi: a POST on a reused handle, then a GET, each as asked", "[curl_multi]") {
  TinyServer server([](const Received&) { return reply(200, "{}"); });
  auto client = make_curl_multi_client({});
  Request post = get(server.url("/p"));
  post.method = "POST";
  post.body = "{\"x\":1}";
  client->start(post, 1);
  REQUIRE(collect(*client, 1).size() == 1);
  client->start(get(server.url("/g")), 2);
  REQUIRE(collect(*client, 1).size() == 1);
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].method == "POST");
  CHECK(received[0].body == "{\"x\":1}");
  CHECK(received[1].method == "GET");
}

TEST_CASE("curl multi: a transport error comes back as that request's answer", "[curl_multi]") {
  auto client = make_curl_multi_client({});
  client->start(get("http://127.0.0.1:" + std::to_string(test::closed_port()) + "/"), 4);
  const auto done = collect(*client, 1);
  REQUIRE(done.size() == 1);
  REQUIRE_FALSE(done.at(4).answer.has_value());
  CHECK(done.at(4).answer.error().kind == TransportErrorKind::connect);
}

TEST_CASE("curl multi: a request that cannot start is reported by the next wait", "[curl_multi]") {
  MultiOptions options;
  options.tls.ca.problem = "no CA bundle";
  auto client = make_curl_multi_client(options);
  client->start(get("https://127.0.0.1:1/"), 5);
  CHECK(client->in_flight() == 0);
  const auto start = steady_clock::now();
  const auto finished = client->wait(seconds(5));
  CHECK(steady_clock::now() - start < seconds(1));  // returned at once with it
  REQUIRE(finished.size() == 1);
  CHECK(finished[0].tag == 5);
  REQUIRE_FALSE(finished[0].answer.has_value());
  CHECK(finished[0].answer.error().kind == TransportErrorKind::tls);
  CHECK(finished[0].answer.error().message == "no CA bundle");
  CHECK(client->wait(milliseconds(10)).empty());
}

TEST_CASE("curl multi: wait with nothing to do waits its timeout, no longer", "[curl_multi]") {
  ClearStop clear;
  auto client = make_curl_multi_client({});
  const auto start = steady_clock::now();
  CHECK(client->wait(milliseconds(150)).empty());
  const auto waited = steady_clock::now() - start;
  CHECK(waited >= milliseconds(100));
  CHECK(waited < seconds(2));
}

TEST_CASE("curl multi: a stop signal wakes wait and aborts what is in flight", "[curl_multi]") {
  ClearStop clear;
  struct sigaction old_int {}, old_term {};
  sigaction(SIGINT, nullptr, &old_int);
  sigaction(SIGTERM, nullptr, &old_term);
  install_stop_handlers();
  TinyServer server([](const Received&) {
    Reply answer = reply(200, "{}");
    answer.delay = milliseconds(5000);
    return answer;
  });
  auto client = make_curl_multi_client({});
  Request request = get(server.url("/hang"));
  request.timeout = seconds(30);
  client->start(request, 1);
  std::thread stopper([] {
    std::this_thread::sleep_for(milliseconds(200));
    ::kill(::getpid(), SIGTERM);
  });
  const auto start = steady_clock::now();
  std::vector<Finished> finished;
  while (finished.empty() && steady_clock::now() - start < seconds(4)) {
    for (Finished& one : client->wait(seconds(3))) finished.push_back(std::move(one));
  }
  stopper.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  CHECK(stop_signal() == SIGTERM);
  REQUIRE(finished.size() == 1);
  REQUIRE_FALSE(finished[0].answer.has_value());
  CHECK(finished[0].answer.error().kind == TransportErrorKind::interrupted);
  CHECK(steady_clock::now() - start < seconds(4));
}
