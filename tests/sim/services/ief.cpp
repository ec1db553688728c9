#include "services/ief.hpp"

#include <boost/json.hpp>

#include "ids.hpp"
#include "replies.hpp"
#include "statuses.hpp"

namespace jobwait::sim::services::ief {

namespace {

// Error code unconfirmed: page 003 links an error-code table it does not include.
constexpr std::string_view k_not_found = "IEF.100404";

}  // namespace

// ief-instance-id (page 003) is optional and only picks a platinum instance: not checked.
Reply render(const Request&, const JobView& job) {
  const JobSpec& spec = job.spec();
  boost::json::array targets;
  boost::json::array tasks;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  for (std::size_t task = 0; task < job.task_count(); ++task) {
    const std::string& name = spec.tasks[task].name;
    const std::string seed = spec.id + "/" + std::to_string(task) + "/" + name;
    const std::string target_id = stable_uuid(seed + "/target");
    targets.push_back(boost::json::object{
        {"target_id", target_id},
        {"extension_info",
         boost::json::array{boost::json::object{{"key", "node_name"}, {"value", name}}}}});
    tasks.push_back(boost::json::object{{"task_name", name},
                                        {"task_id", stable_uuid(seed)},
                                        {"target_id", target_id},
                                        {"status", job.task_status(task)},
                                        {"created_at", epoch_seconds(job.created())},
                                        {"reason", job.task_text(task)},
                                        {"extension_info", boost::json::array{}}});
    if (is_successful_task(Provider::ief, job.task_status(task))) ++succeeded;
    if (is_failed_task(Provider::ief, job.task_status(task))) ++failed;
  }
  // Page 003 swaps the counters: its table describes task_failed_count as "Number of
  // successfully tasks", and its example reports two Successful tasks as task_failed_count = 2,
  // task_success_count = 0. The sim mimics the example, so clients must count tasks[] themselves.
  return json_reply(200, {{"job_name", spec.id},
                          {"job_id", spec.id},
                          {"job_type", "node_upgrade"},
                          {"target_type", "node"},
                          {"description", ""},
                          {"targets", std::move(targets)},
                          {"status", job.status()},
                          {"created_at", epoch_seconds(job.created())},
                          {"status_last_updated_at", epoch_seconds(job.updated())},
                          {"tasks", std::move(tasks)},
                          {"task_total_count", job.task_count()},
                          {"task_failed_count", succeeded},
                          {"task_success_count", failed}});
}

Reply not_found(const Request& request, std::string_view job_id) {
  return error_reply(404, k_not_found, "Job not found: " + std::string(job_id), request);
}

}  // namespace jobwait::sim::services::ief
