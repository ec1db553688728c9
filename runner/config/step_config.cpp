#include "step_config.hpp"

namespace jobwait::config {

std::vector<std::string> StepConfig::secrets() const {
  std::vector<std::string> out;
  if (!auth.token.empty()) out.push_back(auth.token);
  for (const std::string* secret : {&auth.access_key, &auth.secret_key, &auth.security_token, &auth.password}) {
    if (!secret->empty()) out.push_back(*secret);
  }
  return out;
}

}  // namespace jobwait::config
