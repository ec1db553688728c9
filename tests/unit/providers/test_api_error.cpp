// runner/providers/api_error.cpp: status-code classification, every error body shape in
// job-states.md, request ids, and error bodies inside a 200.
#include <catch2/catch.hpp>

#include <string>

#include <boost/json/parse.hpp>

#include "fixture.hpp"
#include "providers/api_error.hpp"

using jobwait::Error;
using jobwait::ErrorKind;
using jobwait::providers::error_from_response;
using jobwait::providers::error_in_body;
using jobwait::test::fixture;

namespace {

Error answer(int status, std::string body, std::vector<jobwait::http::Header> headers = {}) {
  jobwait::http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return error_from_response(response);
}

}  // namespace

TEST_CASE("api_error: 401 and 403 are auth errors", "[api_error]") {
  const auto expired = answer(401, fixture("errors/apigw-0301.json"));
  CHECK(expired.kind == ErrorKind::auth);
  CHECK(expired.http_status == 401);
  CHECK(expired.code == "APIGW.0301");
  CHECK_THAT(expired.message, Catch::StartsWith("HTTP 401 APIGW.0301: Incorrect IAM authentication"));
  CHECK_THAT(expired.message, Catch::Contains("check the token"));

  const auto denied = answer(403, fixture("errors/servicestage-403.json"));
  CHECK(denied.kind == ErrorKind::auth);
  CHECK(denied.code == "SVCSTG.00100403");
  CHECK_THAT(denied.message, Catch::Contains("permission denied"));
}

TEST_CASE("api_error: 401 APIGW.0303 tells the user to check the system clock", "[api_error]") {
  const auto skew = answer(401, fixture("errors/apigw-0303.json"));
  CHECK(skew.kind == ErrorKind::auth);
  CHECK(skew.code == "APIGW.0303");
  CHECK_THAT(skew.message, Catch::Contains("check the system clock"));
  CHECK_THAT(skew.message, Catch::Contains("15 minutes"));
}

TEST_CASE("api_error: 404 APIGW.0101 is a config error about the host or path, not a missing job", "[api_error]") {
  const auto wrong = answer(404, fixture("errors/apigw-0101.json"));
  CHECK(wrong.kind == ErrorKind::config);
  CHECK(wrong.code == "APIGW.0101");
  CHECK_THAT(wrong.message, Catch::Contains("host or path is wrong"));
  CHECK_THAT(wrong.message, Catch::Contains("not the same as a missing job"));
}

TEST_CASE("api_error: a service's own 404 means the job is not there", "[api_error]") {
  const auto gone = answer(404, fixture("errors/cce-404.json"));
  CHECK(gone.kind == ErrorKind::not_found);
  CHECK(gone.code == "CCE.01404001");
  CHECK_THAT(gone.message, Catch::StartsWith("HTTP 404 CCE.01404001: Job not found"));
  CHECK(answer(404, "").kind == ErrorKind::not_found);
}

TEST_CASE("api_error: 408, 429 and 5xx are transient", "[api_error]") {
  CHECK(answer(408, "").kind == ErrorKind::transient);
  const auto throttled = answer(429, fixture("errors/apigw-0308.json"));
  CHECK(throttled.kind == ErrorKind::transient);
  CHECK(throttled.code == "APIGW.0308");
  for (const int status : {500, 502, 503, 504, 599}) {
    INFO("status " << status);
    CHECK(answer(status, "").kind == ErrorKind::transient);
  }
}

TEST_CASE("api_error: other 4xx and unexpected statuses are api errors", "[api_error]") {
  for (const int status : {400, 405, 409, 412, 422, 302}) {
    INFO("status " << status);
    const auto error = answer(status, R"({"error_code":"X.1","error_msg":"bad"})");
    CHECK(error.kind == ErrorKind::api);
    CHECK(error.http_status == status);
  }
}

TEST_CASE("api_error: every body shape gives code and message", "[api_error]") {
  SECTION("error_code / error_msg") {
    const auto e = answer(400, R"({"error_code":"SVCSTG.00100400","error_msg":"Invalid job id"})");
    CHECK(e.code == "SVCSTG.00100400");
    CHECK(e.message == "HTTP 400 SVCSTG.00100400: Invalid job id");
  }
  SECTION("errorCode / errorMessage (CCE)") {
    const auto e = answer(400, R"({"errorCode":"CCE.01400001","errorMessage":"Invalid request"})");
    CHECK(e.code == "CCE.01400001");
    CHECK(e.message == "HTTP 400 CCE.01400001: Invalid request");
  }
  SECTION("errorCode / errorMsg") {
    const auto e = answer(400, fixture("errors/error-code-msg-camel.json"));
    CHECK(e.code == "CAE.01500404");
    CHECK(e.message == "HTTP 400 CAE.01500404: The environment does not exist");
  }
  SECTION("error.code / error.message with a numeric code (IAM)") {
    const auto e = answer(401, fixture("errors/iam-numeric-code.json"));
    CHECK(e.kind == ErrorKind::auth);
    CHECK(e.code == "401");
    CHECK_THAT(e.message, Catch::StartsWith("HTTP 401: The request you have made requires"));
  }
  SECTION("error.code / error.message with a string code") {
    const auto e = answer(400, fixture("errors/iam-string-code.json"));
    CHECK(e.code == "IAM.0001");
    CHECK(e.message == "HTTP 400 IAM.0001: The request you have made requires authentication.");
  }
}

TEST_CASE("api_error: the request id comes from X-Request-Id, else from the body", "[api_error]") {
  const auto from_header = answer(401, fixture("errors/apigw-0301.json"),
                                  {{"Content-Type", "application/json"}, {"x-request-id", "hdr-1"}});
  CHECK(from_header.request_id == "hdr-1");
  const auto from_body = answer(401, fixture("errors/apigw-0301.json"));
  CHECK(from_body.request_id == "body-4a9e5d2b0b7c4e0f8f7f");
  CHECK(answer(500, "").request_id.empty());
}

TEST_CASE("api_error: a gateway's HTML page is summed up by its title, not pasted", "[api_error]") {
  const auto html = answer(502, fixture("errors/gateway-502.html"));
  CHECK(html.kind == ErrorKind::transient);
  CHECK(html.code.empty());
  CHECK(html.message == "HTTP 502 Bad Gateway");
  CHECK(answer(503, "<!DOCTYPE html>\n<HTML><HEAD><TITLE>503 Service Temporarily Unavailable</TITLE></HEAD></HTML>")
            .message == "HTTP 503 Service Temporarily Unavailable");
  // No title: the first heading; neither: an excerpt as for any other text.
  CHECK(answer(504, "<html><body><h1>Gateway Time-out</h1></body></html>").message == "HTTP 504 Gateway Time-out");
  CHECK_THAT(answer(500, "<html><body>oops</body></html>").message, Catch::StartsWith("HTTP 500: <html>"));
}

TEST_CASE("api_error: a non-JSON body gives the status and a short excerpt", "[api_error]") {
  const auto huge = answer(503, std::string(100000, 'x'));
  CHECK(huge.message.size() < 260);
  CHECK_THAT(huge.message, Catch::EndsWith("..."));

  CHECK(answer(502, "").message == "HTTP 502 (empty body)");
  CHECK(answer(500, R"({"unrelated":true})").message == R"(HTTP 500: {"unrelated":true})");
}

TEST_CASE("api_error: an error body inside a 200 is an api error", "[api_error]") {
  const auto next_to_data = error_in_body(boost::json::parse(fixture("cfw/error-next-to-data.json")));
  REQUIRE(next_to_data);
  CHECK(next_to_data->kind == ErrorKind::api);
  CHECK(next_to_data->code == "CFW.00200005");
  CHECK_THAT(next_to_data->message, Catch::Contains("The job does not belong to this project"));

  const auto instead = error_in_body(boost::json::parse(fixture("cfw/error-instead-of-data.json")));
  REQUIRE(instead);
  CHECK(instead->code == "CFW.0020016");
  CHECK_THAT(instead->message, Catch::Contains("Job not found"));
}

TEST_CASE("api_error: a 200 without error fields, or with empty ones, has no error", "[api_error]") {
  CHECK_FALSE(error_in_body(boost::json::parse(fixture("cfw/page-example.json"))));
  CHECK_FALSE(error_in_body(boost::json::parse(fixture("cfw/empty-error-fields.json"))));
  CHECK_FALSE(error_in_body(boost::json::parse(R"([1,2])")));
}

TEST_CASE("api_error: a throttled or unavailable answer carries its Retry-After", "[api_error]") {
  const auto throttled = answer(429, fixture("errors/apigw-0308.json"), {{"Retry-After", "3"}});
  REQUIRE(throttled.retry_after.has_value());
  CHECK(*throttled.retry_after == std::chrono::seconds(3));
  const auto busy = answer(503, "", {{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"},
                                     {"Retry-After", "Sun, 06 Nov 1994 08:50:37 GMT"}});
  REQUIRE(busy.retry_after.has_value());
  CHECK(*busy.retry_after == std::chrono::seconds(60));
  CHECK_FALSE(answer(429, fixture("errors/apigw-0308.json")).retry_after.has_value());
}

TEST_CASE("api_error: Retry-After on a final error is ignored", "[api_error]") {
  CHECK_FALSE(answer(401, fixture("errors/apigw-0301.json"), {{"Retry-After", "3"}}).retry_after.has_value());
  CHECK_FALSE(answer(404, fixture("errors/cce-404.json"), {{"Retry-After", "3"}}).retry_after.has_value());
}

TEST_CASE("api_error: a code or request id from the body cannot break the one-line message", "[api_error]") {
  const auto forged = answer(400, R"({"error_code":"X.1\n::error::forged","error_msg":"m","request_id":"r\r\n1"})");
  CHECK(forged.message.find('\n') == std::string::npos);
  CHECK(forged.code.find('\n') == std::string::npos);
  CHECK(forged.request_id == "r 1");
  const auto flood = answer(400, R"({"error_code":")" + std::string(100000, 'A') + R"("})");
  CHECK(flood.message.size() < 500);
  CHECK(flood.code.size() <= 110);
}
