// AK/SK authentication: every request signed as signing.md describes, just before it is sent.
#include "auth/methods.hpp"
#include "auth/request_headers.hpp"

namespace jobwait::auth {

namespace {

// The headers the signer owns or adds; a request must not carry its own copies.
constexpr std::string_view k_owned_headers[] = {"Host", "X-Sdk-Date", "Authorization", "X-Security-Token",
                                                "X-Sdk-Content-Sha256", "X-Auth-Token"};

class SigningAuthenticator final : public Authenticator {
 public:
  SigningAuthenticator(Credentials credentials, SigningOptions options, WallClock now)
      : m_credentials(std::move(credentials)), m_options(std::move(options)), m_now(std::move(now)) {}

  tl::expected<void, AuthFailure> authenticate(http::Request& request) override {
    auto url = split_url(request.url);
    if (!url) return refuse("cannot sign the request: " + url.error());
    SigningRequest to_sign;
    to_sign.method = request.method;
    to_sign.host = url->host;
    to_sign.path = url->path;
    to_sign.query = std::move(url->query);
    for (std::string_view name : k_owned_headers) remove_header(request.headers, name);
    // SDKs send it with project-scoped AK/SK; sub-projects need it (signing.md §6).
    if (!m_project_id.empty()) set_header(request.headers, "X-Project-Id", m_project_id);
    to_sign.headers = request.headers;
    to_sign.body = request.body;

    const std::string date = format_sdk_date(m_now());
    auto signature = m_options.v11 ? sign_v11(to_sign, m_credentials, date, *m_options.v11)
                                   : sign(to_sign, m_credentials, date);
    if (!signature) return refuse("cannot sign the request: " + signature.error().message);
    // Send exactly what was signed: the canonical query (signing.md §2.3) and the Host value.
    request.url = url->origin + signature->request_target;
    for (http::Header& header : signature->headers) request.headers.push_back(std::move(header));
    return {};
  }

  void scope_to_project(std::string_view project_id) override { m_project_id = project_id; }

 private:
  // A request we cannot sign is our own fault, not the service's; it never reaches the wire.
  static tl::unexpected<AuthFailure> refuse(std::string message) {
    return tl::unexpected(AuthFailure(http::TransportError{http::TransportErrorKind::other, std::move(message)}));
  }

  Credentials m_credentials;
  SigningOptions m_options;
  WallClock m_now;
  std::string m_project_id;
};

}  // namespace

std::unique_ptr<Authenticator> make_signing_authenticator(Credentials credentials, SigningOptions options,
                                                          WallClock now) {
  return std::make_unique<SigningAuthenticator>(std::move(credentials), std::move(options), std::move(now));
}

}  // namespace jobwait::auth
