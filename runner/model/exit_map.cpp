#include "model/exit_map.hpp"

#include <array>
#include <utility>

namespace jobwait {

namespace {

// Each remappable outcome and where its code lives in the table.
constexpr std::array<std::pair<Outcome, int config::ExitCodesConfig::*>, 7> k_remappable{{
    {Outcome::succeeded, &config::ExitCodesConfig::succeeded},
    {Outcome::failed, &config::ExitCodesConfig::failed},
    {Outcome::timed_out, &config::ExitCodesConfig::timed_out},
    {Outcome::not_found, &config::ExitCodesConfig::not_found},
    {Outcome::auth_error, &config::ExitCodesConfig::auth_error},
    {Outcome::api_error, &config::ExitCodesConfig::api_error},
    {Outcome::cancelled, &config::ExitCodesConfig::cancelled},
}};

}  // namespace

int mapped_exit_code(const config::ExitCodesConfig& codes, Outcome outcome, int signal_number) {
  for (const auto& [remappable, member] : k_remappable) {
    if (remappable == outcome) return codes.*member;
  }
  return static_cast<int>(exit_code_for(outcome, signal_number));
}

std::map<std::string, int> exit_code_changes(const config::ExitCodesConfig& codes) {
  std::map<std::string, int> changes;
  for (const auto& [outcome, member] : k_remappable) {
    if (codes.*member != static_cast<int>(exit_code_for(outcome))) changes[std::string(to_string(outcome))] = codes.*member;
  }
  return changes;
}

}  // namespace jobwait
