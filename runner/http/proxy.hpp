// Which proxy libcurl sends a request through, so that an error can name it. libcurl reads the
// proxy variables by itself (http_client.hpp); this reads them the same way (libcurl 7.88's
// detect_proxy and check_noproxy) without changing what it does: <scheme>_proxy in lower case,
// then in upper case except HTTP_PROXY (never read: CGI puts a request's Proxy header there),
// then all_proxy, ALL_PROXY; none for a host NO_PROXY (no_proxy first) lists.
// Only the proxy's scheme, host and port are kept: its userinfo is a secret, never shown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/env_expand.hpp"

namespace jobwait::http {

struct ProxyUse {
  std::string address;   // "http://127.0.0.1:3128": scheme, host and port, no userinfo or path
  std::string variable;  // where it came from: "https_proxy", "ALL_PROXY", ...
  bool with_credentials = false;  // the variable held a user (and password) for the proxy
};

// Every spelling of the proxy variables, HTTP_PROXY too: libcurl ignores it, other tools read
// it, and credentials in any of them are secrets (auth/known_secrets.hpp).
inline constexpr std::string_view k_proxy_variables[] = {"http_proxy", "https_proxy", "HTTPS_PROXY",
                                                         "HTTP_PROXY", "ALL_PROXY",   "all_proxy"};

// The proxy a request to `url` goes through, with the environment `env` (e.g.
// config::process_environment()); nullopt: straight to the server.
std::optional<ProxyUse> proxy_for(std::string_view url, const config::EnvLookup& env);

// "the proxy http://127.0.0.1:3128 (from https_proxy)": how messages name it.
std::string describe(const ProxyUse& proxy);

}  // namespace jobwait::http
