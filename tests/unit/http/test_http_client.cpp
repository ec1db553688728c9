// runner/http/http_client.cpp: header lookup on a response, and the client options a step's
// [tls] gives.
#include <catch2/catch.hpp>

#include "http/http_client.hpp"
#include "temp_dir.hpp"

#include <fstream>

using namespace jobwait;
using namespace jobwait::http;

TEST_CASE("http client: a header is found by name whatever its case, the first of several", "[http_client]") {
  Response response;
  response.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "first"}, {"x-request-id", "second"}};
  CHECK(response.header("content-type") == "application/json");
  CHECK(response.header("X-REQUEST-ID") == "first");
  CHECK(response.header("X-Request-Id") == "first");
}

TEST_CASE("http client: an absent header, or a longer or shorter name, is empty", "[http_client]") {
  Response response;
  response.headers = {{"Retry-After", "5"}};
  CHECK(response.header("Retry").empty());
  CHECK(response.header("Retry-After-Ms").empty());
  CHECK(response.header("").empty());
  CHECK(Response{}.header("Retry-After").empty());
}

TEST_CASE("http client: insecure needs no trust store and looks for none", "[http_client]") {
  const ClientOptions options = client_options("/no/such/ca.pem", true);
  CHECK(options.insecure);
  CHECK_FALSE(options.ca.bundle.has_value());
}

TEST_CASE("http client: tls.ca_file is the trust store when given", "[http_client]") {
  test::TempDir dir;
  const std::string pem = dir / "ca.pem";
  std::ofstream(pem) << "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const ClientOptions options = client_options(pem, false);
  CHECK_FALSE(options.insecure);
  REQUIRE(options.ca.bundle.has_value());
  CHECK(options.ca.bundle->file == pem);
  CHECK(options.ca.bundle->source == "tls.ca_file");
}

TEST_CASE("http client: a request's defaults are a GET with 30 s, of which 10 s to connect", "[http_client]") {
  const Request request;
  CHECK(request.method == "GET");
  CHECK(request.timeout == std::chrono::seconds(30));
  CHECK(request.connect_timeout == std::chrono::seconds(10));
}
