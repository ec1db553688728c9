// CFW "List Job Status" (api-docs/004_*.txt): GET /v3/{project_id}/jobs/{job_id}.
#pragma once

#include <optional>
#include <string_view>

#include "services/service.hpp"

namespace jobwait::sim::services::cfw {

Reply render(const Request& request, const JobView& job);
Reply not_found(const Request& request, std::string_view job_id);

}  // namespace jobwait::sim::services::cfw
