#include "services/cae.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "replies.hpp"

namespace jobwait::sim::services::cae {

namespace {

// Error codes unconfirmed: page 002 links an error-code table it does not include.
// CAE.01500208 for the environment header is the code the brief names.
constexpr std::string_view k_bad_environment = "CAE.01500208";
constexpr std::string_view k_not_found = "CAE.01500404";

// spec.progress is a Number (page 002): whole values go out as integers, like the example's 0.
boost::json::value progress_json(double progress) {
  if (std::floor(progress) == progress) return static_cast<std::int64_t>(progress);
  return progress;
}

}  // namespace

// Page 002 marks X-Environment-ID mandatory: a job is found only within its environment.
std::optional<Reply> check(const Request& request, const JobSpec* job) {
  const std::optional<std::string_view> environment = request.header("X-Environment-ID");
  if (!environment || environment->empty()) {
    return error_reply(400, k_bad_environment,
                       "Invalid request: header X-Environment-ID is required", request);
  }
  if (job != nullptr && *environment != job->environment_id) {
    return error_reply(400, k_bad_environment,
                       "Invalid request: job " + job->id + " is not in environment " +
                           std::string(*environment),
                       request);
  }
  return std::nullopt;
}

Reply render(const Request&, const JobView& job) {
  boost::json::array tasks;
  for (std::size_t task = 0; task < job.task_count(); ++task) {
    tasks.push_back(boost::json::object{{"index", task + 1},
                     {"name", job.spec().tasks[task].name},
                     {"status", job.task_status(task)},
                     {"detail", job.task_text(task)},  // a failed task's text (job-states.md)
                     {"created_at", cae_time(job.created())},
                     {"updated_at", cae_time(job.task_updated(task))}});
  }
  return json_reply(200, {{"api_version", "v1"},
                          {"kind", "Job"},
                          {"spec",
                           {{"progress", progress_json(job.progress())},
                            {"status", job.status()},
                            {"tasks", std::move(tasks)}}}});
}

Reply not_found(const Request& request, std::string_view job_id) {
  return error_reply(404, k_not_found, "Job not found: " + std::string(job_id), request);
}

}  // namespace jobwait::sim::services::cae
