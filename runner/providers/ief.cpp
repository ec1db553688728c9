// IEF batch jobs: 003_a595c360651f51f4.txt, classified per job-states.md. Times are integer
// epoch seconds.
#include "providers/ief.hpp"

#include "http/url.hpp"
#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

using json::member;

// Jobs and tasks share this vocabulary. Stopping is a pause: running, and stalled.
// Partially_successful counts as failed by default; a step file may relax that.
const StatusMap& ief_statuses() {
  static const StatusMap map{{"Waiting", State::pending},
                             {"Running", State::running},
                             {"Stopping", State::running, true},
                             {"Successful", State::succeeded},
                             {"Failed", State::failed},
                             {"Timed_out", State::failed},
                             {"Partially_successful", State::failed},
                             {"Stopped", State::cancelled}};
  return map;
}

State ief_state(std::string_view status) { return ief_statuses().state_of(status); }

Task read_task(const boost::json::value& item) {
  Task task;
  task.id = json::text_or_empty(member(&item, "task_id"));
  task.name = json::text_or_empty(member(&item, "task_name"));
  task.status = json::text_or_empty(member(&item, "status"));
  task.state = ief_state(task.status);
  task.message = json::text_or_empty(member(&item, "reason"));
  json::add_time(task.times, "created", json::timestamp(member(&item, "created_at")));
  return task;
}

// 003_a595c360651f51f4.txt: task_failed_count is described as the number of successful
// tasks and task_success_count as the failed ones, and the example (two Successful tasks,
// task_failed_count 2) fits neither reading. The counters are never read: tasks[] is
// counted here.
std::string failure_reason(const std::vector<Task>& tasks) {
  std::vector<std::string> parts;
  for (const Task& task : tasks) {
    if (task.state != State::failed) continue;
    parts.push_back(task.name + ": " + (task.message.empty() ? task.status : task.message));
  }
  if (parts.empty()) return {};
  return std::to_string(parts.size()) + " of " + std::to_string(tasks.size()) +
         " tasks failed: " + json::join_bounded(parts);
}

class Ief final : public Provider {
 public:
  std::string_view name() const override { return "ief"; }
  std::string_view service() const override { return "ief"; }
  std::string_view path_template() const override { return "/v2/{project_id}/productmgr/jobs/{job_id}"; }
  std::string_view status_field() const override { return "status"; }
  const StatusMap& statuses() const override { return ief_statuses(); }

  RequestSpec request(const config::JobConfig& job) const override {
    RequestSpec spec{"/v2/" + http::percent_encode(job.project_id) + "/productmgr/jobs/" +
                         http::percent_encode(job.id),
                     {}, {}};
    // Platinum edition only; a professional edition instance sends no header at all.
    if (!job.instance_id.empty()) spec.headers.push_back({"ief-instance-id", job.instance_id});
    return spec;
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    auto status = json::text(member(&*root, "status"));
    if (!status) return tl::unexpected(json::missing_field(*root, "status"));

    JobStatus out;
    out.status = *std::move(status);
    out.state = ief_state(out.status);
    // Stopping is a pause: the job will not move until a user resumes or stops it. The wait
    // engine says so, once, as for every stalled status.
    out.stalled = ief_statuses().is_stalled(out.status);
    json::add_time(out.times, "created", json::timestamp(member(&*root, "created_at")));
    json::add_time(out.times, "updated",
                   json::timestamp(member(&*root, "status_last_updated_at")));
    if (const auto* items = json::array(member(&*root, "tasks"))) {
      out.tasks.reserve(items->size());
      for (const boost::json::value& item : *items) out.tasks.push_back(read_task(item));
    }
    if (out.state == State::failed) out.reason = failure_reason(out.tasks);
    return out;
  }
};

}  // namespace

const Provider& ief_provider() {
  static const Ief instance;
  return instance;
}

}  // namespace jobwait::providers
