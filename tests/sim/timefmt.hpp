// The timestamp spellings of the five services (job-states.md, "Timestamps seen").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace jobwait::sim {

using SysTime = std::chrono::system_clock::time_point;

// ServiceStage: "2024-06-06T15:55:31.36Z", milliseconds with trailing zeros trimmed (page 000).
std::string servicestage_time(SysTime t);
// CCE: Go's time.Time.String(), "2018-08-02 08:12:40.672772389 +0000 UTC", nanoseconds with
// trailing zeros trimmed, as Go's ".999999999" layout does (page 001).
std::string cce_time(SysTime t);
// CAE: "2023-02-16T11:24:07.950175Z", always six fraction digits (page 002).
std::string cae_time(SysTime t);
// ECS, EVS, IMS, VPC v1 jobs: "2016-12-16T10:21:35.436Z", always three fraction digits.
std::string v1_jobs_time(SysTime t);
// IEF: integer epoch seconds (page 003).
std::int64_t epoch_seconds(SysTime t);
// CFW: integer epoch milliseconds, as the example on page 004 (not the documented string).
std::int64_t epoch_millis(SysTime t);

}  // namespace jobwait::sim
