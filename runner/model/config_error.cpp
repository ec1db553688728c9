#include "model/config_error.hpp"

namespace jobwait::config {

std::string ConfigError::format() const {
  std::string out = file;
  if (from_override) {
    out += ": --set " + key;
  } else {
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    if (!key.empty()) out += ": " + key;
  }
  return out + ": " + message;
}

}  // namespace jobwait::config
