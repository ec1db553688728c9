// runner/http/proxy.cpp: which proxy libcurl sends a request through, read as libcurl reads
// the variables, and named without its userinfo.
#include <catch2/catch.hpp>

#include <map>

#include "http/proxy.hpp"

namespace {

using namespace jobwait::http;

jobwait::config::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto found = vars.find(name);
    return found == vars.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

std::string address(std::string_view url, std::map<std::string, std::string> vars) {
  const std::optional<ProxyUse> use = proxy_for(url, env_of(std::move(vars)));
  return use ? use->address + " " + use->variable : "direct";
}

}  // namespace

TEST_CASE("proxy: the scheme's variable, then ALL_PROXY, and never HTTP_PROXY", "[proxy]") {
  CHECK(address("https://api.example.com/x", {}) == "direct");
  CHECK(address("https://api.example.com/x", {{"https_proxy", "http://p:1"}}) == "http://p:1 https_proxy");
  CHECK(address("https://api.example.com/x", {{"HTTPS_PROXY", "http://p:2"}}) == "http://p:2 HTTPS_PROXY");
  CHECK(address("https://api.example.com/x", {{"https_proxy", "http://p:1"}, {"HTTPS_PROXY", "http://p:2"}}) ==
        "http://p:1 https_proxy");
  CHECK(address("http://api.example.com/x", {{"https_proxy", "http://p:1"}}) == "direct");
  CHECK(address("http://api.example.com/x", {{"http_proxy", "http://p:3"}}) == "http://p:3 http_proxy");
  CHECK(address("http://api.example.com/x", {{"HTTP_PROXY", "http://p:3"}}) == "direct");  // httpoxy
  CHECK(address("http://api.example.com/x", {{"HTTP_PROXY", "http://p:3"}, {"ALL_PROXY", "socks5://p:4"}}) ==
        "socks5://p:4 ALL_PROXY");
  CHECK(address("HTTPS://api.example.com/x", {{"all_proxy", "p:5"}}) == "http://p:5 all_proxy");  // no scheme: http
  CHECK(address("https://api.example.com/x", {{"https_proxy", ""}}) == "direct");
}

TEST_CASE("proxy: the userinfo is dropped, and only whether there was one kept", "[proxy]") {
  const auto use = proxy_for("https://api.example.com/x", env_of({{"https_proxy", "http://user:pa%40ss@proxy.local:3128/"}}));
  REQUIRE(use);
  CHECK(use->address == "http://proxy.local:3128");
  CHECK(use->with_credentials);
  CHECK(describe(*use) == "the proxy http://proxy.local:3128 (from https_proxy)");
  const auto plain = proxy_for("https://api.example.com/x", env_of({{"https_proxy", "proxy.local:3128"}}));
  REQUIRE(plain);
  CHECK_FALSE(plain->with_credentials);
}

TEST_CASE("proxy: NO_PROXY bypasses hosts, their subdomains and IPv4 networks", "[proxy]") {
  const std::string p = "http://p:1";
  const auto via = [&](std::string_view url, const std::string& no_proxy, const char* name = "NO_PROXY") {
    return proxy_for(url, env_of({{"https_proxy", p}, {name, no_proxy}})).has_value();
  };
  CHECK_FALSE(via("https://api.example.com/x", "*"));
  CHECK_FALSE(via("https://api.example.com/x", "example.com"));
  CHECK_FALSE(via("https://api.example.com/x", ".example.com"));
  CHECK_FALSE(via("https://API.Example.com:443/x", "other.org, example.com"));
  CHECK_FALSE(via("https://api.example.com/x", "example.com", "no_proxy"));
  CHECK(via("https://api.badexample.com/x", "example.com"));
  CHECK(via("https://api.example.com/x", "*.org"));
  CHECK_FALSE(via("https://127.0.0.1:8443/x", "127.0.0.1"));
  CHECK_FALSE(via("https://10.1.2.3/x", "10.0.0.0/8"));
  CHECK(via("https://11.1.2.3/x", "10.0.0.0/8"));
  CHECK_FALSE(via("https://[::1]:8443/x", "::1"));
  // Lower case first: a set no_proxy hides NO_PROXY, as in libcurl.
  CHECK(proxy_for("https://a.example.com/", env_of({{"https_proxy", p}, {"no_proxy", "other.org"}, {"NO_PROXY", "example.com"}})));
}
