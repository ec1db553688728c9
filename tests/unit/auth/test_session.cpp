// runner/auth/session.cpp: the authenticator a step gets.
#include <catch2/catch.hpp>

#include "auth/session.hpp"
#include "fake_http.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using test::FakeHttp;
using test::header_of;

config::StepConfig step() {
  config::StepConfig out;
  out.job.provider = "cce";
  out.job.id = "job-1";
  out.job.region = "eu-de";
  out.job.cloud = "otc";
  out.auth.access_key = "AKAKAKAKAKAKAKAKAKAK";
  out.auth.secret_key = "SKSKSKSK";
  return out;
}

WallClock fixed() {
  return [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)); };
}

}  // namespace

TEST_CASE("session: each method gets its authenticator", "[auth]") {
  FakeHttp transport;
  config::StepConfig token = step();
  token.auth = {};
  token.auth.token = "MIItoken";
  Session with_token(token, transport, fixed());
  REQUIRE(with_token.client().send(http::Request{}));
  CHECK(header_of(transport.sent().back(), "X-Auth-Token") == "MIItoken");

  config::StepConfig login = step();
  login.auth = {};
  login.auth.user = "u";
  login.auth.password = "p";
  login.auth.domain = "d";
  transport.answer(test::response(201, "{}", {{"X-Subject-Token", "MIIissued"}}));
  Session with_password(login, transport, fixed());
  http::Request poll;
  poll.url = "https://cce.eu-de.otc.t-systems.com/x";
  REQUIRE(with_password.client().send(poll));
  CHECK(transport.sent().at(transport.sent().size() - 2).url == "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens");
  CHECK(header_of(transport.sent().back(), "X-Auth-Token") == "MIIissued");
}
