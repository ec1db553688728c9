// ServiceStage "Obtaining Job Details" (api-docs/000_*.txt): GET /v3/{project_id}/cas/jobs/{job_id}.
#pragma once

#include <optional>
#include <string_view>

#include "services/service.hpp"

namespace jobwait::sim::services::servicestage {

// 400 when limit, offset or desc cannot be read.
std::optional<Reply> check(const Request& request, const JobSpec* job);

Reply render(const Request& request, const JobView& job);
Reply not_found(const Request& request, std::string_view job_id);

}  // namespace jobwait::sim::services::servicestage
