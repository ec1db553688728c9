// URL pieces shared by providers (path parameters) and the AK/SK signer (canonical form).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobwait::http {

// RFC 3986: keeps A-Z a-z 0-9 - _ . ~ and writes every other UTF-8 byte as %XY (upper-case
// hex). This is also the signer's encoding, so what we send is what we sign.
std::string percent_encode(std::string_view text);

// Decodes %XY escapes; a malformed escape is kept as it is.
std::string percent_decode(std::string_view text);

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// name=value pairs, encoded with percent_encode, joined with '&', in the order given.
std::string build_query(const QueryPairs& pairs);

// enc(name)=enc(value) joined with '&', sorted by raw name then raw value, byte order; empty
// for no pairs. The AK/SK signer's canonical query (signing.md §2.3), and so the order every
// request sends its query in: the URL in the artifact is then exactly what is signed.
std::string canonical_query(const QueryPairs& query);

}  // namespace jobwait::http
