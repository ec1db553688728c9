// Token authentication: the IAM token travels in X-Auth-Token (job-states.md, "Credentials").
#include <algorithm>

#include "auth/methods.hpp"
#include "auth/request_headers.hpp"

namespace jobwait::auth {

namespace {

class TokenAuthenticator final : public Authenticator {
 public:
  explicit TokenAuthenticator(std::string token) : m_token(std::move(token)) {}

  tl::expected<void, AuthFailure> authenticate(http::Request& request) override {
    // No token (exec, which sends nothing) adds no header: an empty one would still be sent.
    if (!m_token.empty()) set_header(request.headers, "X-Auth-Token", m_token);
    return {};
  }

 private:
  std::string m_token;
};

}  // namespace

std::unique_ptr<Authenticator> make_token_authenticator(std::string token) {
  return std::make_unique<TokenAuthenticator>(std::move(token));
}

}  // namespace jobwait::auth
