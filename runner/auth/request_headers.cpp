#include "auth/request_headers.hpp"

#include <algorithm>

#include "http/url.hpp"
#include "util/text.hpp"

namespace jobwait::auth {

void remove_header(std::vector<http::Header>& headers, std::string_view name) {
  std::erase_if(headers, [&](const http::Header& header) { return iequals(header.name, name); });
}

void set_header(std::vector<http::Header>& headers, std::string_view name, std::string value) {
  remove_header(headers, name);
  headers.push_back({std::string(name), std::move(value)});
}

tl::expected<UrlParts, std::string> split_url(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return tl::unexpected(std::string("the URL has no scheme"));
  const std::size_t authority_begin = scheme_end + 3;
  const std::size_t path_begin = std::min(url.find_first_of("/?#", authority_begin), url.size());
  UrlParts parts;
  parts.origin = std::string(url.substr(0, path_begin));
  parts.host = std::string(url.substr(authority_begin, path_begin - authority_begin));
  if (parts.host.empty()) return tl::unexpected(std::string("the URL has no host"));

  std::string_view rest = url.substr(path_begin);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t question = rest.find('?');
  parts.path = std::string(rest.substr(0, question));
  // push_back, not = "/": GCC 12 at -O2 warns falsely (-Wrestrict) on assigning a literal here.
  if (parts.path.empty()) parts.path.push_back('/');
  if (question == std::string_view::npos) return parts;

  std::string_view query = rest.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      const std::string_view name = pair.substr(0, equals);
      const std::string_view value = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      parts.query.emplace_back(http::percent_decode(name), http::percent_decode(value));
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return parts;
}

}  // namespace jobwait::auth
