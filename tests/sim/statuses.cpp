#include "statuses.hpp"

#include <algorithm>

namespace jobwait::sim {

namespace {

using Values = std::vector<std::string_view>;

bool contains(const Values& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// ServiceStage tasks use the job values plus SKIPPED (job-states.md).
const Values k_servicestage_job{"SUBMITTED",       "SCHEDULED", "RUNNING",     "ROLLBACKING",
                                "SUCCEEDED",       "FAILED",    "PARTIALLY_FAILED",
                                "ROLLBACKED",      "UNKNOWN",   "CANCELLED"};
const Values k_servicestage_task{"SUBMITTED",  "SCHEDULED",        "RUNNING",    "ROLLBACKING",
                                 "SUCCEEDED",  "FAILED",           "PARTIALLY_FAILED",
                                 "ROLLBACKED", "UNKNOWN",          "CANCELLED",  "SKIPPED"};
const Values k_cce{"Initializing", "Running", "Success", "Failed"};
const Values k_cae{"init", "running", "failed", "timeout", "success", "skip", "terminating",
                   "terminated"};
const Values k_ief{"Waiting", "Running",  "Successful", "Failed", "Timed_out",
                   "Partially_successful", "Stopping", "Stopped"};
const Values k_cfw{"Running", "Success", "Failed"};
// ECS, EVS, IMS and VPC "v1 jobs"; sub-jobs use the same values.
const Values k_v1_jobs{"INIT", "RUNNING", "SUCCESS", "FAIL", "PENDING_PAYMENT"};

}  // namespace

const Values& known_job_statuses(Provider provider) {
  switch (provider) {
    case Provider::servicestage: return k_servicestage_job;
    case Provider::cce: return k_cce;
    case Provider::cae: return k_cae;
    case Provider::ief: return k_ief;
    case Provider::cfw: return k_cfw;
    case Provider::v1_jobs: return k_v1_jobs;
  }
  return k_cfw;
}

const Values& known_task_statuses(Provider provider) {
  return provider == Provider::servicestage ? k_servicestage_task : known_job_statuses(provider);
}

bool is_terminal_status(Provider provider, std::string_view status) {
  static const Values servicestage{"SUCCEEDED", "FAILED",  "PARTIALLY_FAILED",
                                   "ROLLBACKED", "UNKNOWN", "CANCELLED"};
  static const Values cce{"Success", "Failed"};
  static const Values cae{"failed", "timeout", "success", "skip", "terminated"};
  static const Values ief{"Successful", "Failed", "Timed_out", "Partially_successful", "Stopped"};
  static const Values cfw{"Success", "Failed"};
  switch (provider) {
    case Provider::servicestage: return contains(servicestage, status);
    case Provider::cce: return contains(cce, status);
    case Provider::cae: return contains(cae, status);
    case Provider::ief: return contains(ief, status);
    case Provider::cfw: return contains(cfw, status);
    case Provider::v1_jobs: return status == "SUCCESS" || status == "FAIL";
  }
  return false;
}

bool is_successful_task(Provider provider, std::string_view status) {
  switch (provider) {
    case Provider::servicestage: return status == "SUCCEEDED";
    case Provider::cce: return status == "Success";
    case Provider::cae: return status == "success";
    case Provider::ief: return status == "Successful";
    case Provider::cfw: return status == "Success";
    case Provider::v1_jobs: return status == "SUCCESS";
  }
  return false;
}

bool is_failed_task(Provider provider, std::string_view status) {
  static const Values servicestage{"FAILED", "PARTIALLY_FAILED", "ROLLBACKED", "UNKNOWN"};
  static const Values cae{"failed", "timeout"};
  static const Values ief{"Failed", "Timed_out", "Partially_successful"};
  switch (provider) {
    case Provider::servicestage: return contains(servicestage, status);
    case Provider::cce: return status == "Failed";
    case Provider::cae: return contains(cae, status);
    case Provider::ief: return contains(ief, status);
    case Provider::cfw: return status == "Failed";
    case Provider::v1_jobs: return status == "FAIL";
  }
  return false;
}

}  // namespace jobwait::sim
