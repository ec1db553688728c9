#include "providers/status_map.hpp"

#include "providers/provider.hpp"

namespace jobwait::providers {

const StatusRule* StatusMap::find(std::string_view value) const {
  for (const StatusRule& rule : m_rules) {
    if (rule.value == value) return &rule;
  }
  return nullptr;
}

State StatusMap::state_of(std::string_view value) const {
  const StatusRule* rule = find(value);
  return rule == nullptr ? State::unknown : rule->state;
}

bool StatusMap::is_stalled(std::string_view value) const {
  const StatusRule* rule = find(value);
  return rule != nullptr && rule->stalled;
}

std::vector<std::string> StatusMap::values_of(State state) const {
  std::vector<std::string> values;
  for (const StatusRule& rule : m_rules) {
    if (rule.state == state) values.push_back(rule.value);
  }
  return values;
}

std::vector<std::string> StatusMap::stalled_values() const {
  std::vector<std::string> values;
  for (const StatusRule& rule : m_rules) {
    if (rule.stalled) values.push_back(rule.value);
  }
  return values;
}

const StatusMap& Provider::statuses() const {
  static const StatusMap none;
  return none;
}

}  // namespace jobwait::providers
