// What the step-file loader leaves open and `run` and `check` both need settled before
// anything is sent: the credentials and their sources, region and project from the
// environment, whether the project must be looked up at IAM, and the TLS settings.
#pragma once

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "auth/credentials.hpp"
#include "model/config_error.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"

namespace jobwait::auth {

struct Resolution {
  ResolvedCredentials credentials;
  bool project_lookup = false;        // job.project_id is looked up at IAM before the first poll
  std::vector<std::string> warnings;  // said on every run (tls.insecure)
};

// Settles `step` in place (see credentials.hpp for the environment order). Errors are config
// errors (exit 2): nothing has been sent.
tl::expected<Resolution, config::ConfigError> resolve(config::StepConfig& step, const config::EnvLookup& env);

// For `jobwait check`: the method, where each credential came from (never its value), the
// project lookup and the IAM endpoint when one is used, and the warnings. Aligned lines.
std::string describe_resolution(const Resolution& resolution, const config::StepConfig& step);

}  // namespace jobwait::auth
