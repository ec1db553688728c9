#include "auth/authenticator.hpp"

namespace jobwait::auth {

namespace {

class AuthenticatingClient final : public http::Client {
 public:
  AuthenticatingClient(http::Client& inner, Authenticator& authenticator)
      : m_inner(inner), m_authenticator(authenticator) {}

  tl::expected<http::Response, http::TransportError> send(const http::Request& request) override {
    http::Request authenticated = request;  // the caller's request stays free of credentials
    if (auto ready = m_authenticator.authenticate(authenticated); !ready) {
      if (auto* answer = std::get_if<http::Response>(&ready.error())) return std::move(*answer);
      return tl::unexpected(std::get<http::TransportError>(ready.error()));
    }
    return m_inner.send(authenticated);
  }

  long connections_opened() const override { return m_inner.connections_opened(); }

 private:
  http::Client& m_inner;
  Authenticator& m_authenticator;
};

}  // namespace

std::unique_ptr<http::Client> make_authenticating_client(http::Client& inner, Authenticator& authenticator) {
  return std::make_unique<AuthenticatingClient>(inner, authenticator);
}

}  // namespace jobwait::auth
