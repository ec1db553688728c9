// Every credential a run holds before it sends anything, gathered into the run's secret
// registry (util/secret_registry.hpp): the step's own (StepConfig::secrets), the forms a
// user:password pair travels in (HTTP Basic auth: base64 of "user:password"), and the
// credentials in the proxy variables libcurl reads, which a proxy may echo back in a 407.
// Tokens obtained later are added where they are obtained (password_auth.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/proxy.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"
#include "util/secret_registry.hpp"

namespace jobwait::auth {

// The secret forms of a user:password pair: the password and the base64 of "user:password"
// (what a Basic Authorization or Proxy-Authorization header carries). Empty without a password.
std::vector<std::string> credential_pair_forms(std::string_view user, std::string_view password);

// The secrets in a proxy URL's userinfo ("http://user:p%40ss@host:3128"): the userinfo as
// written ("user:p%40ss"), and the pair's forms both as written and percent-decoded (libcurl
// sends it decoded).
// The user name alone is not one: it is no secret, and a short word masked everywhere would
// wreck the text. Empty when the URL has no userinfo.
std::vector<std::string> proxy_secrets(std::string_view proxy_url);

// Adds all of the above for `step` (each of its jobs) and the environment to `registry`.
void register_secrets(const config::StepConfig& step, const config::EnvLookup& env, SecretRegistry& registry);

}  // namespace jobwait::auth
