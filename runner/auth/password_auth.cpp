// Password authentication: a token from IAM (POST /v3/auth/tokens, job-states.md
// "Credentials"), renewed before it expires and optionally shared between runs on disk.
#include "auth/iam.hpp"
#include "auth/methods.hpp"
#include "auth/request_headers.hpp"

namespace jobwait::auth {

namespace {

class PasswordAuthenticator final : public Authenticator {
 public:
  PasswordAuthenticator(PasswordLogin login, http::Client& iam_client, std::optional<TokenCache> cache, WallClock now,
                        SecretRegistry& secrets, Warn warn)
      : m_login(std::move(login)),
        m_iam(iam_client),
        m_cache(std::move(cache)),
        m_now(std::move(now)),
        m_secrets(secrets),
        m_warn(std::move(warn)) {}

  tl::expected<void, AuthFailure> authenticate(http::Request& request) override {
    if (auto ready = ensure_token(request.timeout); !ready) return ready;
    set_header(request.headers, "X-Auth-Token", m_token->token);
    return {};
  }

 private:
  TokenKey cache_key() const {
    const std::string project = m_login.project_id.empty() ? "name:" + m_login.project_name : "id:" + m_login.project_id;
    return {m_login.iam_url, m_login.domain, m_login.user, project};
  }

  tl::expected<void, AuthFailure> ensure_token(std::chrono::milliseconds timeout) {
    const auto now = m_now();
    if (m_token && m_token->expires_at - now >= k_token_refresh_margin) return {};
    if (m_cache) {
      if (auto cached = m_cache->load(cache_key(), now, k_token_refresh_margin)) {
        hold(std::move(*cached));
        return {};
      }
    }
    http::Request login = token_request(m_login.iam_url, m_login.user, m_login.password, m_login.domain,
                                        {m_login.project_id, m_login.project_name});
    login.timeout = timeout;
    auto answer = m_iam.send(login);
    if (!answer) return tl::unexpected(AuthFailure(std::move(answer.error())));
    // IAM's refusal (401 wrong password, 403 locked user, 5xx) is the answer the caller sees.
    if (answer->status < 200 || answer->status > 299) return tl::unexpected(AuthFailure(std::move(*answer)));
    auto issued = read_token_reply(*answer, now);
    if (!issued) {
      return tl::unexpected(AuthFailure(http::TransportError{http::TransportErrorKind::other, issued.error()}));
    }
    hold(CachedToken{std::move(issued->token), issued->expires_at});
    // A cache that cannot be written costs the next run a login, nothing more; but the user
    // set one up and should know it does not work. Said once: it will not start working.
    if (m_cache) {
      if (auto stored = m_cache->store(cache_key(), *m_token); !stored && m_warn && !m_warned) {
        m_warn("auth.token_cache: cannot store the IAM token, so the next run logs in again: " + stored.error());
        m_warned = true;
      }
    }
    return {};
  }

  // A token is a secret from the moment we hold it: registered before it is first sent, so
  // that a server echoing it back (and GitHub's log, told by ::add-mask::) never shows it.
  void hold(CachedToken token) {
    m_secrets.add(token.token);
    m_token = std::move(token);
  }

  PasswordLogin m_login;
  http::Client& m_iam;
  std::optional<TokenCache> m_cache;
  WallClock m_now;
  SecretRegistry& m_secrets;
  Warn m_warn;
  bool m_warned = false;
  std::optional<CachedToken> m_token;
};

}  // namespace

std::unique_ptr<Authenticator> make_password_authenticator(PasswordLogin login, http::Client& iam_client,
                                                           std::optional<TokenCache> cache, WallClock now,
                                                           SecretRegistry& secrets, Warn warn) {
  return std::make_unique<PasswordAuthenticator>(std::move(login), iam_client, std::move(cache), std::move(now),
                                                 secrets, std::move(warn));
}

}  // namespace jobwait::auth
