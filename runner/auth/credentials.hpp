// Where the credentials come from: the step file's [auth] table when it names any, else the
// first of these environment sets that is present (README, "Credentials"):
//   HW_AUTH_TOKEN                                                    token
//   HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN                  AK/SK (Terraform provider)
//   HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN   AK/SK (SDKs)
//   OS_ACCESS_KEY, OS_SECRET_KEY, OS_SECURITY_TOKEN                  AK/SK (Open Telekom Cloud)
//   HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME                   password
//   OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME                         password (Open Telekom Cloud)
// Region, project and IAM endpoint likewise fall back to HW_REGION_NAME / OS_REGION_NAME,
// HW_PROJECT_ID / HUAWEICLOUD_SDK_PROJECT_ID / OS_PROJECT_ID and
// HUAWEICLOUD_SDK_IAM_ENDPOINT / OS_AUTH_URL when the step file leaves them empty.
#pragma once

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "model/config_error.hpp"
#include "model/step_config.hpp"
#include "util/env_expand.hpp"

namespace jobwait::auth {

enum class Method { none, token, access_key, password };

// Which way the step authenticates, from its (resolved) [auth] values.
Method method_of(const config::AuthConfig& auth);

// One resolved setting and where it came from, for `jobwait check`: never the value of a
// secret. what = "secret key", from = "HW_SECRET_KEY (environment)".
struct Source {
  std::string what;
  std::string from;
};

struct ResolvedCredentials {
  Method method = Method::none;
  std::vector<Source> sources;
};

// Picks the credentials (step file, else the environment order above) and writes the chosen
// environment values into step.auth, so that the Redactor, which reads StepConfig::secrets(),
// masks them like step-file secrets. Also fills job.region, job.project_id and
// auth.iam_endpoint from the environment when empty. A half-given set (an access key without
// its secret key, two methods at once) is a config error naming the keys or variables.
tl::expected<ResolvedCredentials, config::ConfigError> resolve_credentials(config::StepConfig& step,
                                                                   const config::EnvLookup& env);

}  // namespace jobwait::auth
