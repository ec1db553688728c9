// The [exit_codes] table applied: which code the process exits with for an outcome. The
// README table is the default; the artifact records both codes and the table's changes.
#pragma once

#include <map>
#include <string>

#include "model/exit_code.hpp"
#include "model/step_config.hpp"

namespace jobwait {

// The code for `outcome` under `codes`. config_error and interrupted (130/143) are never
// remapped: a broken step file or a signal must not pass for anything else.
int mapped_exit_code(const config::ExitCodesConfig& codes, Outcome outcome, int signal_number = 0);

// The outcomes whose code differs from the README table, by outcome name: {"timed_out": 0}.
std::map<std::string, int> exit_code_changes(const config::ExitCodesConfig& codes);

}  // namespace jobwait
