// IEF job API: /v2/{project_id}/productmgr/jobs/{job_id}
#pragma once

#include "providers/provider.hpp"

namespace jobwait::providers {

const Provider& ief_provider();

}  // namespace jobwait::providers
