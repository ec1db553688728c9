// runner/auth/request_headers.cpp: URLs taken apart for signing, headers replaced in place.
#include <catch2/catch.hpp>

#include "auth/request_headers.hpp"

using namespace jobwait;
using jobwait::auth::split_url;

TEST_CASE("request headers: a URL splits into origin, host, path and decoded query", "[auth]") {
  const auto parts = split_url("http://127.0.0.1:8080/prefix/v3/p/cas/jobs/a%3Ab?limit=5&name=a%20b%2Bc&empty=&flag#frag");
  REQUIRE(parts);
  CHECK(parts->origin == "http://127.0.0.1:8080");
  CHECK(parts->host == "127.0.0.1:8080");
  CHECK(parts->path == "/prefix/v3/p/cas/jobs/a%3Ab");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(parts->query == Pairs{{"limit", "5"}, {"name", "a b+c"}, {"empty", ""}, {"flag", ""}});
}

TEST_CASE("request headers: no path is '/', and IPv6 hosts keep their brackets", "[auth]") {
  const auto bare = split_url("https://iam.example.com");
  REQUIRE(bare);
  CHECK(bare->path == "/");
  CHECK(bare->query.empty());
  const auto v6 = split_url("http://[::1]:9000/x?y=1");
  REQUIRE(v6);
  CHECK(v6->host == "[::1]:9000");
  CHECK_FALSE(split_url("no-scheme/x"));
  CHECK_FALSE(split_url("http:///x"));
}

TEST_CASE("request headers: set_header replaces every copy, whatever its case", "[auth]") {
  std::vector<http::Header> headers{{"x-auth-token", "a"}, {"Accept", "json"}, {"X-AUTH-TOKEN", "b"}};
  auth::set_header(headers, "X-Auth-Token", "c");
  REQUIRE(headers.size() == 2);
  CHECK(headers[0].name == "Accept");
  CHECK(headers[1].name == "X-Auth-Token");
  CHECK(headers[1].value == "c");
}
