#include "model/config_error.hpp"

#include <utility>

namespace jobwait::config {

ConfigError ConfigError::at(std::string file, std::string key, std::string message, int line, int column) {
  ConfigError error;
  error.file = std::move(file);
  error.line = line;
  error.column = column;
  error.key = std::move(key);
  error.message = std::move(message);
  return error;
}

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
