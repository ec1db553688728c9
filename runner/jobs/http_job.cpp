#include "jobs/http_job.hpp"

#include "http/url.hpp"
#include "providers/api_error.hpp"
#include "providers/endpoint.hpp"
#include "providers/json_fields.hpp"
#include "util/redact.hpp"

namespace jobwait {

namespace {

std::string transport_message(const http::TransportError& error) {
  switch (error.kind) {
    case http::TransportErrorKind::resolve: return "cannot resolve the host: " + error.message;
    case http::TransportErrorKind::connect: return "cannot connect: " + error.message;
    case http::TransportErrorKind::timeout: return "request timed out: " + error.message;
    case http::TransportErrorKind::reset: return "connection lost: " + error.message;
    case http::TransportErrorKind::tls: return "TLS error: " + error.message;
    case http::TransportErrorKind::certificate: return "TLS certificate verification failed: " + error.message;
    case http::TransportErrorKind::proxy_refused: return error.message;  // it starts "the proxy ..."
    case http::TransportErrorKind::too_large: return "response too large: " + error.message;
    case http::TransportErrorKind::interrupted: return "interrupted";
    case http::TransportErrorKind::other: return "transport error: " + error.message;
  }
  return error.message;
}

// A host derived from job.region that never resolved is a typo far more often than a resolver
// down: after this many tries the wait ends, naming the region (and the nearest known one).
constexpr int k_unresolved_attempts = 3;

std::string unresolved_hint(const config::JobConfig& job) {
  if (!job.endpoint.empty() || job.region.empty()) return {};  // the user gave the host itself
  if (auto warning = config::unknown_region_warning(job)) {
    return warning->substr(0, warning->rfind("; it is used as given"));
  }
  return "check job.region \"" + job.region + "\", or give job.endpoint";
}

// What the poll loop makes of a request that got no answer from the server. A certificate
// that fails verification fails the same way on every try, and a proxy that wants other
// credentials wants them every time: retrying either only delays the message the user needs
// (ten handshakes until the error budget), so both end the wait at once (exit 6). Everything
// else on the way (no connection, a reset, a timeout, a handshake cut short) may pass.
ErrorKind transport_kind(http::TransportErrorKind kind) {
  switch (kind) {
    case http::TransportErrorKind::certificate:
    case http::TransportErrorKind::proxy_refused:
      return ErrorKind::config;
    default:
      return ErrorKind::transient;
  }
}

// A redirect is not followed (curl_transfer.cpp): the credentials and the signature are for
// the endpoint the step names, and another origin must not receive them. The Location (text
// from the server, so made one bounded line) tells the user where the API says it now is.
Error redirect_error(const http::Response& response) {
  const std::string location = providers::json::excerpt(response.header("Location"), 300);
  Error error;
  error.kind = ErrorKind::config;
  error.http_status = response.status;
  error.request_id = response.header("X-Request-Id");
  error.message = "HTTP " + std::to_string(response.status) + " redirect" +
                  (location.empty() ? std::string(" without a Location") : " to " + location) +
                  ", not followed (credentials go only to the endpoint the step names): check job.endpoint, "
                  "job.region and provider" +
                  (location.empty() ? std::string() : ", or set job.endpoint to where it points if that is right");
  return error;
}

}  // namespace

HttpJob::HttpJob(const config::StepConfig& step, const providers::Provider& provider, http::Client& client)
    : m_provider(provider), m_client(client), m_unresolved_hint(unresolved_hint(step.job)) {
  // A project not known (yet) shows as the API pages write it, never as an empty path segment:
  // the run that ends here (the IAM lookup refused) or explains itself sends nothing to it.
  config::JobConfig job = step.job;
  const bool unknown_project = job.project_id.empty();
  if (unknown_project) job.project_id = std::string(k_project_placeholder);
  const providers::RequestSpec spec = provider.request(job);
  m_request.url = config::base_url(job, provider.service()) + spec.path;
  // In the signer's canonical order: the URL in the artifact is then exactly what AK/SK sends.
  if (!spec.query.empty()) m_request.url += "?" + http::canonical_query(spec.query);
  if (unknown_project) {
    const std::string_view escaped = "%7Bproject_id%7D";  // the placeholder as the path encodes it
    for (std::size_t at; (at = m_request.url.find(escaped)) != std::string::npos;) {
      m_request.url.replace(at, escaped.size(), k_project_placeholder);
    }
  }
  m_request.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
  for (const http::Header& header : spec.headers) m_request.headers.push_back(header);
  m_request.method = spec.method;  // a declared API may POST its question
  m_request.body = spec.body;
  m_request.connect_timeout = step.wait.connect_timeout;
}

HttpJob::HttpJob(const config::StepConfig& step, std::unique_ptr<providers::Provider> own, http::Client& client)
    : HttpJob(step, *own, client) {
  m_own = std::move(own);  // the object m_provider refers to stays where it is
}

tl::expected<JobStatus, Error> HttpJob::poll(std::chrono::milliseconds request_timeout) {
  m_request.timeout = request_timeout;
  ++m_stats.requests;
  auto response = m_client.send(m_request);
  m_stats.connections_opened = m_client.connections_opened();
  return read(response);
}

http::Request HttpJob::next_request(std::chrono::milliseconds request_timeout) {
  http::Request request = m_request;
  request.timeout = request_timeout;
  ++m_stats.requests;
  return request;
}

tl::expected<JobStatus, Error> HttpJob::read_answer(const tl::expected<http::Response, http::TransportError>& answer,
                                                    long connections_opened) {
  m_connections_here += connections_opened;
  m_stats.connections_opened = m_connections_here;
  return read(answer);
}

tl::expected<JobStatus, Error> HttpJob::read(const tl::expected<http::Response, http::TransportError>& response) {
  if (!response) {
    ++m_stats.transport_errors;
    Error error = Error::of(transport_kind(response.error().kind), transport_message(response.error()));
    if (response.error().kind != http::TransportErrorKind::resolve) {
      m_host_resolved = true;  // past the name lookup (or not there yet: nothing to say)
    } else if (!m_host_resolved && !m_unresolved_hint.empty() && ++m_unresolved == k_unresolved_attempts) {
      error.kind = ErrorKind::config;
      error.message += " (" + std::to_string(m_unresolved) + " tries, never resolved): " + m_unresolved_hint;
    }
    return tl::unexpected(std::move(error));
  }
  m_host_resolved = true;
  ++m_stats.by_status[response->status];
  if (response->status == 429) ++m_stats.throttled;
  if (std::string id = response->header("X-Request-Id"); !id.empty()) m_stats.last_request_id = std::move(id);

  if (response->status >= 300 && response->status <= 399) return tl::unexpected(redirect_error(*response));
  if (response->status < 200 || response->status > 299) {
    // Masked before it is read: the error's message is cut to fit a line, and a secret echoed
    // across the cut (a 401 quoting the token, a 407 the proxy's credentials) would leave its
    // start behind for every output to show. Requests sent through an auth::Session arrive
    // masked already; the event loop's (many/) arrive here first.
    http::Response masked = *response;
    masked.body = Redactor(run_secrets()).apply(masked.body);
    return tl::unexpected(providers::error_from_response(masked));
  }
  auto status = m_provider.parse(response->body);
  if (!status) {
    // The provider sees only the body; the answer's envelope belongs in the error too.
    Error& error = status.error();
    if (error.request_id.empty()) error.request_id = m_stats.last_request_id;
    if (error.http_status == 0) error.http_status = response->status;
  }
  return status;
}

}  // namespace jobwait
