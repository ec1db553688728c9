// The API gateway's side of AK/SK signing (shared/api-docs/signing.md): the canonical request
// rebuilt from the request exactly as it arrived, and the signature it must carry. Written
// apart from the runner's signer, on purpose: a bug shared by both would pass every test.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "message.hpp"

namespace jobwait::sim {

// What an Authorization header of either algorithm says.
struct SignedAuthorization {
  std::string algorithm;       // SDK-HMAC-SHA256 or V11-HMAC-SHA256
  std::string access_key;
  std::string scope;           // V11 only: YYYYMMDD/region/service
  std::string signed_headers;  // "host;x-sdk-date"
  std::string signature;       // lower-case hex
};

// nullopt when the header is not one of the two forms.
std::optional<SignedAuthorization> parse_authorization(std::string_view value);

// Method, canonical URI (appended '/'), canonical query, the signed headers as received, and
// the payload hash, joined as signing.md §2 says.
std::string canonical_request(const Request& request, std::string_view signed_headers);

// The signature the request should carry under `secret_key` (signing.md §3-5).
std::string expected_signature(const SignedAuthorization& authorization, const Request& request,
                               std::string_view secret_key);

}  // namespace jobwait::sim
