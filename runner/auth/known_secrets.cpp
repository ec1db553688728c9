#include "auth/known_secrets.hpp"

#include "auth/crypto.hpp"
#include "http/url.hpp"

namespace jobwait::auth {

std::vector<std::string> credential_pair_forms(std::string_view user, std::string_view password) {
  if (password.empty()) return {};
  // Not "user:password" itself: its password is masked within it anyway, and a text that ends
  // in the user name would read as that secret cut short (util/redact.hpp) and lose the name.
  return {std::string(password), base64(std::string(user) + ":" + std::string(password))};
}

std::vector<std::string> proxy_secrets(std::string_view proxy_url) {
  // The scheme is optional: libcurl takes "user:pw@host:3128" as http://.
  if (const std::size_t scheme = proxy_url.find("://"); scheme != std::string_view::npos) {
    proxy_url.remove_prefix(scheme + 3);
  }
  // The last '@' ends the userinfo: a password may hold an unencoded '@', a host never does.
  const std::size_t at = proxy_url.rfind('@');
  if (at == std::string_view::npos || at == 0) return {};
  const std::string_view userinfo = proxy_url.substr(0, at);
  std::vector<std::string> out{std::string(userinfo)};
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) return out;
  const std::string_view user = userinfo.substr(0, colon);
  const std::string_view password = userinfo.substr(colon + 1);
  for (std::string& form : credential_pair_forms(user, password)) out.push_back(std::move(form));
  for (std::string& form : credential_pair_forms(http::percent_decode(user), http::percent_decode(password))) {
    out.push_back(std::move(form));
  }
  return out;
}

namespace {

void register_auth(const config::AuthConfig& auth, SecretRegistry& registry) {
  for (const std::string& form : credential_pair_forms(auth.user, auth.password)) registry.add(form);
}

}  // namespace

void register_secrets(const config::StepConfig& step, const config::EnvLookup& env, SecretRegistry& registry) {
  for (const std::string& secret : step.secrets()) registry.add(secret);
  register_auth(step.auth, registry);
  for (const config::JobEntry& entry : step.jobs) register_auth(entry.auth, registry);
  if (!env) return;
  for (const std::string_view name : http::k_proxy_variables) {
    if (const std::optional<std::string> value = env(std::string(name))) {
      for (const std::string& secret : proxy_secrets(*value)) registry.add(secret);
    }
  }
}

}  // namespace jobwait::auth
