#include "many/wait_many.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "jobs/http_job.hpp"
#include "many/fan_in.hpp"
#include "wait/signals.hpp"

namespace jobwait::many {

namespace {

using std::chrono::milliseconds;

// The longest the loop sleeps without looking at the clock, whatever is scheduled.
constexpr milliseconds k_max_sleep{1000};

http::Answer answer_of(auth::AuthFailure failure) {
  if (auto* response = std::get_if<http::Response>(&failure)) return std::move(*response);
  return tl::unexpected(std::get<http::TransportError>(std::move(failure)));
}

class Loop {
 public:
  Loop(std::vector<ManyJob>& jobs, http::MultiClient& client, Clock& clock, const ManySettings& settings,
       output::Reporter& reporter)
      : m_jobs(jobs),
        m_client(client),
        m_clock(clock),
        m_settings(settings),
        m_reporter(reporter),
        m_fan(reporter, clock, ids(jobs)),
        m_start(clock.now()),
        m_scheduler(settings.limits, number_hosts(), m_start) {
    m_poll_settings.reserve(jobs.size());
    m_waits.reserve(jobs.size());
    m_results.resize(jobs.size());
    m_done.assign(jobs.size(), false);
    m_sent_at.resize(jobs.size());
    std::mt19937_64 random(settings.poll.seed);
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    const double rate = std::max(1, static_cast<int>(settings.limits.requests_per_second));
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      PollSettings own = settings.poll;
      own.seed = settings.poll.seed + 3 * (i + 1);  // JobWait uses seed, seed + 1, seed + 2
      m_poll_settings.push_back(own);
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      m_waits.emplace_back(clock, m_poll_settings[i], m_fan.observer(i));
      if (jobs[i].ended) {
        m_results[i].wait = *jobs[i].ended;
        end(i);
        continue;
      }
      // Spread the first polls over the time the rate needs for them: job i about i/rate in.
      if (i > 0) {
        const double offset = (static_cast<double>(i - 1) + jitter(random)) / rate;
        m_waits[i].delay_first_poll(m_start + std::chrono::duration_cast<Clock::TimePoint::duration>(
                                                  std::chrono::duration<double>(offset)));
      }
      m_scheduler.schedule(i, m_host[i], m_waits[i].next_poll_at());
    }
  }

  std::vector<ManyResult> run() {
    while (m_remaining > 0 && !m_stop) {
      if (const int signal_number = stop_signal()) {
        for (std::size_t i = 0; i < m_jobs.size(); ++i) {
          if (!m_done[i]) {
            m_waits[i].interrupt(signal_number);
            end(i);
          }
        }
        break;
      }
      const Clock::TimePoint now = m_clock.now();
      for (const std::size_t job : m_scheduler.take_ready(now)) send(job);
      if (m_remaining == 0 || m_stop) break;
      const std::optional<Clock::TimePoint> wake = m_scheduler.next_wake(m_clock.now());
      beat(wake);
      milliseconds sleep = k_max_sleep;
      if (wake) {
        sleep = std::clamp(std::chrono::ceil<milliseconds>(*wake - m_clock.now()), milliseconds(0), k_max_sleep);
      }
      for (http::Finished& finished : m_client.wait(sleep)) {
        const std::size_t job = finished.tag;
        m_scheduler.finished(m_host[job]);
        HttpJob& http_job = *m_jobs[job].job->http_job();
        answered(job, http_job.read_answer(finished.answer, finished.connections_opened), &finished.answer);
      }
    }
    for (std::size_t i = 0; i < m_jobs.size(); ++i) {
      if (m_done[i]) continue;
      m_results[i].wait = m_waits[i].take_result();
      m_results[i].wait.message = "no longer waited on: the step ended first";
      m_results[i].abandoned = true;
      const std::optional<JobStatus>& last = m_results[i].wait.last_status;
      m_fan.job_ended(i, last ? last->state : State::unknown);
    }
    m_fan.flush(true);
    return std::move(m_results);
  }

 private:
  static std::vector<std::string> ids(const std::vector<ManyJob>& jobs) {
    std::vector<std::string> out;
    out.reserve(jobs.size());
    for (const ManyJob& job : jobs) out.push_back(job.id);
    return out;
  }

  // Numbers the jobs' hosts; exec jobs share one pseudo-host (they run one at a time anyway).
  std::size_t number_hosts() {
    std::map<std::string, std::size_t> numbers;
    m_host.reserve(m_jobs.size());
    for (const ManyJob& job : m_jobs) {
      const std::string origin = job.job->http_job() != nullptr ? origin_of(job.job->url()) : "exec:";
      m_host.push_back(numbers.emplace(origin, numbers.size()).first->second);
    }
    m_remaining = m_jobs.size();
    return std::max<std::size_t>(1, numbers.size());
  }

  void send(std::size_t job) {
    const std::optional<milliseconds> timeout = m_waits[job].begin_poll();
    if (!timeout) {  // the deadline came first
      m_scheduler.finished(m_host[job]);
      end(job);
      return;
    }
    m_sent_at[job] = m_clock.now();
    HttpJob* http_job = m_jobs[job].job->http_job();
    if (http_job == nullptr) {  // exec: a command per poll, run here and now
      auto answer = m_jobs[job].job->poll(*timeout);
      m_scheduler.finished(m_host[job]);
      answered(job, answer, nullptr);
      return;
    }
    http::Request request = http_job->next_request(*timeout);
    if (m_jobs[job].authenticator != nullptr) {
      if (auto ready = m_jobs[job].authenticator->authenticate(request); !ready) {
        const http::Answer answer = answer_of(std::move(ready.error()));
        m_scheduler.finished(m_host[job]);
        answered(job, http_job->read_answer(answer, 0), &answer);
        return;
      }
    }
    m_client.start(request, job);
  }

  void answered(std::size_t job, const tl::expected<JobStatus, Error>& answer, const http::Answer* raw) {
    if (stop_signal() != 0) return;  // the loop interrupts every job next
    if (m_settings.verbose) trace(job, answer, raw);
    JobWait& wait = m_waits[job];
    wait.on_answer(answer);
    if (wait.done()) {
      end(job);
    } else {
      m_scheduler.schedule(job, m_host[job], wait.next_poll_at());
    }
  }

  void end(std::size_t job) {
    if (!m_jobs[job].ended) m_results[job].wait = m_waits[job].take_result();
    m_done[job] = true;
    --m_remaining;
    const WaitResult& result = m_results[job].wait;
    m_fan.job_ended(job, result.last_status ? result.last_status->state : State::unknown);
    if (result.outcome == Outcome::interrupted) return;
    if (m_settings.any && result.outcome == Outcome::succeeded) m_stop = true;
    if (!m_settings.any && m_settings.fail_fast && result.outcome != Outcome::succeeded) m_stop = true;
  }

  // Something at least every heartbeat interval, so CI systems do not kill a silent step.
  void beat(const std::optional<Clock::TimePoint>& wake) {
    const Clock::TimePoint now = m_clock.now();
    m_fan.flush(false);
    if (now - m_fan.last_said() < m_settings.poll.heartbeat) return;
    m_fan.heartbeat(wake ? std::max(0.0, std::chrono::duration<double>(*wake - now).count()) : 0.0);
  }

  void trace(std::size_t job, const tl::expected<JobStatus, Error>& answer, const http::Answer* raw) {
    output::PollTrace trace;
    trace.number = ++m_polls;
    trace.elapsed_seconds = std::chrono::duration<double>(m_clock.now() - m_start).count();
    trace.duration_seconds = std::chrono::duration<double>(m_clock.now() - m_sent_at[job]).count();
    trace.ok = answer.has_value();
    trace.text = "job " + m_jobs[job].id + ": " + (answer ? answer->status : answer.error().message);
    trace.http_status = raw != nullptr && *raw ? raw->value().status : (answer ? 0 : answer.error().http_status);
    m_reporter.on_poll(trace);
  }

  std::vector<ManyJob>& m_jobs;
  http::MultiClient& m_client;
  Clock& m_clock;
  const ManySettings& m_settings;
  output::Reporter& m_reporter;
  std::vector<std::size_t> m_host;  // job -> host number
  std::size_t m_remaining = 0;
  FanIn m_fan;
  Clock::TimePoint m_start;
  Scheduler m_scheduler;
  std::vector<PollSettings> m_poll_settings;  // per job: JobWait keeps a reference
  std::vector<JobWait> m_waits;
  std::vector<ManyResult> m_results;
  std::vector<bool> m_done;
  std::vector<Clock::TimePoint> m_sent_at;
  bool m_stop = false;
  int m_polls = 0;
};

}  // namespace

std::string origin_of(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const std::size_t path = url.find_first_of("/?#", scheme + 3);
  return url.substr(0, path);
}

std::vector<ManyResult> wait_for_jobs(std::vector<ManyJob>& jobs, http::MultiClient& client, Clock& clock,
                                      const ManySettings& settings, output::Reporter& reporter) {
  return Loop(jobs, client, clock, settings, reporter).run();
}

}  // namespace jobwait::many
