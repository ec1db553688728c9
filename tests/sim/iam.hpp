// The two IAM APIs a waiter needs (job-states.md, "Credentials"): POST /v3/auth/tokens (a
// password login: 201 with the token in X-Subject-Token) and GET /v3/projects?name= (the
// project of a region, authenticated like any API).
#pragma once

#include <optional>

#include "auth.hpp"
#include "identity.hpp"
#include "message.hpp"

namespace jobwait::sim {

class Iam {
 public:
  // Both must outlive it.
  Iam(const IdentitySpec& identity, Authenticator& auth) : m_identity(&identity), m_auth(&auth) {}

  // The answer when `target` is an IAM path; nullopt for any other path.
  std::optional<Reply> handle(const Request& request, const Target& target);

 private:
  Reply login(const Request& request);
  Reply projects(const Request& request, const Target& target) const;

  const IdentitySpec* m_identity;
  Authenticator* m_auth;
};

}  // namespace jobwait::sim
