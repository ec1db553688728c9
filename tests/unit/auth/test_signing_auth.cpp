// runner/auth/signing_auth.cpp: what AK/SK authentication puts on the wire. Every Python-SDK
// vector in shared/api-docs/signing-vectors.json (read at test time) is sent through the
// authenticator as a request, and what comes out must be what the SDK sent.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "auth/methods.hpp"
#include "auth/request_headers.hpp"
#include "fake_http.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
namespace json = boost::json;
using test::header_of;

json::array vectors() {
  std::ifstream in(JOBWAIT_API_DOCS_DIR "/signing-vectors.json", std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).at("vectors").as_array();
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

std::string str(const json::value& value, std::string_view key) { return std::string(value.at(key).as_string()); }

// 20240606T155531Z as a time point.
std::chrono::system_clock::time_point at_sdk_date(std::string_view date) {
  using namespace std::chrono;
  const auto number = [&](std::size_t at, std::size_t width) { return std::stoi(std::string(date.substr(at, width))); };
  const year_month_day day{year(number(0, 4)), month(static_cast<unsigned>(number(4, 2))),
                           std::chrono::day(static_cast<unsigned>(number(6, 2)))};
  return sys_days(day) + hours(number(9, 2)) + minutes(number(11, 2)) + seconds(number(13, 2));
}

WallClock fixed(std::chrono::system_clock::time_point when) {
  return [when] { return when; };
}

http::Request plain_request(std::string url) {
  http::Request request;
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json"}};
  return request;
}

const Credentials k_keys{"HPUABCDEFGHIJKLMNOPQ", "qwertyuiopasdfghjklzxcvbnm0123456789ABCD", ""};

}  // namespace

TEST_CASE("signing auth: sends what the Python SDK sent for every vector", "[auth]") {
  int run = 0;
  for (const json::value& vector : vectors()) {
    if (vector.as_object().contains("sign_rule")) continue;  // Go-SDK header rules: not what we send
    INFO(str(vector, "name"));
    http::Request request;
    request.method = str(vector, "method");
    request.url = str(vector, "url");
    request.body = str(vector, "body");
    Credentials credentials{str(vector, "ak"), str(vector, "sk"), ""};
    for (const auto& [name, value] : vector.at("headers").as_object()) {
      if (name == "X-Security-Token") {
        credentials.security_token = std::string(value.as_string());  // temporary credentials carry it
      } else {
        request.headers.push_back({std::string(name), std::string(value.as_string())});
      }
    }
    SigningOptions options;
    if (const auto* derived = vector.as_object().if_contains("derived")) {
      options.v11 = DerivedScope{str(*derived, "region_id"), str(*derived, "derived_auth_service_name")};
    }
    const auto authenticator = make_signing_authenticator(credentials, options, fixed(at_sdk_date(str(vector, "x_sdk_date"))));
    REQUIRE(authenticator->authenticate(request));

    const json::value& expected = vector.at("expected");
    const auto url = split_url(request.url);
    REQUIRE(url);
    CHECK(request.url.substr(url->origin.size()) == str(expected, "sent_request_target"));
    for (const auto& [name, value] : expected.at("sent_headers").as_object()) {
      INFO(name);
      // Compared as HTTP reads them: leading and trailing spaces and tabs are not the value.
      CHECK(trimmed(header_of(request, name)) == trimmed(value.as_string()));
      CHECK(test::count_of(request, name) == 1);
    }
    ++run;
  }
  CHECK(run >= 14);
}

TEST_CASE("signing auth: every request gets a fresh X-Sdk-Date and signature", "[auth]") {
  auto now = at_sdk_date("20260101T000000Z");
  const auto authenticator = make_signing_authenticator(k_keys, {}, [&now] { return now; });
  const http::Request original = plain_request("https://cce.eu-de.otc.t-systems.com/api/v3/projects/p/jobs/j");
  http::Request first = original;
  REQUIRE(authenticator->authenticate(first));
  now += std::chrono::seconds(2);
  http::Request second = original;
  REQUIRE(authenticator->authenticate(second));
  CHECK(header_of(first, "X-Sdk-Date") == "20260101T000000Z");
  CHECK(header_of(second, "X-Sdk-Date") == "20260101T000002Z");
  CHECK(header_of(first, "Authorization") != header_of(second, "Authorization"));
  CHECK_THAT(header_of(second, "Authorization"),
             Catch::StartsWith("SDK-HMAC-SHA256 Access=HPUABCDEFGHIJKLMNOPQ, SignedHeaders=content-type;host;x-sdk-date, "
                               "Signature="));
  CHECK(header_of(second, "Host") == "cce.eu-de.otc.t-systems.com");
}

TEST_CASE("signing auth: the query is sent in the signed canonical order and encoding", "[auth]") {
  const auto authenticator = make_signing_authenticator(k_keys, {}, fixed(at_sdk_date("20260101T000000Z")));
  http::Request request = plain_request("http://127.0.0.1:8080/v3/p/cas/jobs/a%3Ab%20c?offset=2&limit=5&desc=true");
  REQUIRE(authenticator->authenticate(request));
  CHECK(request.url == "http://127.0.0.1:8080/v3/p/cas/jobs/a%3Ab%20c?desc=true&limit=5&offset=2");
  CHECK(header_of(request, "Host") == "127.0.0.1:8080");
}

TEST_CASE("signing auth: X-Project-Id once the project is known, signed", "[auth]") {
  const auto authenticator = make_signing_authenticator(k_keys, {}, fixed(at_sdk_date("20260101T000000Z")));
  http::Request before = plain_request("https://iam.eu-de.otc.t-systems.com/v3/projects?name=eu-de");
  REQUIRE(authenticator->authenticate(before));
  CHECK(header_of(before, "X-Project-Id").empty());

  authenticator->scope_to_project("proj-7");
  http::Request after = plain_request("https://cce.eu-de.otc.t-systems.com/api/v3/projects/proj-7/jobs/j");
  REQUIRE(authenticator->authenticate(after));
  CHECK(header_of(after, "X-Project-Id") == "proj-7");
  CHECK_THAT(header_of(after, "Authorization"), Catch::Contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date,"));
}

TEST_CASE("signing auth: temporary credentials send and sign X-Security-Token", "[auth]") {
  const auto authenticator = make_signing_authenticator({k_keys.ak, k_keys.sk, "STS-token-value"}, {},
                                                        fixed(at_sdk_date("20260101T000000Z")));
  http::Request request = plain_request("https://cfw.eu-de.otc.t-systems.com/v3/p/jobs/j");
  REQUIRE(authenticator->authenticate(request));
  CHECK(header_of(request, "X-Security-Token") == "STS-token-value");
  CHECK_THAT(header_of(request, "Authorization"), Catch::Contains(";x-security-token,"));
}

TEST_CASE("signing auth: V11 puts its scope in the Authorization header", "[auth]") {
  SigningOptions options;
  options.v11 = DerivedScope{"eu-west-101", "cce"};
  const auto authenticator = make_signing_authenticator(k_keys, options, fixed(at_sdk_date("20260101T000000Z")));
  http::Request request = plain_request("https://cce.eu-west-101.myhuaweicloud.eu/api/v3/projects/p/jobs/j");
  REQUIRE(authenticator->authenticate(request));
  CHECK_THAT(header_of(request, "Authorization"),
             Catch::StartsWith("V11-HMAC-SHA256 Credential=HPUABCDEFGHIJKLMNOPQ/20260101/eu-west-101/cce, "));
}

TEST_CASE("signing auth: headers the signer owns are replaced, never doubled", "[auth]") {
  const auto authenticator = make_signing_authenticator(k_keys, {}, fixed(at_sdk_date("20260101T000000Z")));
  http::Request request = plain_request("https://cce.eu-de.otc.t-systems.com/api/v3/projects/p/jobs/j");
  request.headers.push_back({"X-Auth-Token", "stale"});
  request.headers.push_back({"authorization", "stale"});
  request.headers.push_back({"X-Sdk-Date", "19990101T000000Z"});
  REQUIRE(authenticator->authenticate(request));
  CHECK(test::count_of(request, "X-Auth-Token") == 0);
  CHECK(test::count_of(request, "Authorization") == 1);
  CHECK(header_of(request, "X-Sdk-Date") == "20260101T000000Z");
}

TEST_CASE("signing auth: a request that cannot be signed is never sent", "[auth]") {
  const auto authenticator = make_signing_authenticator(k_keys, {}, fixed(at_sdk_date("20260101T000000Z")));
  http::Request no_scheme = plain_request("cce.example.com/jobs/j");
  const auto refused = authenticator->authenticate(no_scheme);
  REQUIRE_FALSE(refused);
  const auto* error = std::get_if<http::TransportError>(&refused.error());
  REQUIRE(error != nullptr);
  CHECK_THAT(error->message, Catch::Contains("cannot sign"));
  CHECK(error->message.find(k_keys.sk) == std::string::npos);
}
