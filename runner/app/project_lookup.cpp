#include "app/project_lookup.hpp"

#include "auth/iam.hpp"
#include "jobs/registry.hpp"
#include "providers/api_error.hpp"

namespace jobwait {

namespace {

using auth::iam_url;
using auth::projects_request;
using auth::read_project_id;

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
    if (!answer) return tl::unexpected(Error::transient(answer.error().message));
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
    Error named = error;  // "poll failed" would blame the job API
    named.attempt = "IAM project lookup";
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

std::optional<WaitResult> look_up_project(auth::Session& session, config::StepConfig& step, Clock& clock,
                                          const PollSettings& settings, WaitObserver& observer) {
  const providers::ProviderEntry* entry = providers::find_entry(step.job.provider);
  if (!step.job.project_id.empty() || (entry != nullptr && !providers::asks_an_api(*entry))) {
    return std::nullopt;
  }
  PollSettings lookup = settings;
  lookup.not_found_grace = std::chrono::milliseconds(0);
  lookup.confirm = 1;
  ProjectLookup source(session.client(), step);
  LookupObserver quiet(observer);
  WaitResult result = wait_for_job(source, clock, lookup, quiet);
  if (result.outcome != Outcome::succeeded) return ended(std::move(result));
  step.job.project_id = source.project_id();
  session.scope_to_project(step.job.project_id);
  return std::nullopt;
}

}  // namespace jobwait
