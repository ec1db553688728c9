#include "jobs/http_job.hpp"

#include "http/url.hpp"
#include "providers/api_error.hpp"
#include "providers/endpoint.hpp"
#include "util/redact.hpp"

namespace jobwait {

namespace {

std::string transport_message(const http::TransportError& error) {
  switch (error.kind) {
    case http::TransportErrorKind::connect: return "cannot connect: " + error.message;
    case http::TransportErrorKind::timeout: return "request timed out: " + error.message;
    case http::TransportErrorKind::reset: return "connection lost: " + error.message;
    case http::TransportErrorKind::tls: return "TLS error: " + error.message;
    case http::TransportErrorKind::too_large: return "response too large: " + error.message;
    case http::TransportErrorKind::interrupted: return "interrupted";
    case http::TransportErrorKind::other: return "transport error: " + error.message;
  }
  return error.message;
}

}  // namespace

Watcher::Watcher(const config::StepConfig& step, const providers::Provider& provider, http::Client& client)
    : m_provider(provider), m_client(client) {
  const providers::RequestSpec spec = provider.request(step.job);
  m_request.url = config::base_url(step.job, provider.service()) + spec.path;
  // In the signer's canonical order: the URL in the artifact is then exactly what AK/SK sends.
  if (!spec.query.empty()) m_request.url += "?" + http::canonical_query(spec.query);
  m_request.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
  for (const http::Header& header : spec.headers) m_request.headers.push_back(header);
  m_request.method = spec.method;  // a declared API may POST its question
  m_request.body = spec.body;
  m_request.connect_timeout = step.wait.connect_timeout;
}

tl::expected<JobStatus, Error> Watcher::poll(std::chrono::milliseconds request_timeout) {
  m_request.timeout = request_timeout;
  ++m_stats.requests;
  auto response = m_client.send(m_request);
  m_stats.connections_opened = m_client.connections_opened();
  return read(response);
}

http::Request Watcher::next_request(std::chrono::milliseconds request_timeout) {
  http::Request request = m_request;
  request.timeout = request_timeout;
  ++m_stats.requests;
  return request;
}

tl::expected<JobStatus, Error> Watcher::read_answer(const tl::expected<http::Response, http::TransportError>& answer,
                                                    long connections_opened) {
  m_connections_here += connections_opened;
  m_stats.connections_opened = m_connections_here;
  return read(answer);
}

tl::expected<JobStatus, Error> Watcher::read(const tl::expected<http::Response, http::TransportError>& response) {
  if (!response) {
    ++m_stats.transport_errors;
    return tl::unexpected(Error{ErrorKind::transient, transport_message(response.error()), {}, {}, 0});
  }
  ++m_stats.by_status[response->status];
  if (response->status == 429) ++m_stats.throttled;
  if (std::string id = response->header("X-Request-Id"); !id.empty()) m_stats.last_request_id = std::move(id);

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
