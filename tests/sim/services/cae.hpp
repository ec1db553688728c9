// CAE "Obtaining Job Details" (api-docs/002_*.txt): GET /v1/{project_id}/cae/jobs/{job_id}.
#pragma once

#include <optional>
#include <string_view>

#include "services/service.hpp"

namespace jobwait::sim::services::cae {

// 400 when X-Environment-ID is missing, or names another environment than the job's.
std::optional<Reply> check(const Request& request, const JobSpec* job);

Reply render(const Request& request, const JobView& job);
Reply not_found(const Request& request, std::string_view job_id);

}  // namespace jobwait::sim::services::cae
