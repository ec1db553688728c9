// CAE (Cloud Application Engine) jobs: 002_e611aabd0053960c.txt, classified per job-states.md.
#include "providers/cae.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "http/url.hpp"
#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

using json::member;

// Jobs and tasks share this vocabulary. `skip` is terminal but no source says what it
// means; job-states.md settles on succeeded with a warning (the note is added by parse).
const StatusMap& cae_statuses() {
  static const StatusMap map{{"init", State::pending},         {"running", State::running},
                             {"terminating", State::running},  {"success", State::succeeded},
                             {"skip", State::succeeded, false, "with a warning"},
                             {"failed", State::failed},
                             {"timeout", State::failed},       {"terminated", State::cancelled}};
  return map;
}

State cae_state(std::string_view status) { return cae_statuses().state_of(status); }

// Tasks carry no id in the page, so the task index stands in for one.
std::vector<Task> read_tasks(const boost::json::array& items) {
  std::vector<std::pair<std::int64_t, Task>> indexed;
  indexed.reserve(items.size());
  for (const boost::json::value& item : items) {
    const auto index = json::integer(member(&item, "index"));
    Task task;
    task.id = index ? std::to_string(*index) : std::string();
    task.name = json::text_or_empty(member(&item, "name"));
    task.status = json::text_or_empty(member(&item, "status"));
    task.state = cae_state(task.status);
    task.message = json::text_or_empty(member(&item, "detail"));
    json::add_time(task.times, "created", json::timestamp(member(&item, "created_at")));
    json::add_time(task.times, "updated", json::timestamp(member(&item, "updated_at")));
    indexed.emplace_back(index.value_or(std::numeric_limits<std::int64_t>::max()), std::move(task));
  }
  std::stable_sort(indexed.begin(), indexed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Task> tasks;
  tasks.reserve(indexed.size());
  for (auto& entry : indexed) tasks.push_back(std::move(entry.second));
  return tasks;
}

// The job carries no reason of its own: the failed task's `detail` is the text.
std::string failure_reason(const std::vector<Task>& tasks) {
  std::vector<std::string> parts;
  for (const Task& task : tasks) {
    if (task.state == State::failed && !task.message.empty()) {
      parts.push_back(task.name + ": " + task.message);
    }
  }
  return json::join_bounded(parts);
}

class Cae final : public Provider {
 public:
  std::string_view name() const override { return "cae"; }
  std::string_view service() const override { return "cae"; }
  std::string_view path_template() const override { return "/v1/{project_id}/cae/jobs/{job_id}"; }
  std::string_view status_field() const override { return "spec.status"; }
  const StatusMap& statuses() const override { return cae_statuses(); }

  // 002_e611aabd0053960c.txt: X-Environment-ID is mandatory.
  std::vector<std::string_view> required_keys() const override { return {"job.environment_id"}; }

  RequestSpec request(const config::JobConfig& job) const override {
    RequestSpec spec{"/v1/" + http::percent_encode(job.project_id) + "/cae/jobs/" +
                         http::percent_encode(job.id),
                     {}, {}};
    spec.headers.push_back({"X-Environment-ID", job.environment_id});
    // Optional: without it the service looks in the default enterprise project.
    if (!job.enterprise_project_id.empty()) {
      spec.headers.push_back({"X-Enterprise-Project-ID", job.enterprise_project_id});
    }
    return spec;
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    const boost::json::value* spec = member(&*root, "spec");
    auto status = json::text(member(spec, "status"));
    if (!status) return tl::unexpected(json::missing_field(*root, "spec.status"));

    JobStatus out;
    out.status = *std::move(status);
    out.state = cae_state(out.status);
    if (out.status == "skip") {
      out.notes.push_back("cae status 'skip' treated as success (its meaning is unconfirmed)");
    }
    // A Number in the page, 0-100 assumed; a string holding a number is accepted too. Anything
    // outside 0-100 is not a percentage we can report (found by fuzzing: "4505").
    if (const auto progress = json::number(member(spec, "progress"));
        progress && std::isfinite(*progress) && *progress >= 0 && *progress <= 100) {
      out.progress = *progress;
    }
    if (const auto* items = json::array(member(spec, "tasks"))) out.tasks = read_tasks(*items);
    if (out.state == State::failed) out.reason = failure_reason(out.tasks);
    return out;
  }
};

}  // namespace

const Provider& cae_provider() {
  static const Cae instance;
  return instance;
}

}  // namespace jobwait::providers
