// CCE cluster and node jobs: 001_ac15b65fb143f8b5.txt. Times are Go time.Time.String()
// ("2018-08-02 08:12:40.672772389 +0000 UTC"), which timestamp.cpp reads.
#include "providers/cce.hpp"

#include "http/url.hpp"
#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

using json::member;

const StatusMap& phases() {
  static const StatusMap map{{"Initializing", State::pending},
                             {"Running", State::running},
                             {"Success", State::succeeded},
                             {"Failed", State::failed}};
  return map;
}

State phase_state(std::string_view phase) { return phases().state_of(phase); }

void read_times(const boost::json::value* metadata, Times& times) {
  json::add_time(times, "created", json::timestamp(member(metadata, "creationTimestamp")));
  json::add_time(times, "updated", json::timestamp(member(metadata, "updateTimestamp")));
}

// A sub-job is a whole Job; as a task it is named by its type and, when it has one, the
// resource it works on: "CreateNode (node-1)".
Task read_sub_job(const boost::json::value& job) {
  const boost::json::value* spec = member(&job, "spec");
  const boost::json::value* status = member(&job, "status");
  Task task;
  task.id = json::text_or_empty(member(member(&job, "metadata"), "uid"));
  task.name = json::text_or_empty(member(spec, "type"));
  const std::string resource = json::text_or_empty(member(spec, "resourceName"));
  if (!resource.empty()) task.name += task.name.empty() ? resource : " (" + resource + ")";
  task.status = json::text_or_empty(member(status, "phase"));
  task.state = phase_state(task.status);
  task.message = json::text_or_empty(member(status, "reason"));
  read_times(member(&job, "metadata"), task.times);
  return task;
}

// status.reason, else the first failed sub-job's reason: the parent's reason is often
// empty when a sub-job carries the cause.
std::string failure_reason(const std::string& own, const std::vector<Task>& tasks) {
  if (!own.empty()) return json::excerpt(own, 500);
  for (const Task& task : tasks) {
    if (task.state != State::failed) continue;
    if (task.message.empty()) return "sub-job " + task.name + " failed";
    return json::excerpt(task.name + ": " + task.message, 500);
  }
  return {};
}

class Cce final : public Provider {
 public:
  std::string_view name() const override { return "cce"; }
  std::string_view service() const override { return "cce"; }
  std::string_view path_template() const override { return "/api/v3/projects/{project_id}/jobs/{job_id}"; }
  std::string_view status_field() const override { return "status.phase"; }
  const StatusMap& statuses() const override { return phases(); }

  RequestSpec request(const config::JobConfig& job) const override {
    return {"/api/v3/projects/" + http::percent_encode(job.project_id) + "/jobs/" +
                http::percent_encode(job.id),
            {}, {}};
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    const boost::json::value* status = member(&*root, "status");
    auto phase = json::text(member(status, "phase"));
    if (!phase) return tl::unexpected(json::missing_field(*root, "status.phase"));

    JobStatus out;
    out.status = *std::move(phase);
    // 001_ac15b65fb143f8b5.txt: the example shows a Running parent whose sub-jobs are all
    // Success. The parent's phase is the only authority; children never decide it.
    out.state = phase_state(out.status);
    read_times(member(&*root, "metadata"), out.times);
    if (const auto* jobs = json::array(member(member(&*root, "spec"), "subJobs"))) {
      out.tasks.reserve(jobs->size());
      for (const boost::json::value& job : *jobs) out.tasks.push_back(read_sub_job(job));
    }
    if (out.state == State::failed) {
      out.reason = failure_reason(json::text_or_empty(member(status, "reason")), out.tasks);
    }
    return out;
  }
};

}  // namespace

const Provider& cce_provider() {
  static const Cce instance;
  return instance;
}

}  // namespace jobwait::providers
