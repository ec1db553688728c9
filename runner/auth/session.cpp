#include "auth/session.hpp"

#include "auth/credentials.hpp"
#include "auth/iam.hpp"
#include "providers/provider.hpp"

namespace jobwait::auth {

namespace {

// The V11 scope's service: the provider's host label (cce, servicestage, ...).
std::string service_of(const config::StepConfig& step) {
  if (const providers::Provider* provider = providers::find_provider(step.job.provider)) {
    return std::string(provider->service());
  }
  return step.job.service;
}

std::unique_ptr<Authenticator> make_authenticator(const config::StepConfig& step, http::Client& transport,
                                                  WallClock now, Warn warn, SecretRegistry& secrets) {
  const config::AuthConfig& auth = step.auth;
  switch (method_of(auth)) {
    case Method::access_key: {
      SigningOptions options;
      if (auth.signing == "V11-HMAC-SHA256") options.v11 = DerivedScope{step.job.region, service_of(step)};
      return make_signing_authenticator({auth.access_key, auth.secret_key, auth.security_token}, options,
                                        std::move(now));
    }
    case Method::password: {
      PasswordLogin login{iam_url(step), auth.user, auth.password, auth.domain, step.job.project_id, step.job.region};
      std::optional<TokenCache> cache;
      if (!auth.token_cache.empty()) cache.emplace(auth.token_cache);
      return make_password_authenticator(std::move(login), transport, std::move(cache), std::move(now), secrets,
                                         std::move(warn));
    }
    case Method::token:
    case Method::none:  // exec: nothing to add; an empty token is never sent
      break;
  }
  return make_token_authenticator(auth.token);
}

}  // namespace

Session::Session(const config::StepConfig& step, http::Client& transport, WallClock now, Warn warn,
                 SecretRegistry& secrets)
    : m_authenticator(make_authenticator(step, transport, std::move(now), std::move(warn), secrets)),
      m_client(make_authenticating_client(transport, *m_authenticator, &secrets)) {
  if (!step.job.project_id.empty()) m_authenticator->scope_to_project(step.job.project_id);
}

}  // namespace jobwait::auth
