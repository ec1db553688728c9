// runner/auth/iam.cpp: the IAM requests jobwait builds and the answers it reads.
#include <catch2/catch.hpp>

#include "auth/iam.hpp"
#include "fake_http.hpp"
#include "util/utc_time.hpp"

namespace {

using namespace jobwait;
using namespace jobwait::auth;
using Clock = std::chrono::system_clock;

config::StepConfig in(std::string cloud, std::string region) {
  config::StepConfig step;
  step.job.cloud = std::move(cloud);
  step.job.region = std::move(region);
  return step;
}

}  // namespace

TEST_CASE("iam: the endpoint follows the cloud's host rules unless set", "[auth]") {
  CHECK(iam_url(in("huaweicloud", "ap-southeast-1")) == "https://iam.ap-southeast-1.myhuaweicloud.com");
  CHECK(iam_url(in("huaweicloud", "eu-west-101")) == "https://iam.eu-west-101.myhuaweicloud.eu");
  CHECK(iam_url(in("otc", "eu-de")) == "https://iam.eu-de.otc.t-systems.com");
  CHECK(iam_url(in("otc", "eu-ch2")) == "https://iam.eu-ch2.sc.otc.t-systems.com");
  config::StepConfig set = in("otc", "eu-de");
  set.auth.iam_endpoint = "http://127.0.0.1:9000/";
  CHECK(iam_url(set) == "http://127.0.0.1:9000");
  // The job's endpoint is not IAM's: a password must never go where the job API is.
  config::StepConfig endpoint = in("huaweicloud", "ap-southeast-1");
  endpoint.job.endpoint = "https://proxy.example.com";
  CHECK(iam_url(endpoint) == "https://iam.ap-southeast-1.myhuaweicloud.com");
}

TEST_CASE("iam: the token reply gives X-Subject-Token and token.expires_at", "[auth]") {
  const Clock::time_point now = Clock::time_point(std::chrono::seconds(1'800'000'000));
  const auto reply = read_token_reply(
      test::response(201, R"({"token":{"expires_at":"2027-01-15T08:00:00.000000Z","methods":["password"]}})",
                     {{"X-Subject-Token", "MIItoken"}}),
      now);
  REQUIRE(reply);
  CHECK(reply->token == "MIItoken");
  CHECK(format_utc_seconds(reply->expires_at) == "2027-01-15T08:00:00Z");

  const auto silent = read_token_reply(test::response(201, "not json", {{"X-Subject-Token", "MIItoken"}}), now);
  REQUIRE(silent);
  CHECK(silent->expires_at == now + std::chrono::hours(24));

  const auto tokenless = read_token_reply(test::response(201, "{}"), now);
  REQUIRE_FALSE(tokenless);
  CHECK_THAT(tokenless.error(), Catch::Contains("X-Subject-Token"));
}

TEST_CASE("iam: the project lookup asks by region name, encoded", "[auth]") {
  const http::Request request = projects_request("https://iam.example.com", "eu de/1");
  CHECK(request.method == "GET");
  CHECK(request.url == "https://iam.example.com/v3/projects?name=eu%20de%2F1");
}

TEST_CASE("iam: exactly one project is the answer, zero or several is a clear error", "[auth]") {
  const auto one = read_project_id(
      test::response(200, R"({"projects":[{"id":"p-1","name":"eu-de","enabled":true}],"links":{}})"), "eu-de");
  REQUIRE(one);
  CHECK(*one == "p-1");

  const auto none = read_project_id(test::response(200, R"({"projects":[]})", {{"X-Request-Id", "r-0"}}), "eu-xx");
  REQUIRE_FALSE(none);
  CHECK(none.error().kind == ErrorKind::config);
  CHECK(none.error().request_id == "r-0");
  CHECK_THAT(none.error().message, Catch::Contains("no project named after region \"eu-xx\""));

  const auto several =
      read_project_id(test::response(200, R"({"projects":[{"id":"p-1","name":"eu-de"},{"id":"p-2","name":"eu-de"}]})"),
                      "eu-de");
  REQUIRE_FALSE(several);
  CHECK_THAT(several.error().message, Catch::Contains("2 projects") && Catch::Contains("p-1, p-2") &&
                                          Catch::Contains("job.project_id"));

  const auto shapeless = read_project_id(test::response(200, R"({"items":[]})"), "eu-de");
  REQUIRE_FALSE(shapeless);
  CHECK(shapeless.error().kind == ErrorKind::config);
}
