#include "jobs/job.hpp"

#include "jobs/exec_job.hpp"
#include "jobs/http_job.hpp"
#include "jobs/registry.hpp"
#include "providers/declared.hpp"

namespace jobwait {

namespace {

// An HTTP job API: a built-in provider, or a declared one this object owns.
class HttpJob final : public WatchedJob {
 public:
  HttpJob(const config::StepConfig& step, std::unique_ptr<providers::Provider> declared,
          const providers::Provider& provider, http::Client& client)
      : m_declared(std::move(declared)), m_watcher(step, provider, client) {}

  tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) override {
    return m_watcher.poll(request_timeout);
  }
  const std::string& url() const override { return m_watcher.url(); }
  const HttpStats& stats() const override { return m_watcher.stats(); }
  const http::Request* request() const override { return &m_watcher.request(); }
  Watcher* http_watcher() override { return &m_watcher; }

 private:
  std::unique_ptr<providers::Provider> m_declared;  // before m_watcher, which refers to it
  Watcher m_watcher;
};

}  // namespace

std::unique_ptr<WatchedJob> watch_job(const config::StepConfig& step, http::Client& client) {
  const providers::ProviderEntry& entry = *providers::find_entry(step.job.provider);
  switch (entry.kind) {
    case providers::ProviderKind::exec:
      return providers::make_exec_job(step);
    case providers::ProviderKind::declared: {
      std::unique_ptr<providers::Provider> declared = providers::make_declared_provider(step.job);
      const providers::Provider& provider = *declared;
      return std::make_unique<HttpJob>(step, std::move(declared), provider, client);
    }
    case providers::ProviderKind::builtin:
      break;
  }
  return std::make_unique<HttpJob>(step, nullptr, entry.builtin(), client);
}

}  // namespace jobwait
