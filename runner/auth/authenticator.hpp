// The auth seam: an Authenticator gives each request its credentials right before it is
// sent, and an authenticating client applies one to every request, so the HTTP jobs, the
// project lookup and any declared API send through it without knowing how we authenticate.
#pragma once

#include <memory>
#include <string_view>
#include <variant>

#include <tl/expected.hpp>

#include "http/http_client.hpp"
#include "util/secret_registry.hpp"

namespace jobwait::auth {

// Why a request could not be given credentials. Either the identity service's own answer
// (IAM refused the login, or failed): it stands in for the job API's answer, so the poll loop
// treats it like any answer (a 401 ends the wait with exit 5 and IAM's code, message and
// request id; a 503 is retried). Or no answer at all: a transport error, retried like one.
using AuthFailure = std::variant<http::Response, http::TransportError>;

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Adds credentials to `request` just before it is sent: headers, and for AK/SK signing also
  // the URL (the query is rewritten into the signed, canonical order). Called once per send, so
  // a signature carries a fresh X-Sdk-Date. May send requests of its own (an IAM login).
  virtual tl::expected<void, AuthFailure> authenticate(http::Request& request) = 0;
  // The project every later request works in, once known (looked up at IAM, or configured).
  // AK/SK sends it as X-Project-Id (signing.md §6); other methods ignore it.
  virtual void scope_to_project(std::string_view /*project_id*/) {}
};

// An http::Client that authenticates every request with `authenticator`, then sends it
// through `inner`. Both must outlive it. An AuthFailure comes back as the response or the
// transport error it holds. With `secrets`, the body of every answer that is not a 2xx (the
// job API's, IAM's, a proxy's) has them masked before anyone reads it: an error message is
// cut to fit a line, and a secret echoed across the cut would be masked by nothing after.
std::unique_ptr<http::Client> make_authenticating_client(http::Client& inner, Authenticator& authenticator,
                                                         const SecretRegistry* secrets = nullptr);

// Masks `secrets` in the body of an answer that is not a 2xx (see above).
void mask_error_body(http::Response& response, const SecretRegistry& secrets);

}  // namespace jobwait::auth
