// Who may call the sim. Today: the scenario's IAM token in X-Auth-Token. AK/SK request
// signatures (signing.md) belong here too, behind the same check().
#pragma once

#include <optional>
#include <string>

#include "message.hpp"

namespace jobwait::sim {

class Authenticator {
 public:
  explicit Authenticator(std::string token) : m_token(std::move(token)) {}

  // The 401 to answer when the request's credentials are missing or wrong; nullopt if good.
  std::optional<Reply> check(const Request& request) const;

 private:
  std::string m_token;
};

}  // namespace jobwait::sim
