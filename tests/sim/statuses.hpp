// The status values each service is known to send (job-states.md, filled in from the SDKs where
// the pages elide the enums). The sim serves any value a scenario names, known or not: these
// lists only drive load-time typo warnings and the few fields a service derives from status.
#pragma once

#include <string_view>
#include <vector>

#include "scenario.hpp"

namespace jobwait::sim {

const std::vector<std::string_view>& known_job_statuses(Provider provider);
const std::vector<std::string_view>& known_task_statuses(Provider provider);

// The values after which the service considers a job over (CFW fills end_time then).
bool is_terminal_status(Provider provider, std::string_view status);

// Task outcomes, for the services that count them (IEF's counters).
bool is_successful_task(Provider provider, std::string_view status);
bool is_failed_task(Provider provider, std::string_view status);

}  // namespace jobwait::sim
