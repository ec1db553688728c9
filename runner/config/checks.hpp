// The checks made once every value is in: required keys, the provider's own needs and what it
// has no use for, and settings that only make sense together (wait.interval ≤ max_interval).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "config/load_state.hpp"
#include "model/config_error.hpp"

namespace jobwait::config {

// Every problem found with the settings as loaded, in the order checked (required keys, the
// provider, its keys, the wait settings); empty when the step is ready to use.
std::vector<ConfigError> check_resolved(const LoadState& state);

}  // namespace jobwait::config
