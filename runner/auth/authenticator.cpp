#include "auth/authenticator.hpp"

#include "util/redact.hpp"

namespace jobwait::auth {

namespace {

class AuthenticatingClient final : public http::Client {
 public:
  AuthenticatingClient(http::Client& inner, Authenticator& authenticator, const SecretRegistry* secrets)
      : m_inner(inner), m_authenticator(authenticator), m_secrets(secrets) {}

  tl::expected<http::Response, http::TransportError> send(const http::Request& request) override {
    http::Request authenticated = request;  // the caller's request stays free of credentials
    tl::expected<http::Response, http::TransportError> answer;
    if (auto ready = m_authenticator.authenticate(authenticated); !ready) {
      if (auto* refusal = std::get_if<http::Response>(&ready.error())) {
        answer = std::move(*refusal);
      } else {
        return tl::unexpected(std::get<http::TransportError>(ready.error()));
      }
    } else {
      answer = m_inner.send(authenticated);
    }
    if (answer && m_secrets != nullptr) mask_error_body(*answer, *m_secrets);
    return answer;
  }

  long connections_opened() const override { return m_inner.connections_opened(); }

 private:
  http::Client& m_inner;
  Authenticator& m_authenticator;
  const SecretRegistry* m_secrets;
};

}  // namespace

std::unique_ptr<http::Client> make_authenticating_client(http::Client& inner, Authenticator& authenticator,
                                                         const SecretRegistry* secrets) {
  return std::make_unique<AuthenticatingClient>(inner, authenticator, secrets);
}

void mask_error_body(http::Response& response, const SecretRegistry& secrets) {
  if (response.status >= 200 && response.status <= 299) return;
  response.body = Redactor(secrets).apply(response.body);
}

}  // namespace jobwait::auth
