#include "ids.hpp"

#include <array>
#include <random>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace jobwait::sim {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t count) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(count * 2);
  for (std::size_t i = 0; i < count; ++i) {
    out += k_digits[bytes[i] >> 4];
    out += k_digits[bytes[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string new_request_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Request ids need not be secret; fall back rather than fail a request.
    static std::mt19937_64 engine{std::random_device{}()};
    for (unsigned char& byte : bytes) byte = static_cast<unsigned char>(engine());
  }
  return to_hex(bytes.data(), bytes.size());
}

std::string stable_uuid(std::string_view seed) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(seed.data(), seed.size(), digest.data(), &length, EVP_sha256(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);  // version 5 shape
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = to_hex(digest.data(), 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace jobwait::sim
