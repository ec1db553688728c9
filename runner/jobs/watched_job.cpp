#include "jobs/watched_job.hpp"

#include <random>

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

PollSettings poll_settings(const config::WaitConfig& wait, std::chrono::milliseconds heartbeat) {
  PollSettings settings;
  settings.timeout = wait.timeout;
  settings.interval = wait.interval;
  settings.max_interval = wait.max_interval;
  settings.strategy = strategy_named(wait.strategy).value_or(Strategy::adaptive);  // keys.cpp checked it
  settings.request_timeout = wait.request_timeout;
  settings.max_errors = wait.max_errors;
  settings.not_found_grace = wait.not_found_grace;
  settings.fail_on_unknown = wait.on_unknown == "fail";
  settings.confirm = wait.confirm;
  settings.stall_warning = wait.stall_warning;
  settings.seed = std::random_device{}();
  settings.heartbeat = heartbeat;
  return settings;
}

}  // namespace jobwait
