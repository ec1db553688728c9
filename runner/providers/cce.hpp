// CCE job API: /api/v3/projects/{project_id}/jobs/{job_id}
#pragma once

#include "providers/provider.hpp"

namespace jobwait::providers {

const Provider& cce_provider();

}  // namespace jobwait::providers
