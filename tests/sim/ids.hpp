// Identifiers the services invent: request ids, and the uids of things a scenario names only
// by job id and task name (CCE sub-job uids, ServiceStage task ids, IEF task and target ids).
#pragma once

#include <string>
#include <string_view>

namespace jobwait::sim {

// 32 random lowercase hex characters, the shape of Huawei Cloud's X-Request-Id.
std::string new_request_id();

// A UUID-shaped id derived from the seed, so the same task keeps its id across polls and runs.
std::string stable_uuid(std::string_view seed);

}  // namespace jobwait::sim
