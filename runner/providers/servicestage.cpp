// ServiceStage application component jobs: 000_3bbe62fdabb108fa.txt, with the status values
// the page elides taken from job-states.md.
#include "providers/servicestage.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/url.hpp"
#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

// Some API versions send UPPER-CASE keys (EXECUTION_STATUS): every key here is matched
// case-insensitively. Values are still compared exactly.
const boost::json::value* field(const boost::json::value* value, std::string_view key) {
  return json::member(value, key, json::Keys::any_case);
}

// ServiceStage's own UNKNOWN is one of its failure states (job-states.md), not jobwait's
// "unknown"; ROLLBACKED means the change was undone, so the job failed too.
const StatusMap& job_statuses() {
  static const StatusMap map{{"SUBMITTED", State::pending},     {"SCHEDULED", State::pending},
                             {"RUNNING", State::running},       {"ROLLBACKING", State::running},
                             {"SUCCEEDED", State::succeeded},   {"FAILED", State::failed},
                             {"PARTIALLY_FAILED", State::failed}, {"ROLLBACKED", State::failed},
                             {"UNKNOWN", State::failed},        {"CANCELLED", State::cancelled}};
  return map;
}

State job_state(std::string_view status) { return job_statuses().state_of(status); }

// Tasks add SKIPPED, which is neutral. It maps to succeeded: it is terminal and must never
// read as a failure; the raw status still says SKIPPED.
State task_state(std::string_view status) {
  return status == "SKIPPED" ? State::succeeded : job_state(status);
}

// 000_3bbe62fdabb108fa.txt documents `messages` as a String; it holds JSON ("{}" in the
// example). Decoded: "{}" is no message, a known text member is the message, and anything
// else (plain text, JSON we do not recognise) is kept as sent.
std::string task_message(const boost::json::value* messages) {
  if (!messages || messages->is_null()) return {};
  const auto* text = messages->if_string();
  const std::string raw = text ? std::string(*text) : boost::json::serialize(*messages);
  boost::system::error_code ec;
  const boost::json::value decoded =
      text ? boost::json::parse(raw, ec) : boost::json::value(*messages);
  if (ec) return raw;  // plain text
  if (decoded.is_null()) return {};
  if (const auto* s = decoded.if_string()) return std::string(*s);
  if (const auto* object = decoded.if_object(); object && object->empty()) return {};
  if (const auto* list = decoded.if_array(); list && list->empty()) return {};
  for (const std::string_view key :
       {"message", "msg", "error_msg", "errorMessage", "errorMsg", "reason", "detail"}) {
    auto value = json::text(field(&decoded, key));
    if (value && !value->empty()) return *std::move(value);
  }
  return raw;
}

Task read_task(const boost::json::value& item) {
  Task task;
  task.id = json::text_or_empty(field(&item, "task_id"));
  task.name = json::text_or_empty(field(&item, "task_name"));
  task.status = json::text_or_empty(field(&item, "task_status"));
  task.state = task_state(task.status);
  task.message = task_message(field(&item, "messages"));
  json::add_time(task.times, "created", json::timestamp(field(&item, "created_at")));
  // The page spells it update_at; accept the regular spelling too.
  const boost::json::value* updated = field(&item, "update_at");
  json::add_time(task.times, "updated", json::timestamp(updated ? updated : field(&item, "updated_at")));
  return task;
}

// Tasks in task_index order (the service does not promise one); a task without an index
// goes last.
std::vector<Task> read_tasks(const boost::json::array& items) {
  std::vector<std::pair<std::int64_t, Task>> indexed;
  indexed.reserve(items.size());
  for (const boost::json::value& item : items) {
    const auto index = json::integer(field(&item, "task_index"));
    indexed.emplace_back(index.value_or(std::numeric_limits<std::int64_t>::max()), read_task(item));
  }
  std::stable_sort(indexed.begin(), indexed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Task> tasks;
  tasks.reserve(indexed.size());
  for (auto& entry : indexed) tasks.push_back(std::move(entry.second));
  return tasks;
}

std::string failure_reason(const std::vector<Task>& tasks) {
  std::vector<std::string> parts;
  for (const Task& task : tasks) {
    if (task.state != State::failed) continue;
    parts.push_back(task.name + ": " + (task.message.empty() ? task.status : task.message));
  }
  return json::join_bounded(parts);
}

class ServiceStage final : public Provider {
 public:
  std::string_view name() const override { return "servicestage"; }
  std::string_view service() const override { return "servicestage"; }
  std::string_view path_template() const override { return "/v3/{project_id}/cas/jobs/{job_id}"; }
  std::string_view status_field() const override { return "job.execution_status"; }
  const StatusMap& statuses() const override { return job_statuses(); }

  RequestSpec request(const config::JobConfig& job) const override {
    // limit/offset/desc page the task list (page 000); sent only when the step sets them, since
    // the service's defaults (every task, oldest first) are what a wait wants.
    RequestSpec spec{"/v3/" + http::percent_encode(job.project_id) + "/cas/jobs/" + http::percent_encode(job.id),
                     {}, {}};
    if (job.limit != 0) spec.query.emplace_back("limit", std::to_string(job.limit));
    if (job.offset != 0) spec.query.emplace_back("offset", std::to_string(job.offset));
    if (job.desc) spec.query.emplace_back("desc", "true");
    return spec;
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    auto status = json::text(field(field(&*root, "job"), "execution_status"));
    if (!status) return tl::unexpected(json::missing_field(*root, "job.execution_status"));

    JobStatus out;
    out.status = *std::move(status);
    out.state = job_state(out.status);
    if (const auto* items = json::array(field(&*root, "tasks"))) out.tasks = read_tasks(*items);
    // task_count is the total; tasks[] is one page of it.
    const auto total = json::integer(field(&*root, "task_count"));
    if (total && *total > static_cast<std::int64_t>(out.tasks.size())) {
      // The tasks not on this page count towards the share done (the wait engine's estimate).
      out.task_total = static_cast<int>(std::min<std::int64_t>(*total, 1'000'000));
      out.notes.push_back("servicestage returned " + std::to_string(out.tasks.size()) + " of " +
                          std::to_string(*total) + " tasks (the task list is paged)");
    }
    if (out.state == State::failed) out.reason = failure_reason(out.tasks);
    return out;
  }
};

}  // namespace

const Provider& servicestage_provider() {
  static const ServiceStage instance;
  return instance;
}

}  // namespace jobwait::providers
