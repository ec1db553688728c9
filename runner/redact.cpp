#include "redact.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace jobwait {

namespace {

constexpr std::string_view k_mask = "<redacted>";

void replace_all(std::string& text, std::string_view needle) {
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + k_mask.size())) {
    text.replace(at, needle.size(), k_mask);
  }
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) {
  for (std::string& secret : secrets) {
    if (secret.empty()) continue;
    // A secret with quotes or backslashes looks different inside JSON text; mask both forms.
    std::string escaped = boost::json::serialize(boost::json::string(secret));
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped != secret) m_secrets.push_back(std::move(escaped));
    m_secrets.push_back(std::move(secret));
  }
  // Longest first, so a secret that contains another is masked whole.
  std::sort(m_secrets.begin(), m_secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::apply(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : m_secrets) replace_all(out, secret);
  return out;
}

}  // namespace jobwait
