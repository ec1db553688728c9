#include "signature.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace jobwait::sim {

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += k_digits[bytes[i] >> 4];
    out += k_digits[bytes[i] & 0xF];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return hex(digest, size);
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string hmac_hex(std::string_view key, std::string_view data) {
  const std::string mac = hmac(key, data);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

// RFC 5869 with one block: 32 bytes is all V11 takes.
std::string hkdf_32(std::string_view ikm, std::string_view salt, std::string_view info) {
  const std::string prk = hmac(salt, ikm);
  return hmac(prk, std::string(info) + '\x01');
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// '+' stays '+': the signers encode a space as %20, never as '+'.
std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 3986 unreserved bytes stay; every other byte is %XY, upper-case hex.
std::string encode(std::string_view text) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_digits[byte >> 4];
      out += k_digits[byte & 0xF];
    }
  }
  return out;
}

std::string canonical_uri(std::string_view path) {
  const std::string decoded = decode(path);
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = decoded.find('/', start);
    out += encode(std::string_view(decoded).substr(start, slash - start));
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  if (out.empty() || out.back() != '/') out += '/';
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      pairs.emplace_back(decode(pair.substr(0, eq)),
                         eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1)));
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += encode(name) + '=' + encode(value);
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "Name=value" from ", "-separated parts after the algorithm.
std::optional<std::string> part(std::string_view parameters, std::string_view name) {
  while (!parameters.empty()) {
    const std::size_t comma = parameters.find(',');
    const std::string_view item = trim(parameters.substr(0, comma));
    if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=') {
      return std::string(item.substr(name.size() + 1));
    }
    parameters = comma == std::string_view::npos ? std::string_view() : parameters.substr(comma + 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<SignedAuthorization> parse_authorization(std::string_view value) {
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  SignedAuthorization out;
  out.algorithm = std::string(value.substr(0, space));
  const std::string_view parameters = value.substr(space + 1);
  if (out.algorithm == "SDK-HMAC-SHA256") {
    auto access = part(parameters, "Access");
    if (!access) return std::nullopt;
    out.access_key = std::move(*access);
  } else if (out.algorithm == "V11-HMAC-SHA256") {
    auto credential = part(parameters, "Credential");
    if (!credential) return std::nullopt;
    const std::size_t slash = credential->find('/');
    if (slash == std::string::npos) return std::nullopt;
    out.access_key = credential->substr(0, slash);
    out.scope = credential->substr(slash + 1);
  } else {
    return std::nullopt;
  }
  auto headers = part(parameters, "SignedHeaders");
  auto signature = part(parameters, "Signature");
  if (!headers || !signature || out.access_key.empty()) return std::nullopt;
  out.signed_headers = std::move(*headers);
  out.signature = std::move(*signature);
  return out;
}

std::string canonical_request(const Request& request, std::string_view signed_headers) {
  const std::size_t question = request.target.find('?');
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  std::string headers;
  std::string_view names = signed_headers;
  while (!names.empty()) {
    const std::size_t semicolon = names.find(';');
    const std::string name = lower(names.substr(0, semicolon));
    headers += name + ':' + std::string(trim(request.header(name).value_or(""))) + '\n';
    names = semicolon == std::string_view::npos ? std::string_view() : names.substr(semicolon + 1);
  }
  const std::optional<std::string_view> declared_hash = request.header("X-Sdk-Content-Sha256");
  const std::string payload_hash = declared_hash ? std::string(*declared_hash) : sha256_hex(request.body);

  std::string method = request.method;
  for (char& c : method) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return method + '\n' + canonical_uri(path) + '\n' + canonical_query(query) + '\n' + headers + '\n' +
         std::string(signed_headers) + '\n' + payload_hash;
}

std::string expected_signature(const SignedAuthorization& authorization, const Request& request,
                               std::string_view secret_key) {
  const std::string date(request.header("X-Sdk-Date").value_or(""));
  const std::string hashed = sha256_hex(canonical_request(request, authorization.signed_headers));
  if (authorization.algorithm == "V11-HMAC-SHA256") {
    // The derived key is the hex text of HKDF(SK, salt AK, info = scope), used as ASCII (§5).
    const std::string derived = hkdf_32(secret_key, authorization.access_key, authorization.scope);
    const std::string key = hex(reinterpret_cast<const unsigned char*>(derived.data()), derived.size());
    return hmac_hex(key, authorization.algorithm + '\n' + date + '\n' + authorization.scope + '\n' + hashed);
  }
  return hmac_hex(secret_key, authorization.algorithm + '\n' + date + '\n' + hashed);
}

}  // namespace jobwait::sim
