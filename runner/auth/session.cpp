#include "auth/session.hpp"

#include "auth/credentials.hpp"
#include "auth/iam.hpp"
#include "providers/api_error.hpp"
#include "providers/provider.hpp"
#include "providers/registry.hpp"

namespace jobwait::auth {

namespace {

// The V11 scope's service: the provider's host label (cce, servicestage, ...).
std::string service_of(const config::StepConfig& step) {
  if (const providers::Provider* provider = providers::find_provider(step.job.provider)) {
    return std::string(provider->service());
  }
  return step.job.service;
}

std::unique_ptr<Authenticator> make_authenticator(const config::StepConfig& step, http::Client& transport,
                                                  WallClock now) {
  const config::AuthConfig& auth = step.auth;
  switch (method_of(auth)) {
    case Method::access_key: {
      SigningOptions options;
      if (auth.signing == "V11-HMAC-SHA256") options.v11 = DerivedScope{step.job.region, service_of(step)};
      return make_signing_authenticator({auth.access_key, auth.secret_key, auth.security_token}, options,
                                        std::move(now));
    }
    case Method::password: {
      PasswordLogin login{iam_url(step), auth.user, auth.password, auth.domain, step.job.project_id, step.job.region};
      std::optional<TokenCache> cache;
      if (!auth.token_cache.empty()) cache.emplace(auth.token_cache);
      return make_password_authenticator(std::move(login), transport, std::move(cache), std::move(now));
    }
    case Method::token:
    case Method::none:  // exec: nothing to add; an empty token is never sent
      break;
  }
  return make_token_authenticator(auth.token);
}

// The project lookup as a JobSource, so that the poll loop (all waiting policy lives there)
// decides about retries, backoff, the deadline and stop signals exactly as for a job. The
// project found reads as a terminal "succeeded" status, which ends that loop at once.
class ProjectLookup final : public JobSource {
 public:
  ProjectLookup(http::Client& client, const config::StepConfig& step)
      : m_client(client), m_request(projects_request(iam_url(step), step.job.region)), m_region(step.job.region) {}

  tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) override {
    m_request.timeout = request_timeout;
    auto answer = m_client.send(m_request);
    if (!answer) return tl::unexpected(Error{ErrorKind::transient, answer.error().message, {}, {}, 0});
    if (answer->status < 200 || answer->status > 299) {
      Error error = providers::error_from_response(*answer);
      // A 404 here is a wrong IAM endpoint, not a job still being made: no not-found grace.
      if (error.kind == ErrorKind::not_found) error.kind = ErrorKind::api;
      return tl::unexpected(std::move(error));
    }
    auto project = read_project_id(*answer, m_region);
    if (!project) return tl::unexpected(std::move(project.error()));
    m_project_id = std::move(*project);
    JobStatus found;
    found.status = "project " + m_project_id;
    found.state = State::succeeded;
    return found;
  }

  const std::string& project_id() const { return m_project_id; }

 private:
  http::Client& m_client;
  http::Request m_request;
  std::string m_region;
  std::string m_project_id;
};

// Passes on what the user should hear while IAM is retried; the "status" is not the job's.
class LookupObserver final : public WaitObserver {
 public:
  explicit LookupObserver(WaitObserver& inner) : m_inner(inner) {}
  void on_update(const JobStatus&, bool, double) override {}
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    Error named = error;  // "poll failed" alone would blame the job API
    named.message = "IAM project lookup: " + named.message;
    m_inner.on_retry(named, consecutive, elapsed);
  }
  void on_warning(std::string_view text) override { m_inner.on_warning(text); }
  void on_heartbeat(const JobStatus*, double elapsed, double next_in) override {
    m_inner.on_heartbeat(nullptr, elapsed, next_in);
  }

 private:
  WaitObserver& m_inner;
};

// A lookup that did not find the project ends the run before any job poll: none is counted.
WaitResult ended(WaitResult result) {
  result.message = "cannot look up the project at IAM: " + result.message;
  result.polls = 0;
  result.timeline.clear();
  result.last_status.reset();
  result.warnings.clear();  // the loop's own remarks about a "job" that was IAM
  return result;
}

}  // namespace

Session::Session(const config::StepConfig& step, http::Client& transport, WallClock now)
    : m_authenticator(make_authenticator(step, transport, std::move(now))),
      m_client(make_authenticating_client(transport, *m_authenticator)) {
  if (!step.job.project_id.empty()) m_authenticator->scope_to_project(step.job.project_id);
}

std::optional<WaitResult> Session::scope_to_project(config::StepConfig& step, Clock& clock,
                                                    const PollSettings& settings, WaitObserver& observer) {
  const providers::ProviderEntry* entry = providers::find_entry(step.job.provider);
  if (!step.job.project_id.empty() || (entry != nullptr && entry->kind == providers::ProviderKind::exec)) {
    return std::nullopt;
  }
  PollSettings lookup = settings;
  lookup.not_found_grace = std::chrono::milliseconds(0);
  lookup.confirm = 1;
  ProjectLookup source(*m_client, step);
  LookupObserver quiet(observer);
  WaitResult result = wait_for_job(source, clock, lookup, quiet);
  if (result.outcome != Outcome::succeeded) return ended(std::move(result));
  step.job.project_id = source.project_id();
  m_authenticator->scope_to_project(step.job.project_id);
  return std::nullopt;
}

}  // namespace jobwait::auth
