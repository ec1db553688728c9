// The three primitives the AK/SK signer needs (shared/api-docs/signing.md §2.5, §4, §5).
// Only crypto.cpp includes OpenSSL headers. Strings are byte strings throughout.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jobwait::auth {

// Lower-case hex of each byte: two characters per byte.
std::string to_hex(std::string_view bytes);

// Lower-case hex SHA-256 of data (64 characters).
std::string sha256_hex(std::string_view data);

// Raw 32-byte HMAC-SHA256 of data under key. Any key length, including empty.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Standard base64 with '=' padding (RFC 4648 §4): what HTTP Basic auth sends.
std::string base64(std::string_view bytes);

// Raw HKDF-SHA256 output of `length` bytes (RFC 5869: extract with salt, expand with info).
// length must be 1..8160 (255 blocks); anything else is a programming error and throws
// std::invalid_argument.
std::string hkdf_sha256(std::string_view ikm, std::string_view salt, std::string_view info,
                        std::size_t length);

// The OpenSSL calls fail only when the library itself is broken (no SHA-256 provider, out of
// memory); that aborts the run, so these functions throw std::runtime_error then.

}  // namespace jobwait::auth
