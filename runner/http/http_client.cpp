#include "http/http_client.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace jobwait::http {

std::string Response::header(std::string_view name) const {
  for (const Header& header : headers) {
    if (iequals(header.name, name)) return header.value;
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
