// Where a job's service answers: an explicit `endpoint`, or a host derived from the region
// (../shared/api-docs/job-states.md, "Hosts").
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "config/step_config.hpp"

namespace jobwait::config {

// The base URL, without a trailing '/': job.endpoint when set, else
// https://{service}.{region}.myhuaweicloud.com (.myhuaweicloud.eu for the eu-west-1xx regions).
// `service` is the provider's host label (Provider::service()).
std::string base_url(const JobConfig& job, std::string_view service);

// Checks an endpoint's syntax: scheme://host[:port][/prefix], scheme http or https, no query,
// no fragment, no user:password@. The error is one line and never repeats credentials.
tl::expected<void, std::string> check_endpoint(std::string_view endpoint);

}  // namespace jobwait::config
