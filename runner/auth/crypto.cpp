#include "auth/crypto.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

namespace jobwait::auth {

namespace {

constexpr std::size_t k_sha256_size = 32;

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// OpenSSL wants a non-null pointer even for zero bytes in some 3.0.x paths.
const unsigned char* bytes_of(std::string_view s) {
  static const unsigned char k_empty = 0;
  return s.empty() ? &k_empty : reinterpret_cast<const unsigned char*>(s.data());
}

// OSSL_PARAM takes a non-const pointer for input octet strings; OpenSSL only reads it.
OSSL_PARAM octet_param(const char* key, std::string_view s) {
  return OSSL_PARAM_construct_octet_string(key, const_cast<unsigned char*>(bytes_of(s)), s.size());
}

std::string from_bytes(const unsigned char* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out += k_digits[c >> 4];
    out += k_digits[c & 0x0F];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes_of(data), data.size(), digest, &size, EVP_sha256(), nullptr) != 1 ||
      size != k_sha256_size) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return to_hex(from_bytes(digest, size));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  if (key.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::invalid_argument("HMAC key too long");
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), bytes_of(key), static_cast<int>(key.size()), bytes_of(data), data.size(),
           mac, &size) == nullptr ||
      size != k_sha256_size) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return from_bytes(mac, size);
}

std::string hkdf_sha256(std::string_view ikm, std::string_view salt, std::string_view info,
                        std::size_t length) {
  if (length == 0 || length > 255 * k_sha256_size) {
    throw std::invalid_argument("HKDF-SHA256 output length must be 1..8160 bytes");
  }
  const std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) throw std::runtime_error("OpenSSL has no HKDF");
  const std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) throw std::runtime_error("OpenSSL HKDF context allocation failed");

  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest_name, 0),
      octet_param(OSSL_KDF_PARAM_KEY, ikm),
      octet_param(OSSL_KDF_PARAM_SALT, salt),
      octet_param(OSSL_KDF_PARAM_INFO, info),
      OSSL_PARAM_construct_end(),
  };
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), length, params) !=
      1) {
    throw std::runtime_error("OpenSSL HKDF-SHA256 failed");
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t at = 0; at < bytes.size(); at += 3) {
    const std::size_t count = std::min<std::size_t>(3, bytes.size() - at);
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      group = (group << 8) | (i < count ? static_cast<unsigned char>(bytes[at + i]) : 0U);
    }
    for (std::size_t i = 0; i < 4; ++i) {
      out += i <= count ? k_alphabet[(group >> (18 - 6 * i)) & 0x3F] : '=';
    }
  }
  return out;
}

}  // namespace jobwait::auth
