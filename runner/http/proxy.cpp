#include "http/proxy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

#include "util/text.hpp"

namespace jobwait::http {

namespace {

struct Parts {
  std::string scheme;     // lower case; empty when the text has none
  std::string authority;  // without userinfo
  std::string host;       // lower case, IPv6 without brackets
  bool userinfo = false;
};

Parts split(std::string_view url) {
  Parts parts;
  std::string_view rest = url;
  if (const std::size_t colon = url.find("://"); colon != std::string_view::npos) {
    parts.scheme = to_lower(url.substr(0, colon));
    rest = url.substr(colon + 3);
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    parts.userinfo = true;
    authority = authority.substr(at + 1);
  }
  parts.authority = std::string(authority);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  parts.host = to_lower(host);
  while (!parts.host.empty() && parts.host.back() == '.') parts.host.pop_back();
  return parts;
}

// The first of `names` that is set: its name and value (libcurl takes a set but empty one too).
std::optional<std::pair<std::string, std::string>> first_set(const config::EnvLookup& env, std::initializer_list<std::string> names) {
  for (const std::string& name : names) {
    if (std::optional<std::string> value = env(name)) return std::make_pair(name, *value);
  }
  return std::nullopt;
}

bool ipv4_in(const std::string& host, std::string_view network, int bits) {
  in_addr address{}, base{};
  if (::inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  if (::inet_pton(AF_INET, std::string(network).c_str(), &base) != 1 || bits < 0 || bits > 32) return false;
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (ntohl(address.s_addr) & mask) == (ntohl(base.s_addr) & mask);
}

// libcurl's check_noproxy: "*" is every host; otherwise a list (commas, blanks) of names,
// each matching itself and its subdomains (a leading dot is ignored), and of addresses, an
// IPv4 one with an optional /bits.
bool bypassed(const std::string& host, std::string_view no_proxy) {
  if (no_proxy == "*") return true;
  std::size_t from = 0;
  while (from < no_proxy.size()) {
    const std::size_t end = std::min(no_proxy.find_first_of(", \t", from), no_proxy.size());
    std::string token = to_lower(no_proxy.substr(from, end - from));
    from = end + 1;
    if (token.empty()) continue;
    if (const std::size_t slash = token.find('/'); slash != std::string::npos) {
      if (ipv4_in(host, std::string_view(token).substr(0, slash), std::atoi(token.c_str() + slash + 1))) return true;
      continue;
    }
    if (token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
    if (token.front() == '.') token.erase(0, 1);
    while (!token.empty() && token.back() == '.') token.pop_back();
    if (token.empty()) continue;
    if (host == token) return true;
    if (host.size() > token.size() && host.compare(host.size() - token.size(), token.size(), token) == 0 &&
        host[host.size() - token.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<ProxyUse> proxy_for(std::string_view url, const config::EnvLookup& env) {
  if (!env) return std::nullopt;
  const Parts target = split(url);
  if (const auto no_proxy = first_set(env, {"no_proxy", "NO_PROXY"}); no_proxy && bypassed(target.host, no_proxy->second)) {
    return std::nullopt;
  }
  const std::string scheme = target.scheme.empty() ? "http" : target.scheme;
  std::optional<std::pair<std::string, std::string>> chosen = first_set(env, {scheme + "_proxy"});
  if (!chosen && scheme != "http") {
    std::string upper = scheme + "_PROXY";
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    chosen = first_set(env, {upper});
  }
  if (!chosen) chosen = first_set(env, {"all_proxy", "ALL_PROXY"});
  if (!chosen || chosen->second.empty()) return std::nullopt;

  const Parts proxy = split(chosen->second);
  ProxyUse use;
  use.address = (proxy.scheme.empty() ? "http" : proxy.scheme) + "://" + proxy.authority;
  use.variable = chosen->first;
  use.with_credentials = proxy.userinfo;
  return use;
}

std::string describe(const ProxyUse& proxy) {
  return "the proxy " + proxy.address + " (from " + proxy.variable + ")";
}

}  // namespace jobwait::http
