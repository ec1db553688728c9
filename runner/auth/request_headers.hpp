// Header and URL surgery the authenticators share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "http/http_client.hpp"

namespace jobwait::auth {

// Removes every header with this name (compared case-insensitively).
void remove_header(std::vector<http::Header>& headers, std::string_view name);

// Replaces every header with this name by one with this value.
void set_header(std::vector<http::Header>& headers, std::string_view name, std::string value);

// An absolute URL taken apart the way the signer needs it.
struct UrlParts {
  std::string origin;  // scheme://authority
  std::string host;    // the authority: host[:port], as written
  std::string path;    // percent-encoded, "/" when empty
  std::vector<std::pair<std::string, std::string>> query;  // decoded name/value pairs, in order
};

// Splits scheme://authority/path?query#fragment; the error says what is missing.
tl::expected<UrlParts, std::string> split_url(std::string_view url);

}  // namespace jobwait::auth
