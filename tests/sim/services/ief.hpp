// IEF "Querying Details of a Batch Job" (api-docs/003_*.txt): GET /v2/{project_id}/productmgr/jobs/{job_id}.
#pragma once

#include <optional>
#include <string_view>

#include "services/service.hpp"

namespace jobwait::sim::services::ief {

Reply render(const Request& request, const JobView& job);
Reply not_found(const Request& request, std::string_view job_id);

}  // namespace jobwait::sim::services::ief
