// CFW (Cloud Firewall) "List Job Status": 004_bcfaaa33914fa11f.txt. The same path exists on
// other services; the host (service "cfw") decides which one answers.
#include "providers/cfw.hpp"

#include "http/url.hpp"
#include "providers/api_error.hpp"
#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

using json::member;

const StatusMap& cfw_statuses() {
  static const StatusMap map{{"Running", State::running}, {"Success", State::succeeded}, {"Failed", State::failed}};
  return map;
}

State cfw_state(std::string_view status) { return cfw_statuses().state_of(status); }

class Cfw final : public Provider {
 public:
  std::string_view name() const override { return "cfw"; }
  std::string_view service() const override { return "cfw"; }
  std::string_view path_template() const override { return "/v3/{project_id}/jobs/{job_id}"; }
  std::string_view status_field() const override { return "data.status"; }
  const StatusMap& statuses() const override { return cfw_statuses(); }

  RequestSpec request(const config::JobConfig& job) const override {
    return {"/v3/" + http::percent_encode(job.project_id) + "/jobs/" +
                http::percent_encode(job.id),
            {}, {}};
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    // 004_bcfaaa33914fa11f.txt lists error_code/error_msg among the 200 body's fields: an
    // error can arrive with HTTP 200, next to `data` or instead of it.
    if (auto error = error_in_body(*root)) return tl::unexpected(*std::move(error));
    const boost::json::value* data = member(&*root, "data");
    auto status = json::text(member(data, "status"));
    if (!status) return tl::unexpected(json::missing_field(*root, "data.status"));

    JobStatus out;
    out.status = *std::move(status);
    out.state = cfw_state(out.status);
    // 004_bcfaaa33914fa11f.txt documents begin_time/end_time as "yyyy-mm-ddThh:mm:ssZ"
    // strings (or +0800 offsets) while its example sends epoch milliseconds: both are read.
    json::add_time(out.times, "started", json::timestamp(member(data, "begin_time")));
    json::add_time(out.times, "finished", json::timestamp(member(data, "end_time")));
    return out;
  }
};

}  // namespace

const Provider& cfw_provider() {
  static const Cfw instance;
  return instance;
}

}  // namespace jobwait::providers
