// The job API ECS, EVS, IMS and VPC share: GET /v1/{project_id}/jobs/{job_id} (not among the
// five pages in api-docs; shape from the ECS "Querying Job Execution Status" reference). On the
// real cloud the host (ecs., evs., ...) picks the service; the sim serves one route for all.
#pragma once

#include <string_view>

#include "services/service.hpp"

namespace jobwait::sim::services::v1_jobs {

Reply render(const Request& request, const JobView& job);
Reply not_found(const Request& request, std::string_view job_id);

}  // namespace jobwait::sim::services::v1_jobs
