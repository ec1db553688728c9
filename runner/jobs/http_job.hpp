// A Job that asks a real job API over HTTP: the provider says what to ask and how to read the
// answer, the job sends it through a client that authenticates it (auth/session.hpp) and keeps
// the HTTP tally.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "http/http_client.hpp"
#include "jobs/job.hpp"
#include "model/http_stats.hpp"
#include "model/step_config.hpp"
#include "providers/provider.hpp"

namespace jobwait {

// How a URL shows a project id that is not known: the IAM lookup has not run, or was refused.
inline constexpr std::string_view k_project_placeholder = "{project_id}";

class HttpJob final : public Job {
 public:
  // A built-in provider: it outlives every job.
  HttpJob(const config::StepConfig& step, const providers::Provider& provider, http::Client& client);
  // A provider built for this step (a declaration): the job keeps it.
  HttpJob(const config::StepConfig& step, std::unique_ptr<providers::Provider> own, http::Client& client);

  tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) override;

  // poll() in two halves, for an event loop that sends many requests at once: the request one
  // poll sends (credentials not yet applied), and what its answer means, counted in stats().
  http::Request next_request(std::chrono::milliseconds request_timeout);
  tl::expected<JobStatus, Error> read_answer(const tl::expected<http::Response, http::TransportError>& answer,
                                             long connections_opened);

  // The status URL, without credentials (they travel in headers).
  const std::string& url() const override { return m_request.url; }
  const HttpStats& stats() const override { return m_stats; }
  // The request every poll sends, headers included (secret values too: redact before printing).
  const http::Request* request() const override { return &m_request; }
  HttpJob* http_job() override { return this; }

 private:
  tl::expected<JobStatus, Error> read(const tl::expected<http::Response, http::TransportError>& response);

  std::unique_ptr<providers::Provider> m_own;  // a declared provider; null for a built-in one
  const providers::Provider& m_provider;
  http::Client& m_client;
  http::Request m_request;  // built once: every poll asks the same question
  HttpStats m_stats;
  long m_connections_here = 0;  // opened by read_answer's requests (the event loop's)
  std::string m_unresolved_hint;  // for a host derived from job.region; empty otherwise
  bool m_host_resolved = false;   // some answer, or an error past the name lookup, came back
  int m_unresolved = 0;           // name lookups that failed before any did not
};

}  // namespace jobwait
