// A provider translates one job API: it says which request asks for a job's status and
// reads the service's answer into a JobStatus. Providers hold no policy: retries, backoff,
// deadlines and give-up rules live in the poll loop (poll_loop.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "http/http_client.hpp"
#include "model/error.hpp"
#include "model/job_status.hpp"
#include "model/step_config.hpp"
#include "providers/status_map.hpp"

namespace jobwait::providers {

// The provider-specific part of a request; the HttpJob adds host, auth and common headers.
struct RequestSpec {
  std::string path;                                        // already percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // raw (decoded) names and values
  std::vector<http::Header> headers;                       // provider headers (X-Environment-ID)
  std::string method = "GET";                              // declared APIs may POST
  std::string body{};
};

// A setting that is wrong for this provider, found once the step file has loaded: the loader
// reports it at the key's place, like any other step-file error (exit 2, nothing sent).
struct KeyProblem {
  std::string key;  // dotted: "job.http.method"
  std::string message;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;
  // The host's service label: https://{service}.{region}.myhuaweicloud.com
  virtual std::string_view service() const = 0;
  // Step-file keys this API needs beyond the common ones (CAE: "job.environment_id"). The
  // loader reports a missing one like any other missing key, so nothing is sent without it.
  virtual std::vector<std::string_view> required_keys() const { return {}; }
  // The status request for one job. Pure: no I/O.
  virtual RequestSpec request(const config::JobConfig& job) const = 0;
  // Reads the body of a 2xx answer. Invalid JSON is a transient error (a cut-off body);
  // valid JSON without a status field, or an error body inside a 200, is an api error.
  virtual tl::expected<JobStatus, Error> parse(std::string_view body) const = 0;

  // For `jobwait providers`: the request path as the API page writes it, the field the status
  // is read from, and its values. Data, so that the listing is generated, never hand-written.
  virtual std::string_view path_template() const { return {}; }
  virtual std::string_view status_field() const { return {}; }
  virtual const StatusMap& statuses() const;
};

// The built-in providers: nullptr for any other name (registry.hpp knows them all).
const Provider* find_provider(std::string_view name);
// Every provider name, built-in, declared and exec, in the README's order.
std::vector<std::string_view> provider_names();

}  // namespace jobwait::providers
