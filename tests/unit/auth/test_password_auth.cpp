// runner/auth/password_auth.cpp: a password exchanged for an IAM token, reused, renewed before
// it expires, shared through the cache; IAM's refusal is the answer the caller sees.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <boost/json.hpp>

#include "auth/methods.hpp"
#include "fake_http.hpp"
#include "temp_dir.hpp"
#include "util/utc_time.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using namespace std::chrono_literals;
using test::FakeHttp;
using test::header_of;
using Clock = std::chrono::system_clock;

const Clock::time_point k_start = Clock::time_point(std::chrono::seconds(1'800'000'000));

PasswordLogin login() { return {"https://iam.example.com", "ci-bot", "pa$$\"word", "my-account", "", "eu-de"}; }

http::Response issued(const std::string& token, Clock::time_point expires) {
  return test::response(201,
                        R"({"token":{"expires_at":")" + format_utc_seconds(expires) + R"(","methods":["password"]}})",
                        {{"X-Subject-Token", token}});
}

http::Request job_request() {
  http::Request request;
  request.url = "https://cce.eu-de.otc.t-systems.com/api/v3/projects/p/jobs/j";
  request.timeout = std::chrono::milliseconds(1234);
  return request;
}

}  // namespace

TEST_CASE("password auth: logs in once and sends the token with every request", "[auth]") {
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 24h));
  Clock::time_point now = k_start;
  const auto authenticator = make_password_authenticator(login(), iam, std::nullopt, [&] { return now; });
  for (int i = 0; i < 3; ++i) {
    http::Request request = job_request();
    REQUIRE(authenticator->authenticate(request));
    CHECK(header_of(request, "X-Auth-Token") == "MIItoken-1");
    now += 10min;
  }
  REQUIRE(iam.sent().size() == 1);
  const http::Request& sent = iam.sent().front();
  CHECK(sent.method == "POST");
  CHECK(sent.url == "https://iam.example.com/v3/auth/tokens");
  CHECK(sent.timeout == std::chrono::milliseconds(1234));  // the request's own budget
  const boost::json::value body = boost::json::parse(sent.body);
  CHECK(body.at("auth").at("identity").at("password").at("user").at("password") == "pa$$\"word");
  CHECK(body.at("auth").at("identity").at("password").at("user").at("domain").at("name") == "my-account");
  CHECK(body.at("auth").at("scope").at("project").at("name") == "eu-de");
}

TEST_CASE("password auth: logs in again before the token expires", "[auth]") {
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 1h));
  iam.answer(issued("MIItoken-2", k_start + 2h));
  Clock::time_point now = k_start;
  const auto authenticator = make_password_authenticator(login(), iam, std::nullopt, [&] { return now; });
  http::Request first = job_request();
  REQUIRE(authenticator->authenticate(first));
  now = k_start + 1h - k_token_refresh_margin + 1s;
  http::Request second = job_request();
  REQUIRE(authenticator->authenticate(second));
  CHECK(header_of(first, "X-Auth-Token") == "MIItoken-1");
  CHECK(header_of(second, "X-Auth-Token") == "MIItoken-2");
  CHECK(iam.sent().size() == 2);
}

TEST_CASE("password auth: IAM's refusal is returned as the answer, not retried", "[auth]") {
  FakeHttp iam;
  iam.answer(test::response(401, R"({"error":{"code":401,"message":"The username or password is wrong."}})",
                            {{"X-Request-Id", "iam-1"}}));
  const auto authenticator = make_password_authenticator(login(), iam, std::nullopt, [] { return k_start; });
  http::Request request = job_request();
  const auto refused = authenticator->authenticate(request);
  REQUIRE_FALSE(refused);
  const auto* answer = std::get_if<http::Response>(&refused.error());
  REQUIRE(answer != nullptr);
  CHECK(answer->status == 401);
  CHECK(answer->header("X-Request-Id") == "iam-1");
  CHECK(iam.sent().size() == 1);
  CHECK(header_of(request, "X-Auth-Token").empty());
}

TEST_CASE("password auth: a 201 without X-Subject-Token is an error, never an empty token", "[auth]") {
  FakeHttp iam;
  iam.answer(test::response(201, "{}"));
  const auto authenticator = make_password_authenticator(login(), iam, std::nullopt, [] { return k_start; });
  http::Request request = job_request();
  const auto refused = authenticator->authenticate(request);
  REQUIRE_FALSE(refused);
  CHECK(std::holds_alternative<http::TransportError>(refused.error()));
}

TEST_CASE("password auth: with a cache, twenty runs log in once", "[auth]") {
  jobwait::test::TempDir dir;
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 24h));
  for (int run = 0; run < 20; ++run) {
    const auto authenticator =
        make_password_authenticator(login(), iam, TokenCache(dir.path().string()), [&] { return k_start + run * 1min; });
    http::Request request = job_request();
    REQUIRE(authenticator->authenticate(request));
    CHECK(header_of(request, "X-Auth-Token") == "MIItoken-1");
  }
  CHECK(iam.sent().size() == 1);
}

TEST_CASE("password auth: a cached token close to expiry is replaced", "[auth]") {
  jobwait::test::TempDir dir;
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 1h));
  iam.answer(issued("MIItoken-2", k_start + 25h));
  for (auto at : {k_start, k_start + 58min, k_start + 2h}) {
    const auto authenticator =
        make_password_authenticator(login(), iam, TokenCache(dir.path().string()), [at] { return at; });
    http::Request request = job_request();
    REQUIRE(authenticator->authenticate(request));
  }
  CHECK(iam.sent().size() == 2);
}

TEST_CASE("password auth: scoped by project id when it is known", "[auth]") {
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 24h));
  PasswordLogin by_id = login();
  by_id.project_id = "0123456789abcdef";
  const auto authenticator = make_password_authenticator(by_id, iam, std::nullopt, [] { return k_start; });
  http::Request request = job_request();
  REQUIRE(authenticator->authenticate(request));
  const boost::json::value body = boost::json::parse(iam.sent().front().body);
  CHECK(body.at("auth").at("scope").at("project").at("id") == "0123456789abcdef");
  CHECK_FALSE(body.at("auth").at("scope").at("project").as_object().contains("name"));
}

TEST_CASE("password auth: every token it holds, logged in for or cached, is a secret before it is sent", "[auth]") {
  test::TempDir dir;
  SecretRegistry secrets;
  std::vector<std::string> heard_before_sent;
  http::Request request = job_request();
  // The listener runs when the token is added: the request must not carry it yet.
  secrets.add_listener([&](const std::string& secret) {
    if (header_of(request, "X-Auth-Token").empty()) heard_before_sent.push_back(secret);
  });
  FakeHttp iam;
  iam.answer(issued("MIItoken-logged-in", k_start + 24h));
  const auto first = make_password_authenticator(login(), iam, TokenCache(dir / "tokens"), [] { return k_start; }, secrets);
  REQUIRE(first->authenticate(request));
  CHECK(heard_before_sent == std::vector<std::string>{"MIItoken-logged-in"});

  // The next run reads it from the cache: registered there too.
  SecretRegistry next_run;
  FakeHttp unused;
  const auto second = make_password_authenticator(login(), unused, TokenCache(dir / "tokens"), [] { return k_start; }, next_run);
  http::Request again = job_request();
  REQUIRE(second->authenticate(again));
  CHECK(unused.sent().empty());
  CHECK(next_run.secrets() == std::vector<std::string>{"MIItoken-logged-in"});
}

TEST_CASE("password auth: a token cache that cannot be written is said once, and the wait goes on", "[auth]") {
  test::TempDir dir;
  const std::string shared = dir / "shared";
  REQUIRE(::mkdir(shared.c_str(), 0777) == 0);
  REQUIRE(::chmod(shared.c_str(), 0777) == 0);
  FakeHttp iam;
  iam.answer(issued("MIItoken-1", k_start + 1h));
  iam.answer(issued("MIItoken-2", k_start + 2h));
  Clock::time_point now = k_start;
  SecretRegistry secrets;
  std::vector<std::string> warnings;
  const auto authenticator = make_password_authenticator(login(), iam, TokenCache(shared), [&] { return now; }, secrets,
                                                         [&](const std::string& text) { warnings.push_back(text); });
  http::Request first = job_request();
  REQUIRE(authenticator->authenticate(first));
  now = k_start + 1h;  // renewed: the store fails again, unsaid
  http::Request second = job_request();
  REQUIRE(authenticator->authenticate(second));
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings.front(), Catch::Contains("auth.token_cache") && Catch::Contains("writable by others"));
  CHECK(header_of(second, "X-Auth-Token") == "MIItoken-2");
}
