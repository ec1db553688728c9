#include "auth/session.hpp"

#include "auth/credentials.hpp"
#include "auth/iam.hpp"
#include "providers/api_error.hpp"
#include "providers/provider.hpp"
#include "providers/registry.hpp"

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
                                                  WallClock now) {
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
      return make_password_authenticator(std::move(login), transport, std::move(cache), std::move(now));
    }
    case Method::token:
    case Method::none:  // exec: nothing to add; an empty token is never sent
      break;
  }
  return make_token_authenticator(auth.token);
}

WaitResult ended(Error error) {
  WaitResult result;
  result.outcome = error.kind == ErrorKind::auth ? Outcome::auth_error : Outcome::api_error;
  result.message = "cannot look up the project at IAM: " + error.message;
  if (!error.request_id.empty()) result.message += " (request id " + error.request_id + ")";
  result.last_error = std::move(error);
  return result;
}

}  // namespace

Session::Session(const config::StepConfig& step, http::Client& transport, WallClock now)
    : m_authenticator(make_authenticator(step, transport, std::move(now))),
      m_client(make_authenticating_client(transport, *m_authenticator)) {
  if (!step.job.project_id.empty()) m_authenticator->scope_to_project(step.job.project_id);
}

std::optional<WaitResult> Session::scope_to_project(config::StepConfig& step) {
  const providers::ProviderEntry* entry = providers::find_entry(step.job.provider);
  if (!step.job.project_id.empty() || (entry != nullptr && entry->kind == providers::ProviderKind::exec)) {
    return std::nullopt;
  }
  http::Request request = projects_request(iam_url(step), step.job.region);
  request.timeout = step.wait.request_timeout;
  auto answer = m_client->send(request);
  if (!answer) return ended(Error{ErrorKind::transient, answer.error().message, {}, {}, 0});
  if (answer->status < 200 || answer->status > 299) return ended(providers::error_from_response(*answer));
  auto project = read_project_id(*answer, step.job.region);
  if (!project) return ended(std::move(project.error()));
  step.job.project_id = std::move(*project);
  m_authenticator->scope_to_project(step.job.project_id);
  return std::nullopt;
}

}  // namespace jobwait::auth
