// One simulated service: its job-status route and how it renders a job and its errors.
// Each service is one file pair beside this one; registry.cpp lists them in a table.
#pragma once

#include <optional>
#include <string_view>

#include "job_state.hpp"
#include "message.hpp"
#include "scenario.hpp"

namespace jobwait::sim::services {

struct Service {
  Provider provider;
  // The route, with {project_id} and {job_id} standing for one path segment each.
  std::string_view path;
  // Request checks the service makes beyond authentication (CAE's mandatory header), before
  // and after looking the job up: `job` is null when no such job exists. nullptr: none.
  std::optional<Reply> (*check)(const Request& request, const JobSpec* job);
  // The answer to a known route naming a job this service does not have.
  Reply (*not_found)(const Request& request, std::string_view job_id);
  // The 200 body of one poll.
  Reply (*render)(const Request& request, const JobView& job);
};

}  // namespace jobwait::sim::services
