// Where a job's service answers: an explicit `endpoint`, or a host derived from the region
// (../shared/api-docs/job-states.md, "Hosts").
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "model/step_config.hpp"

namespace jobwait::config {

// The base URL, without a trailing '/': job.endpoint when set, else region_url().
// `service` is the provider's host label (Provider::service()).
std::string base_url(const JobConfig& job, std::string_view service);

// https://{service}.{region}.{domain}, whatever job.endpoint says (IAM lives there too). The
// domain is job.domain when set, else the cloud's rule for the region: Huawei Cloud
// myhuaweicloud.com (myhuaweicloud.eu for eu-west-1xx), Open Telekom Cloud otc.t-systems.com
// (sc.otc.t-systems.com for eu-ch2). An unknown job.cloud falls back to Huawei Cloud; the
// loader refuses one anyway.
std::string region_url(const JobConfig& job, std::string_view service);

// The values job.cloud takes.
inline constexpr std::string_view k_clouds[] = {"huaweicloud", "otc"};

// The regions a cloud is known to have, beside its host rules. Clouds add regions, so one
// outside the list is still used as given; it only gets unknown_region_warning().
std::span<const std::string_view> known_regions(std::string_view cloud);

// For a job.region outside known_regions(job.cloud): a warning naming the nearest known region,
// said by check and run, because a misspelled region derives a host that never resolves.
// Nothing for a known region, an empty one, or when job.endpoint decides the host anyway.
std::optional<std::string> unknown_region_warning(const JobConfig& job);

// Checks an endpoint's syntax: scheme://host[:port][/prefix], scheme http or https, no query,
// no fragment, no user:password@. The error is one line and never repeats credentials.
tl::expected<void, std::string> check_endpoint(std::string_view endpoint);

}  // namespace jobwait::config
