#include "services/v1_jobs.hpp"

#include <boost/json.hpp>

#include "ids.hpp"
#include "replies.hpp"
#include "statuses.hpp"

namespace jobwait::sim::services::v1_jobs {

namespace {

// Error code unconfirmed: the reference lists 404 without a code for a missing job.
constexpr std::string_view k_not_found = "Ecs.0404";

// One job of the reference's shape; sub-jobs have the same shape. end_time is "" until the job
// is over, error_code and fail_reason null until it fails (as in the reference's examples).
boost::json::object job_json(std::string_view id, std::string_view type, std::string_view status,
                             SysTime begin, SysTime end, std::string_view reason, boost::json::object entities) {
  const bool over = is_terminal_status(Provider::v1_jobs, status);
  const bool failed = status == "FAIL";
  return {{"status", status},
          {"entities", std::move(entities)},
          {"job_id", id},
          {"job_type", type},
          {"begin_time", v1_jobs_time(begin)},
          {"end_time", over ? v1_jobs_time(end) : std::string()},
          {"error_code", failed ? boost::json::value("Ecs.0013") : boost::json::value(nullptr)},
          {"fail_reason", failed && !reason.empty() ? boost::json::value(reason) : boost::json::value(nullptr)}};
}

}  // namespace

Reply render(const Request&, const JobView& job) {
  const JobSpec& spec = job.spec();
  boost::json::array sub_jobs;
  for (std::size_t task = 0; task < job.task_count(); ++task) {
    const std::string id = stable_uuid(spec.id + "/" + std::to_string(task));
    sub_jobs.push_back(job_json(id, spec.tasks[task].name, job.task_status(task), job.created(),
                                job.task_updated(task), job.task_reason(task),
                                {{"server_id", stable_uuid(id + "/server")}}));
  }
  boost::json::object entities;
  if (!sub_jobs.empty()) {
    entities["sub_jobs_total"] = sub_jobs.size();
    entities["sub_jobs"] = std::move(sub_jobs);
  }
  return json_reply(200, job_json(spec.id, "createServer", job.status(), job.created(), job.updated(),
                                  job.reason(), std::move(entities)));
}

Reply not_found(const Request&, std::string_view job_id) {
  return json_reply(404, {{"error", {{"code", k_not_found}, {"message", "Job not found: " + std::string(job_id)}}}});
}

}  // namespace jobwait::sim::services::v1_jobs
