// ServiceStage job API: /v3/{project_id}/cas/jobs/{job_id}
#pragma once

#include "providers/provider.hpp"

namespace jobwait::providers {

const Provider& servicestage_provider();

}  // namespace jobwait::providers
