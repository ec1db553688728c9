#include "services/registry.hpp"

#include <array>

#include "services/cae.hpp"
#include "services/cce.hpp"
#include "services/cfw.hpp"
#include "services/ief.hpp"
#include "services/servicestage.hpp"
#include "services/v1_jobs.hpp"

namespace jobwait::sim::services {

namespace {

// Paths exactly as the API pages give them (api-docs/000..004). They differ in segment count
// or literals, so no request matches two; on the real cloud the host tells them apart.
const std::array<Service, 6> k_services{{
    {Provider::servicestage, "/v3/{project_id}/cas/jobs/{job_id}",          servicestage::check, servicestage::not_found, servicestage::render},
    {Provider::cce,          "/api/v3/projects/{project_id}/jobs/{job_id}", nullptr,             cce::not_found,          cce::render},
    {Provider::cae,          "/v1/{project_id}/cae/jobs/{job_id}",          cae::check,          cae::not_found,          cae::render},
    {Provider::ief,          "/v2/{project_id}/productmgr/jobs/{job_id}",   nullptr,             ief::not_found,          ief::render},
    {Provider::cfw,          "/v3/{project_id}/jobs/{job_id}",              nullptr,             cfw::not_found,          cfw::render},
    {Provider::v1_jobs,      "/v1/{project_id}/jobs/{job_id}",              nullptr,             v1_jobs::not_found,      v1_jobs::render},
}};

}  // namespace

std::span<const Service> all_services() { return k_services; }

}  // namespace jobwait::sim::services
