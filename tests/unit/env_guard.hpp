// Unsets process environment variables for a test's lifetime and puts them back after: the code
// under test reads the real environment (CI detection, credentials).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jobwait::test {

class EnvGuard {
 public:
  explicit EnvGuard(std::vector<std::string> names) {
    for (std::string& name : names) {
      const char* value = std::getenv(name.c_str());
      m_saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name.c_str());
    }
  }
  ~EnvGuard() {
    for (const auto& [name, value] : m_saved) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

// The variables that change what a run prints or where it writes besides its artifact.
inline std::vector<std::string> ci_variables() {
  return {"GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITLAB_CI", "JENKINS_URL",
          "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_IAM_ENDPOINT", "HUAWEICLOUD_SDK_PROJECT_ID",
          "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SK", "HW_ACCESS_KEY", "HW_AUTH_TOKEN",
          "HW_DOMAIN_NAME", "HW_PROJECT_ID", "HW_REGION_NAME", "HW_SECRET_KEY", "HW_SECURITY_TOKEN",
          "HW_USER_NAME", "HW_USER_PASSWORD", "OS_ACCESS_KEY", "OS_AUTH_URL", "OS_DOMAIN_NAME", "OS_PASSWORD",
          "OS_PROJECT_ID", "OS_REGION_NAME", "OS_SECRET_KEY", "OS_SECURITY_TOKEN", "OS_USERNAME",
          "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"};
}

}  // namespace jobwait::test
