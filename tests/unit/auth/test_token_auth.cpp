// runner/auth/token_auth.cpp: the IAM token as X-Auth-Token on every request.
#include <catch2/catch.hpp>

#include "auth/methods.hpp"
#include "fake_http.hpp"

using namespace jobwait;
using namespace jobwait::test;

TEST_CASE("token auth: the token goes in X-Auth-Token, the request otherwise untouched", "[token_auth]") {
  auto authenticator = auth::make_token_authenticator("t0k3n");
  http::Request request;
  request.url = "https://cce.example/api/v3/projects/p/jobs/j?b=2&a=1";
  request.headers = {{"Accept", "application/json"}};
  REQUIRE(authenticator->authenticate(request).has_value());
  CHECK(header_of(request, "X-Auth-Token") == "t0k3n");
  CHECK(count_of(request, "X-Auth-Token") == 1);
  CHECK(header_of(request, "Accept") == "application/json");
  // Token auth signs nothing: the query keeps its order.
  CHECK(request.url == "https://cce.example/api/v3/projects/p/jobs/j?b=2&a=1");
}

TEST_CASE("token auth: a token already on the request is replaced, whatever its case, never doubled", "[token_auth]") {
  auto authenticator = auth::make_token_authenticator("fresh");
  http::Request request;
  request.headers = {{"x-auth-token", "stale"}, {"X-AUTH-TOKEN", "older"}};
  REQUIRE(authenticator->authenticate(request).has_value());
  REQUIRE(authenticator->authenticate(request).has_value());  // once per send: a retry too
  CHECK(count_of(request, "X-Auth-Token") == 1);
  CHECK(header_of(request, "X-Auth-Token") == "fresh");
}

TEST_CASE("token auth: no token adds no header (an empty one would still be sent)", "[token_auth]") {
  auto authenticator = auth::make_token_authenticator("");
  http::Request request;
  request.headers = {{"Accept", "application/json"}};
  REQUIRE(authenticator->authenticate(request).has_value());
  CHECK(count_of(request, "X-Auth-Token") == 0);
  CHECK(request.headers.size() == 1);
}

TEST_CASE("token auth: scoping to a project changes nothing a token request carries", "[token_auth]") {
  auto authenticator = auth::make_token_authenticator("t");
  authenticator->scope_to_project("0123456789abcdef");
  http::Request request;
  REQUIRE(authenticator->authenticate(request).has_value());
  CHECK(count_of(request, "X-Project-Id") == 0);
  CHECK(request.headers.size() == 1);
}

TEST_CASE("token auth: through the authenticating client every request carries the token", "[token_auth]") {
  FakeHttp inner;
  auto authenticator = auth::make_token_authenticator("t0k3n");
  auto client = auth::make_authenticating_client(inner, *authenticator);
  http::Request request;
  request.url = "http://127.0.0.1:9/x";
  REQUIRE(client->send(request).has_value());
  REQUIRE(client->send(request).has_value());
  REQUIRE(inner.sent().size() == 2);
  for (const http::Request& sent : inner.sent()) CHECK(header_of(sent, "X-Auth-Token") == "t0k3n");
  // The caller's request is not changed by sending it.
  CHECK(count_of(request, "X-Auth-Token") == 0);
}
