// A job API's status vocabulary as data: raw value → jobwait state. Built-in providers declare
// theirs as a table, declared providers build one from [job.http], and `jobwait providers`
// prints them all from here, so the listing cannot drift from what the code does.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/job_status.hpp"

namespace jobwait::providers {

struct StatusRule {
  StatusRule(std::string value_, State state_, bool stalled_ = false, std::string_view remark_ = {})
      : value(std::move(value_)), state(state_), stalled(stalled_), remark(remark_) {}

  std::string value;  // compared exactly: case differs by service
  State state;
  // Non-terminal, and will not move without someone acting (IEF Stopping, v1-jobs
  // PENDING_PAYMENT): the job keeps waiting, the artifact says `stalled`.
  bool stalled;
  // What `jobwait providers` adds after the value, e.g. CAE's skip: "with a warning".
  std::string_view remark;
};

class StatusMap {
 public:
  StatusMap() = default;
  StatusMap(std::initializer_list<StatusRule> rules) : m_rules(rules) {}
  explicit StatusMap(std::vector<StatusRule> rules) : m_rules(std::move(rules)) {}

  // State::unknown for a value the map does not list.
  State state_of(std::string_view value) const;
  bool is_stalled(std::string_view value) const;
  // The values that map to `state`, in table order.
  std::vector<std::string> values_of(State state) const;
  std::vector<std::string> stalled_values() const;
  const std::vector<StatusRule>& rules() const { return m_rules; }

 private:
  const StatusRule* find(std::string_view value) const;

  std::vector<StatusRule> m_rules;
};

}  // namespace jobwait::providers
