#include "services/servicestage.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include <boost/json.hpp>
#include <tl/expected.hpp>

#include "ids.hpp"
#include "replies.hpp"

namespace jobwait::sim::services::servicestage {

namespace {

// Error codes unconfirmed: page 000 lists only the statuses 400/404/500. SVCSTG is the
// prefix ServiceStage's published error codes use.
constexpr std::string_view k_bad_request = "SVCSTG.00100400";
constexpr std::string_view k_not_found = "SVCSTG.00100404";

struct Paging {
  std::size_t offset = 0;
  std::optional<std::size_t> limit;  // absent: every task from offset on
  bool descending = false;
};

tl::expected<std::size_t, std::string> count_parameter(const Target& target, const char* name) {
  const auto found = target.query.find(name);
  if (found == target.query.end()) return 0;
  const std::string& text = found->second;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return tl::unexpected("Invalid parameter " + std::string(name) + ": " + text);
  }
  return value;
}

// limit, offset and desc as page 000 lists them; anything unreadable is the 400 it documents.
tl::expected<Paging, std::string> read_paging(const Target& target) {
  Paging paging;
  const auto offset = count_parameter(target, "offset");
  if (!offset) return tl::unexpected(offset.error());
  paging.offset = *offset;
  if (target.query.contains("limit")) {
    const auto limit = count_parameter(target, "limit");
    if (!limit) return tl::unexpected(limit.error());
    paging.limit = *limit;
  }
  if (const auto desc = target.query.find("desc"); desc != target.query.end()) {
    if (desc->second != "true" && desc->second != "false") {
      return tl::unexpected("Invalid parameter desc: " + desc->second);
    }
    paging.descending = desc->second == "true";
  }
  return paging;
}

// `messages` is a string that holds JSON (page 000's example: "{}"); the failure text of a
// failed task travels inside it.
std::string messages(std::string_view text) {
  if (text.empty()) return "{}";
  return boost::json::serialize(boost::json::object{{"reason", text}});
}

boost::json::object task_json(const JobView& job, std::size_t task) {
  const TaskSpec& spec = job.spec().tasks[task];
  const std::size_t index = task + 1;  // task_index counts from 1 in scenario order
  return {
      {"task_id", "Task-" + stable_uuid(job.spec().id + "/" + std::to_string(index) + "/" + spec.name)},
      {"task_index", index},
      {"task_name", spec.name},
      {"task_status", job.task_status(task)},
      {"created_at", servicestage_time(job.created())},
      {"update_at", servicestage_time(job.task_updated(task))},
      {"messages", messages(job.task_text(task))},
  };
}

}  // namespace

// Paging is checked before the job is polled, so a rejected request does not advance it.
std::optional<Reply> check(const Request& request, const JobSpec*) {
  const auto paging = read_paging(parse_target(request.target));
  if (!paging) return error_reply(400, k_bad_request, paging.error(), request);
  return std::nullopt;
}

Reply render(const Request& request, const JobView& job) {
  const auto paging = read_paging(parse_target(request.target)).value_or(Paging{});

  std::vector<std::size_t> order(job.task_count());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (paging.descending) std::reverse(order.begin(), order.end());
  const std::size_t begin = std::min(paging.offset, order.size());
  const std::size_t end =
      paging.limit ? std::min(order.size(), begin + *paging.limit) : order.size();

  boost::json::array tasks;
  for (std::size_t i = begin; i < end; ++i) tasks.push_back(task_json(job, order[i]));
  return json_reply(200, {{"job",
                           {{"execution_status", job.status()},
                            {"job_id", job.spec().id},
                            {"job_type", "PROVISION"}}},
                          {"tasks", std::move(tasks)},
                          {"task_count", job.task_count()}});
}

Reply not_found(const Request& request, std::string_view job_id) {
  return error_reply(404, k_not_found, "Job not found: " + std::string(job_id), request);
}

}  // namespace jobwait::sim::services::servicestage
