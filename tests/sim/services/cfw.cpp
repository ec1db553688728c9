#include "services/cfw.hpp"

#include <boost/json.hpp>

#include "replies.hpp"
#include "statuses.hpp"

namespace jobwait::sim::services::cfw {

namespace {

// Error code unconfirmed: page 004 links an error-code table it does not include.
constexpr std::string_view k_not_found = "CFW.00100404";

}  // namespace

Reply render(const Request&, const JobView& job) {
  const JobSpec& spec = job.spec();
  // Page 004's body table lists error_code and error_msg beside data: the service can fail
  // inside a 200. Such a body has no data and no request_id.
  if (!spec.error_code.empty()) {
    const std::string message = spec.error_msg.empty() ? "System error." : spec.error_msg;
    return json_reply(200, {{"error_code", spec.error_code}, {"error_msg", message}});
  }
  // begin_time/end_time are documented as strings but page 004's example has epoch
  // milliseconds; the sim follows the example. end_time appears once the job is over.
  boost::json::object data{{"begin_time", epoch_millis(job.created())}};
  if (is_terminal_status(Provider::cfw, job.status())) {
    data["end_time"] = epoch_millis(job.updated());
  }
  data["id"] = spec.id;
  data["status"] = job.status();
  return json_reply(200, {{"data", std::move(data)}});
}

Reply not_found(const Request& request, std::string_view job_id) {
  return error_reply(404, k_not_found, "Job not found: " + std::string(job_id), request);
}

}  // namespace jobwait::sim::services::cfw
