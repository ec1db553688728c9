// runner/auth/authenticator.cpp and token_auth.cpp: the client decorator that authenticates
// every request right before it is sent.
#include <catch2/catch.hpp>

#include "auth/authenticator.hpp"
#include "auth/methods.hpp"
#include "fake_http.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using test::FakeHttp;
using test::header_of;

// Counts calls, and refuses with whatever it is given.
class Scripted final : public Authenticator {
 public:
  std::optional<AuthFailure> failure;
  int calls = 0;
  tl::expected<void, AuthFailure> authenticate(http::Request& request) override {
    ++calls;
    if (failure) return tl::unexpected(*failure);
    request.headers.push_back({"X-Call", std::to_string(calls)});
    return {};
  }
};

}  // namespace

TEST_CASE("authenticating client: authenticates each send anew, leaving the caller's request alone", "[auth]") {
  FakeHttp inner;
  Scripted authenticator;
  const auto client = make_authenticating_client(inner, authenticator);
  http::Request request;
  request.url = "http://127.0.0.1:1/x";
  REQUIRE(client->send(request));
  REQUIRE(client->send(request));
  REQUIRE(inner.sent().size() == 2);
  CHECK(header_of(inner.sent()[0], "X-Call") == "1");
  CHECK(header_of(inner.sent()[1], "X-Call") == "2");
  CHECK(request.headers.empty());
}

TEST_CASE("authenticating client: an identity service's refusal is the answer, and nothing is sent", "[auth]") {
  FakeHttp inner;
  Scripted authenticator;
  authenticator.failure = AuthFailure(test::response(401, R"({"error":{"code":401,"message":"wrong"}})",
                                                     {{"X-Request-Id", "iam-req-1"}}));
  const auto client = make_authenticating_client(inner, authenticator);
  const auto answer = client->send(http::Request{});
  REQUIRE(answer);
  CHECK(answer->status == 401);
  CHECK(answer->header("X-Request-Id") == "iam-req-1");
  CHECK(inner.sent().empty());
}

TEST_CASE("authenticating client: no answer from the identity service is a transport error", "[auth]") {
  FakeHttp inner;
  Scripted authenticator;
  authenticator.failure = AuthFailure(http::TransportError{http::TransportErrorKind::connect, "refused"});
  const auto client = make_authenticating_client(inner, authenticator);
  const auto answer = client->send(http::Request{});
  REQUIRE_FALSE(answer);
  CHECK(answer.error().kind == http::TransportErrorKind::connect);
  CHECK(inner.sent().empty());
}

TEST_CASE("token auth: X-Auth-Token, exactly once", "[auth]") {
  const auto authenticator = make_token_authenticator("MIItoken");
  http::Request request;
  request.headers = {{"x-auth-token", "stale"}};
  REQUIRE(authenticator->authenticate(request));
  CHECK(header_of(request, "X-Auth-Token") == "MIItoken");
  CHECK(test::count_of(request, "X-Auth-Token") == 1);
}

TEST_CASE("authenticating client: an error answer's body has the run's secrets masked, before it is cut to a line",
          "[auth]") {
  const std::string token = "MIIsim-0123456789abcdef-XYZ12";
  const std::string echo = R"({"error_code":"APIGW.0301","error_msg":")" + std::string(280, 'x') + " " + token + R"("})";
  SecretRegistry secrets;
  secrets.add(token);
  FakeHttp inner;
  inner.answer(test::response(401, echo));
  inner.answer(test::response(200, R"({"status":")" + token + R"("})"));  // a job's own answer is the job's
  Scripted authenticator;
  const auto client = make_authenticating_client(inner, authenticator, &secrets);
  const auto refused = client->send(http::Request{});
  REQUIRE(refused);
  CHECK(refused->body.find("MIIsim") == std::string::npos);
  CHECK(refused->body.find("<redacted>") != std::string::npos);
  const auto fine = client->send(http::Request{});
  REQUIRE(fine);
  CHECK(fine->body.find(token) != std::string::npos);

  // IAM's refusal of a login stands in for the answer: masked the same way.
  authenticator.failure = AuthFailure(test::response(401, "proxy said: Basic " + token));
  const auto login = client->send(http::Request{});
  REQUIRE(login);
  CHECK(login->body == "proxy said: Basic <redacted>");
}
