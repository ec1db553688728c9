#include "step_config.hpp"

namespace jobwait::config {

std::vector<std::string> StepConfig::secrets() const {
  std::vector<std::string> out;
  if (!auth.token.empty()) out.push_back(auth.token);
  return out;
}

}  // namespace jobwait::config
