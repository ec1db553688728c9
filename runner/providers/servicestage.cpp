// PLACEHOLDER until the provider is written: builds the request, parses nothing.
#include "providers/servicestage.hpp"

#include "http/url.hpp"

namespace jobwait::providers {

namespace {

class Placeholder final : public Provider {
 public:
  std::string_view name() const override { return "servicestage"; }
  std::string_view service() const override { return "servicestage"; }
  std::string check(const config::JobConfig&) const override { return {}; }
  RequestSpec request(const config::JobConfig& job) const override {
    return {"/placeholder/" + http::percent_encode(job.project_id) + "/" + http::percent_encode(job.id), {}, {}};
  }
  tl::expected<JobStatus, Error> parse(std::string_view) const override {
    return tl::unexpected(Error{ErrorKind::api, "not implemented", {}, {}, 0});
  }
};

}  // namespace

const Provider& servicestage_provider() {
  static const Placeholder instance;
  return instance;
}

}  // namespace jobwait::providers
