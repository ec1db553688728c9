#include "auth/signer.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "auth/crypto.hpp"
#include "http/url.hpp"
#include "util/text.hpp"
#include "util/utc_time.hpp"

namespace jobwait::auth {

namespace {

constexpr std::string_view k_sdk_algorithm = "SDK-HMAC-SHA256";
constexpr std::string_view k_v11_algorithm = "V11-HMAC-SHA256";
constexpr std::string_view k_unsigned_payload = "UNSIGNED-PAYLOAD";

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// RFC 9110 token: header names and methods.
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// Field values: no control bytes but HTAB, so nothing can split or end the header line.
bool is_field_value(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

bool is_sdk_date(std::string_view s) {
  return s.size() == 16 && is_digits(s.substr(0, 8)) && s[8] == 'T' && is_digits(s.substr(9, 6)) &&
         s[15] == 'Z';
}

// AK and scope parts go into the Authorization header unquoted.
bool is_credential_part(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool is_host(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_alnum(c) || std::string_view("-._:[]").find(c) != std::string_view::npos;
  });
}

// An already percent-encoded absolute path: RFC 3986 pchar, '/' and %XY only. Anything else
// (space, '?', '#', raw UTF-8) would be sent differently from how it is signed.
bool is_encoded_path(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() != '/') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
    } else if (!is_alnum(c) &&
               std::string_view("-._~!$&'()*+,;=:@/").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// The Python SDK decodes the path to str, replacing invalid UTF-8, so a path that decodes to
// invalid UTF-8 would sign differently there; refuse it rather than guess.
bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned min = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (extra >= s.size() - i) return false;  // truncated sequence
    unsigned code = lead & (0x3Fu >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// Python checks startswith, Go checks contains (signing.md §2.5).
bool is_signed_payload_type(std::string_view content_type, HeaderRule rule) {
  for (std::string_view type :
       {std::string_view("application/json"), std::string_view("application/bson")}) {
    if (rule == HeaderRule::python_sdk ? content_type.starts_with(type)
                                       : content_type.find(type) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool is_signed_by_rule(std::string_view lower_name, HeaderRule rule) {
  if (lower_name.find('_') != std::string_view::npos) return false;
  return rule == HeaderRule::python_sdk || !lower_name.starts_with("content-type");
}

tl::unexpected<SignError> fail(std::string message) {
  return tl::unexpected(SignError{std::move(message)});
}

// Everything but the key-dependent part, shared by both algorithms.
struct Canonical {
  std::string canonical_request;
  std::string signed_headers;
  std::string request_target;
  std::vector<http::Header> headers;  // to add, Authorization not yet
};

tl::expected<void, SignError> check_headers(const SigningRequest& request,
                                            const Credentials& credentials) {
  std::set<std::string> seen;
  for (const auto& header : request.headers) {
    if (!is_token(header.name)) return fail("invalid header name \"" + header.name + "\"");
    const std::string name = to_lower(header.name);
    if (name == "host" || name == "x-sdk-date" || name == "authorization") {
      return fail("header " + header.name + " is set by the signer");
    }
    if (name == "x-security-token" && !credentials.security_token.empty()) {
      return fail("X-Security-Token is both a header and in the credentials");
    }
    if (!seen.insert(name).second) return fail("duplicate header " + header.name);
    if (!is_field_value(header.value)) {
      return fail("header " + header.name + " has a control character in its value");
    }
  }
  return {};
}

tl::expected<Canonical, SignError> canonicalize(const SigningRequest& request,
                                                const Credentials& credentials,
                                                std::string_view x_sdk_date, HeaderRule rule) {
  if (!is_sdk_date(x_sdk_date)) return fail("X-Sdk-Date is not YYYYMMDDTHHMMSSZ");
  if (!is_credential_part(credentials.ak)) return fail("the AK is empty or malformed");
  if (credentials.sk.empty()) return fail("the SK is empty");
  if (!is_field_value(credentials.security_token)) {
    return fail("the security token has a control character");
  }
  if (!is_token(request.method)) return fail("invalid HTTP method");
  if (!is_host(request.host)) return fail("invalid host \"" + request.host + "\"");
  if (!is_encoded_path(request.path) || !is_utf8(http::percent_decode(request.path))) {
    return fail("path is not a percent-encoded UTF-8 absolute path: " + request.path);
  }
  if (const auto checked = check_headers(request, credentials); !checked) {
    return tl::unexpected(checked.error());
  }

  Canonical out;
  std::vector<std::pair<std::string, std::string>> signed_pairs;  // lower name, trimmed value
  std::string_view content_type;
  std::string payload_hash;
  bool has_payload_hash = false;
  for (const auto& header : request.headers) {
    std::string name = to_lower(header.name);
    // HTTP drops leading/trailing spaces and tabs (OWS) from a field value, and the SDKs strip()
    // it; since is_field_value() rules out the other whitespace, both agree on the signed value.
    const std::string_view value = trim(header.value, k_blanks);
    if (name == "content-type") content_type = value;
    if (name == "x-sdk-content-sha256") {
      payload_hash = value;
      has_payload_hash = true;
    }
    if (is_signed_by_rule(name, rule)) signed_pairs.emplace_back(std::move(name), value);
  }
  auto add = [&](std::string name, std::string value) {
    signed_pairs.emplace_back(to_lower(name), trim(value, k_blanks));
    out.headers.push_back(http::Header{std::move(name), std::move(value)});
  };
  if (!credentials.security_token.empty()) add("X-Security-Token", credentials.security_token);
  add("X-Sdk-Date", std::string(x_sdk_date));
  if (!has_payload_hash) {
    if (!content_type.empty() && !is_signed_payload_type(content_type, rule)) {
      payload_hash = k_unsigned_payload;
      add("X-Sdk-Content-Sha256", payload_hash);
    } else {
      payload_hash = sha256_hex(request.body);
    }
  }
  if (rule == HeaderRule::python_sdk) add("Host", request.host);

  std::sort(signed_pairs.begin(), signed_pairs.end());
  std::string canonical_headers;
  for (const auto& [name, value] : signed_pairs) {
    canonical_headers += name + ':' + value + '\n';
    if (!out.signed_headers.empty()) out.signed_headers += ';';
    out.signed_headers += name;
  }

  out.canonical_request = upper(request.method) + '\n' + canonical_uri(request.path) + '\n' +
                          canonical_query(request.query) + '\n' + canonical_headers + '\n' +
                          out.signed_headers + '\n' + payload_hash;
  out.request_target = request_target(request.path, request.query);
  return out;
}

Signature finish(Canonical canonical, std::string string_to_sign, std::string_view key,
                 std::string authorization_prefix) {
  Signature out;
  out.signature = to_hex(hmac_sha256(key, string_to_sign));
  out.authorization = std::move(authorization_prefix) +
                      ", SignedHeaders=" + canonical.signed_headers +
                      ", Signature=" + out.signature;
  out.canonical_request = std::move(canonical.canonical_request);
  out.string_to_sign = std::move(string_to_sign);
  out.signed_headers = std::move(canonical.signed_headers);
  out.request_target = std::move(canonical.request_target);
  out.headers = std::move(canonical.headers);
  out.headers.push_back(http::Header{"Authorization", out.authorization});
  return out;
}

}  // namespace

tl::expected<Signature, SignError> sign(const SigningRequest& request,
                                        const Credentials& credentials, std::string_view x_sdk_date,
                                        HeaderRule rule) {
  auto canonical = canonicalize(request, credentials, x_sdk_date, rule);
  if (!canonical) return tl::unexpected(canonical.error());
  std::string string_to_sign = std::string(k_sdk_algorithm) + '\n' + std::string(x_sdk_date) +
                               '\n' + sha256_hex(canonical->canonical_request);
  return finish(std::move(*canonical), std::move(string_to_sign), credentials.sk,
                std::string(k_sdk_algorithm) + " Access=" + credentials.ak);
}

tl::expected<Signature, SignError> sign_v11(const SigningRequest& request,
                                            const Credentials& credentials,
                                            std::string_view x_sdk_date, const DerivedScope& scope,
                                            HeaderRule rule) {
  if (!is_credential_part(scope.region_id) || !is_credential_part(scope.service_name)) {
    return fail("V11 signing needs a region id and a service name (letters, digits, -_.)");
  }
  auto canonical = canonicalize(request, credentials, x_sdk_date, rule);
  if (!canonical) return tl::unexpected(canonical.error());
  const std::string info = v11_info(x_sdk_date, scope);
  std::string string_to_sign = std::string(k_v11_algorithm) + '\n' + std::string(x_sdk_date) +
                               '\n' + info + '\n' + sha256_hex(canonical->canonical_request);
  return finish(std::move(*canonical), std::move(string_to_sign),
                v11_derivation_key(credentials, info),
                std::string(k_v11_algorithm) + " Credential=" + credentials.ak + '/' + info);
}

std::string canonical_uri(std::string_view path) {
  // Python SDK order: decode the whole path, then split, so an encoded %2F separates segments
  // (signing.md §2.2 item 6; job IDs never contain one).
  const std::string decoded = http::percent_decode(path);
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = decoded.find('/', start);
    out += http::percent_encode(std::string_view(decoded).substr(start, slash - start));
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  if (out.empty() || out.back() != '/') out += '/';
  return out;
}

std::string request_target(std::string_view path, const QueryPairs& query) {
  std::string out = path.empty() ? std::string("/") : std::string(path);
  const std::string query_string = canonical_query(query);
  if (!query_string.empty()) out += '?' + query_string;
  return out;
}

std::string format_sdk_date(std::chrono::system_clock::time_point time) {
  return format_utc(std::chrono::floor<std::chrono::seconds>(time), UtcForm::compact);
}

std::string v11_info(std::string_view x_sdk_date, const DerivedScope& scope) {
  return std::string(x_sdk_date.substr(0, 8)) + '/' + scope.region_id + '/' + scope.service_name;
}

std::string v11_derivation_key(const Credentials& credentials, std::string_view info) {
  return to_hex(hkdf_sha256(credentials.sk, credentials.ak, info, 32));
}

}  // namespace jobwait::auth
