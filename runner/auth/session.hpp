// What `jobwait run` authenticates with: the step's Authenticator and the client that applies it
// to every request. (Finding the project at IAM is a step of the run: app/project_lookup.hpp.)
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "auth/authenticator.hpp"
#include "auth/methods.hpp"
#include "http/http_client.hpp"
#include "model/step_config.hpp"

namespace jobwait::auth {

class Session {
 public:
  // `step` has been through resolve(); `transport` sends (it and `step` outlive the session).
  // Tokens it obtains go into `secrets`, which also masks every error answer client() gets;
  // `warn` hears what the user should (a token cache that cannot be written).
  Session(const config::StepConfig& step, http::Client& transport, WallClock now = std::chrono::system_clock::now,
          Warn warn = {}, SecretRegistry& secrets = run_secrets());

  // Every request sent through this client is authenticated just before it goes out.
  http::Client& client() { return *m_client; }
  // The same credentials for requests sent another way (the multi-job event loop): call it on
  // each request right before it goes out.
  Authenticator& authenticator() { return *m_authenticator; }

  // From now on every request names this project (X-Project-Id, and the token scope of a
  // password login): the step's own job.project_id, or the one app/project_lookup found.
  void scope_to_project(const std::string& project_id) { m_authenticator->scope_to_project(project_id); }

 private:
  std::unique_ptr<Authenticator> m_authenticator;
  std::unique_ptr<http::Client> m_client;
};

}  // namespace jobwait::auth
