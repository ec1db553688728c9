// What a failed certificate check says: the reason in words a user acts on, and the fix for
// that reason. Verification fails the same way on every try, so the message is all the user
// gets: it names what was checked against (tls.ca_file, SSL_CERT_FILE, ... : ca_bundle.hpp).
#pragma once

#include <string>
#include <string_view>

#include "http/ca_bundle.hpp"

namespace jobwait::http {

// The message for a server certificate that failed verification. `verify_result` is
// OpenSSL's X509_V_* code (CURLINFO_SSL_VERIFYRESULT; X509_V_OK when the chain was fine and
// the host name was not); `detail` is libcurl's own text; `trust` what it was checked
// against (null: unknown).
std::string certificate_failure(long verify_result, std::string_view detail, const CaTrust* trust);

// The message for a trust store that libcurl's TLS library could not load.
std::string trust_store_failure(std::string_view detail, const CaTrust* trust);

}  // namespace jobwait::http
