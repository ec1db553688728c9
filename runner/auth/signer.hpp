// AK/SK request signing for the Huawei Cloud / OTC API gateway: SDK-HMAC-SHA256, and the
// opt-in V11-HMAC-SHA256 derived-key variant. Pure: no clock, no I/O, no logging; the caller
// passes X-Sdk-Date. Spec and its traps: shared/api-docs/signing.md; known answers:
// shared/api-docs/signing-vectors.json (checked by tests/unit/test_signer.cpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "http/http_client.hpp"
#include "http/url.hpp"

namespace jobwait::auth {

struct Credentials {
  std::string ak;
  std::string sk;
  std::string security_token;  // temporary AK/SK only; then sent and signed as X-Security-Token
};

using http::QueryPairs;

struct SigningRequest {
  std::string method;  // GET, POST, ...; signed upper-cased, so send it upper-cased
  std::string host;    // host[:port], the port only when not the scheme default
  std::string path;    // percent-encoded as it will be sent, no query: "/v3/p/jobs/j%20x"
  QueryPairs query;    // raw (decoded) name/value pairs, any order; repeat a name per value
  // Every other header that will be sent. Not Host, X-Sdk-Date or Authorization: the signer
  // adds those. Names are unique case-insensitively.
  std::vector<http::Header> headers;
  std::string body;  // the exact bytes sent
};

// Which headers get signed (signing.md §2.4). The gateway accepts any set that contains
// x-sdk-date; jobwait uses python_sdk, which also protects Host and Content-Type.
enum class HeaderRule {
  python_sdk,  // every header whose name has no '_', plus Host
  go_sdk,      // also skip names starting with "content-type", and do not sign Host
};

// V11 scope: info = YYYYMMDD/region_id/service_name (signing.md §5).
struct DerivedScope {
  std::string region_id;     // e.g. "ap-southeast-1"
  std::string service_name;  // the service's derived_auth_service_name, e.g. "cce"
};

// Everything to send plus the intermediate values for tests and traces. Holds no secret key,
// but canonical_request includes the X-Security-Token value: redact before printing it.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-sdk-date"
  std::string signature;       // 64 lower-case hex
  std::string authorization;   // the Authorization header value
  // Send this as the request target (path + "?" + canonical query): the query is sent exactly
  // as signed, so no HTTP library re-encoding can break the signature (signing.md §2.3).
  std::string request_target;
  // Add these to SigningRequest::headers when sending, in this order: X-Security-Token (from
  // the credentials), X-Sdk-Date, X-Sdk-Content-Sha256 (non-JSON bodies), Host (python_sdk),
  // Authorization. Header values are signed trimmed of spaces and tabs, as HTTP reads them.
  std::vector<http::Header> headers;
};

struct SignError {
  std::string message;  // one line; never contains the SK or the security token
};

// Signs with SDK-HMAC-SHA256. x_sdk_date is YYYYMMDDTHHMMSSZ (see format_sdk_date). Fails only
// on a request that could not be sent as signed: bad date, empty AK/SK or host, a path that is
// not percent-encoded or holds '?'/'#', a header the signer owns, duplicate header names, or
// CR/LF/control bytes in a header.
tl::expected<Signature, SignError> sign(const SigningRequest& request,
                                        const Credentials& credentials, std::string_view x_sdk_date,
                                        HeaderRule rule = HeaderRule::python_sdk);

// Signs with V11-HMAC-SHA256 (HKDF-derived key, scope in the Authorization header). Opt-in:
// none of the job APIs needs it. Same canonical request and failures as sign(), plus an empty
// or malformed scope.
tl::expected<Signature, SignError> sign_v11(const SigningRequest& request,
                                            const Credentials& credentials,
                                            std::string_view x_sdk_date, const DerivedScope& scope,
                                            HeaderRule rule = HeaderRule::python_sdk);

// Percent-decodes the path, encodes each '/'-separated segment with http::percent_encode and
// makes it end with '/': "/a/b" and "/a/b/" sign the same (signing.md §2.2).
std::string canonical_uri(std::string_view path);

// The signed query string (signing.md §2.3): http/url.hpp has it, as the artifact's URL uses it.
using http::canonical_query;

// path + '?' + canonical_query(query), or just the path without a query ("/" for "").
std::string request_target(std::string_view path, const QueryPairs& query);

// YYYYMMDDTHHMMSSZ in UTC, seconds truncated: the X-Sdk-Date format.
std::string format_sdk_date(std::chrono::system_clock::time_point time);

// The V11 scope string "YYYYMMDD/region/service" for an X-Sdk-Date value.
std::string v11_info(std::string_view x_sdk_date, const DerivedScope& scope);

// hex(HKDF-SHA256(ikm = SK, salt = AK, info, 32 bytes)): the V11 HMAC key, as ASCII. Secret.
std::string v11_derivation_key(const Credentials& credentials, std::string_view info);

}  // namespace jobwait::auth
