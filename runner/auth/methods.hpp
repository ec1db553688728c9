// The three ways jobwait authenticates, each an Authenticator (authenticator.hpp): an IAM
// token as is, AK/SK request signing, and a password exchanged for a token at IAM.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "auth/authenticator.hpp"
#include "auth/signer.hpp"
#include "auth/token_cache.hpp"
#include "util/secret_registry.hpp"

namespace jobwait::auth {

// Wall time for X-Sdk-Date and token expiry; tests pass a fixed one.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

// X-Auth-Token on every request.
std::unique_ptr<Authenticator> make_token_authenticator(std::string token);

struct SigningOptions {
  // V11-HMAC-SHA256 with this scope; SDK-HMAC-SHA256 when absent (signing.md §5: opt-in).
  std::optional<DerivedScope> v11;
};

// Signs every request (signing.md): a fresh X-Sdk-Date, the query sent in the signed canonical
// order, X-Security-Token for temporary credentials, X-Project-Id once the project is known.
std::unique_ptr<Authenticator> make_signing_authenticator(Credentials credentials, SigningOptions options,
                                                          WallClock now);

struct PasswordLogin {
  std::string iam_url;  // scheme://host[:port], no trailing '/'
  std::string user;
  std::string password;
  std::string domain;  // the account name
  // The token's scope: the project id when known, else the project named after the region.
  std::string project_id;
  std::string project_name;
};

// What the user should hear while the run goes on (a token cache that could not be written).
using Warn = std::function<void(const std::string&)>;

// Logs in at IAM (POST /v3/auth/tokens) before the first request and again when the token is
// within a few minutes of expiring, then sends X-Auth-Token. With a cache, a token another run
// stored is reused until it is that close to expiry. IAM requests go through `iam_client`
// (not authenticated: the password is the credential), with the triggering request's timeout.
// Every token it comes to hold, logged in for or read from the cache, is added to `secrets`
// before it is first sent; a cache it cannot write to is said through `warn`, once.
std::unique_ptr<Authenticator> make_password_authenticator(PasswordLogin login, http::Client& iam_client,
                                                           std::optional<TokenCache> cache, WallClock now,
                                                           SecretRegistry& secrets = run_secrets(), Warn warn = {});

// How long before its expiry a token is replaced. A wait that outlasts a token logs in again
// on its own, so this only has to cover one request.
inline constexpr std::chrono::minutes k_token_refresh_margin{5};

}  // namespace jobwait::auth
