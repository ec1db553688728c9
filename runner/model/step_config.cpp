#include "model/step_config.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "util/text.hpp"

namespace jobwait::config {

namespace {

// A declared header whose name says it carries a credential: its value is a secret. Words,
// not whole names, anywhere in the name and in any case: X-Auth, X-Api-Pass, X-Passwd,
// X-Session-Id and Proxy-Authorization all carry one ("auth" covers authorization, "pass"
// password and passwd, "key" api-key and x-key-id).
bool is_credential_header(std::string_view header) {
  const std::string name = to_lower(header);
  constexpr std::array<std::string_view, 9> k_words{"auth", "pass",   "secret",  "token",     "key",
                                                    "signature", "cookie", "session", "credential"};
  return std::any_of(k_words.begin(), k_words.end(), [&](std::string_view word) { return name.find(word) != std::string::npos; });
}

}  // namespace

StepConfig StepConfig::single(std::size_t index) const {
  StepConfig one;
  one.file = file;
  one.name = name;
  one.job = jobs.at(index).job;
  one.auth = jobs.at(index).auth;
  one.wait = wait;
  one.output = output;
  one.exit_codes = exit_codes;
  one.tls = tls;
  return one;
}

std::vector<std::string> StepConfig::secrets() const {
  std::vector<std::string> out;
  if (!auth.token.empty()) out.push_back(auth.token);
  for (const std::string* secret : {&auth.access_key, &auth.secret_key, &auth.security_token, &auth.password}) {
    if (!secret->empty()) out.push_back(*secret);
  }
  for (const auto& [header, value] : job.http.headers) {
    if (!value.empty() && is_credential_header(header)) out.push_back(value);
  }
  // [[jobs]]: each entry's own credentials and credential headers.
  for (const JobEntry& entry : jobs) {
    for (const std::string* secret : {&entry.auth.token, &entry.auth.access_key, &entry.auth.secret_key,
                                      &entry.auth.security_token, &entry.auth.password}) {
      if (!secret->empty() && std::find(out.begin(), out.end(), *secret) == out.end()) out.push_back(*secret);
    }
    for (const auto& [header, value] : entry.job.http.headers) {
      if (!value.empty() && is_credential_header(header)) out.push_back(value);
    }
  }
  return out;
}

}  // namespace jobwait::config
