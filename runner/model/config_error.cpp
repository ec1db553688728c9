#include "model/config_error.hpp"

#include <algorithm>
#include <tuple>
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

std::vector<std::string> ConfigError::lines() const {
  std::vector<const ConfigError*> all{this};
  for (const ConfigError& other : others) all.push_back(&other);
  std::stable_sort(all.begin(), all.end(), [](const ConfigError* a, const ConfigError* b) {
    return std::tuple(a->from_override, a->line, a->column) < std::tuple(b->from_override, b->line, b->column);
  });
  std::vector<std::string> out;
  for (const ConfigError* error : all) out.push_back(error->format());
  if (not_reported > 0) {
    out.push_back(file + ": " + std::to_string(not_reported) + " more problem" + (not_reported == 1 ? "" : "s") +
                  " not shown; fix these first");
  }
  return out;
}

ConfigError ConfigError::collect(std::vector<ConfigError> problems) {
  ConfigError first = std::move(problems.front());
  const std::size_t kept = std::min(problems.size(), k_most_reported);
  for (std::size_t i = 1; i < kept; ++i) first.others.push_back(std::move(problems[i]));
  first.not_reported = problems.size() - kept;
  return first;
}

}  // namespace jobwait::config
