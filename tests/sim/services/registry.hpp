// The simulated services, in one table.
#pragma once

#include <span>

#include "services/service.hpp"

namespace jobwait::sim::services {

std::span<const Service> all_services();

}  // namespace jobwait::sim::services
