#include "services/cce.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "ids.hpp"
#include "replies.hpp"

namespace jobwait::sim::services::cce {

namespace {

// One job of page 001's shape. Sub-jobs are full Jobs too, but without subJobs, resourceName
// or an empty reason, as in the page's example.
boost::json::object job_json(std::string_view uid, std::string_view type,
                             std::string_view cluster_uid, SysTime created, SysTime updated,
                             std::string_view phase, std::string_view reason) {
  boost::json::object status{{"phase", phase}};
  if (!reason.empty()) status["reason"] = reason;
  return {{"kind", "Job"},
          {"apiVersion", "v3"},
          {"metadata",
           {{"uid", uid}, {"creationTimestamp", cce_time(created)}, {"updateTimestamp", cce_time(updated)}}},
          {"spec", {{"type", type}, {"clusterUID", cluster_uid}}},
          {"status", std::move(status)}};
}

}  // namespace

Reply render(const Request&, const JobView& job) {
  const JobSpec& spec = job.spec();
  const std::string cluster_uid = stable_uuid(spec.project_id + "/" + spec.id + "/cluster");
  SysTime updated = job.updated();
  boost::json::array sub_jobs;
  for (std::size_t task = 0; task < job.task_count(); ++task) {
    const std::string& name = spec.tasks[task].name;
    updated = std::max(updated, job.task_updated(task));
    sub_jobs.push_back(job_json(stable_uuid(spec.id + "/" + std::to_string(task) + "/" + name),
                                name, cluster_uid, job.created(), job.task_updated(task),
                                job.task_status(task), job.task_reason(task)));
  }

  boost::json::object body = job_json(spec.id, "CreateCluster", cluster_uid, job.created(),
                                      updated, job.status(), job.reason());
  boost::json::object& job_spec = body["spec"].as_object();
  job_spec["resourceID"] = cluster_uid;
  job_spec["resourceName"] = "sim-cluster-" + cluster_uid.substr(0, 8);
  job_spec["extendParam"] = boost::json::object{};
  if (!sub_jobs.empty()) job_spec["subJobs"] = std::move(sub_jobs);
  // The parent always carries status.reason, "" until there is a reason (page 001's example).
  body["status"].as_object()["reason"] = job.reason();
  return json_reply(200, body);
}

// CCE's own error shape (errorCode/errorMessage, job-states.md "Errors"). CCE.01404001 is the
// code the brief and jobwait's provider expect for a missing job; the message is unconfirmed.
Reply not_found(const Request&, std::string_view job_id) {
  return json_reply(404, {{"errorCode", "CCE.01404001"},
                          {"errorMessage", "Resource not found: job " + std::string(job_id)}});
}

}  // namespace jobwait::sim::services::cce
