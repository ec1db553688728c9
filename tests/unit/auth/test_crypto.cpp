// Known answers from the RFCs for the signer's primitives (runner/auth/crypto.cpp).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "auth/crypto.hpp"

namespace {

using jobwait::auth::hkdf_sha256;
using jobwait::auth::hmac_sha256;
using jobwait::auth::sha256_hex;
using jobwait::auth::to_hex;

// "000102" -> the three bytes 00 01 02.
std::string bytes(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

}  // namespace

TEST_CASE("crypto: SHA-256 of the empty string and of \"abc\" (FIPS 180-2)", "[crypto][signer]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("crypto: HMAC-SHA256 RFC 4231 test case 1", "[crypto][signer]") {
  CHECK(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("crypto: HMAC-SHA256 RFC 4231 test case 2 (key shorter than the block)",
          "[crypto][signer]") {
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("crypto: HMAC-SHA256 accepts an empty key and empty data", "[crypto][signer]") {
  // Known value: HMAC-SHA256("", "").
  CHECK(to_hex(hmac_sha256("", "")) ==
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_CASE("crypto: HKDF-SHA256 RFC 5869 test case 1", "[crypto][signer]") {
  const std::string okm = hkdf_sha256(std::string(22, '\x0b'), bytes("000102030405060708090a0b0c"),
                                      bytes("f0f1f2f3f4f5f6f7f8f9"), 42);
  CHECK(to_hex(okm) ==
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST_CASE("crypto: HKDF-SHA256 RFC 5869 test case 3 (empty salt and info)", "[crypto][signer]") {
  CHECK(to_hex(hkdf_sha256(std::string(22, '\x0b'), "", "", 42)) ==
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST_CASE("crypto: HKDF-SHA256 rejects an impossible length", "[crypto][signer]") {
  CHECK_THROWS_AS(hkdf_sha256("k", "s", "i", 0), std::invalid_argument);
  CHECK_THROWS_AS(hkdf_sha256("k", "s", "i", 255 * 32 + 1), std::invalid_argument);
  CHECK(hkdf_sha256("k", "s", "i", 255 * 32).size() == 255 * 32);
}

TEST_CASE("crypto: base64 is RFC 4648's, padding and all (the test vectors of §10)", "[crypto]") {
  using jobwait::auth::base64;
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64("user:proxypw") == "dXNlcjpwcm94eXB3");  // the Proxy-Authorization
  CHECK(base64("\xff\xfe") == "//4=");
}
