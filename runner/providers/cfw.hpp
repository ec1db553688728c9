// CFW job API: /v3/{project_id}/jobs/{job_id}
#pragma once

#include "providers/provider.hpp"

namespace jobwait::providers {

const Provider& cfw_provider();

}  // namespace jobwait::providers
