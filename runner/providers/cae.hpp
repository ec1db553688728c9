// CAE job API: /v1/{project_id}/cae/jobs/{job_id}
#pragma once

#include "providers/provider.hpp"

namespace jobwait::providers {

const Provider& cae_provider();

}  // namespace jobwait::providers
