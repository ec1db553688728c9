// Who may call the sim, checked as the API gateway does (job-states.md "Errors", signing.md):
// an IAM token in X-Auth-Token (the scenario's `token`, or one IAM issued and not yet
// expired), or an AK/SK signature verified with the sim's own signing code (signature.hpp),
// dated within 15 minutes of the sim's clock.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "identity.hpp"
#include "message.hpp"

namespace jobwait::sim {

class Authenticator {
 public:
  // `identity` must outlive the authenticator.
  Authenticator(std::string token, const IdentitySpec& identity);

  // The 401 to answer when the request's credentials are missing or wrong; nullopt if good.
  std::optional<Reply> check(const Request& request) const;

  // The sim's clock: the real one plus the scenario's clock_skew.
  std::chrono::system_clock::time_point now() const;

  // A new random token for an IAM login, accepted until `expires`.
  std::string issue_token(std::chrono::system_clock::time_point expires);

 private:
  std::optional<Reply> check_token(const Request& request, std::string_view token) const;
  std::optional<Reply> check_signature(const Request& request, std::string_view authorization) const;

  std::string m_token;
  const IdentitySpec* m_identity;
  std::map<std::string, std::chrono::system_clock::time_point, std::less<>> m_issued;
};

}  // namespace jobwait::sim
