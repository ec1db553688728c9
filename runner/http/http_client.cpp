#include "http/http_client.hpp"

#include <algorithm>
#include <cctype>

namespace jobwait::http {

std::string Response::header(std::string_view name) const {
  const auto same = [](std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
  };
  for (const Header& header : headers) {
    if (same(header.name, name)) return header.value;
  }
  return {};
}

ClientOptions client_options(const std::string& ca_file, bool insecure) {
  ClientOptions options;
  options.insecure = insecure;
  if (!insecure) options.ca = choose_ca(ca_file, system_probe());
  return options;
}

}  // namespace jobwait::http
