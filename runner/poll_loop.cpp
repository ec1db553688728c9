#include "poll_loop.hpp"

#include <algorithm>
#include <set>

#include "backoff.hpp"
#include "config/duration.hpp"
#include "signals.hpp"

namespace jobwait {

namespace {

using std::chrono::milliseconds;

// The last poll lands on the deadline; give its request this much beyond it so a
// responsive service still answers, while the wait ends well within deadline + 1 s.
constexpr milliseconds k_final_request_grace{500};

std::string describe(const Error& error) {
  std::string text = error.message;
  if (!error.code.empty() && text.find(error.code) == std::string::npos) text = error.code + ": " + text;
  if (error.http_status != 0) text = "HTTP " + std::to_string(error.http_status) + " " + text;
  if (!error.request_id.empty()) text += " (request id " + error.request_id + ")";
  return text;
}

// A fingerprint of what the user sees, so a line is printed only when it changes.
std::string visible_state(const JobStatus& status) {
  std::string key = status.status + "|" + (status.progress ? std::to_string(*status.progress) : "");
  for (const Task& task : status.tasks) key += "|" + task.status;
  return key;
}

class Loop {
 public:
  Loop(JobSource& source, Clock& clock, const PollSettings& settings, WaitObserver& observer)
      : m_source(source),
        m_clock(clock),
        m_settings(settings),
        m_observer(observer),
        m_backoff(settings.interval, settings.max_interval, settings.seed),
        m_start(clock.now()),
        m_deadline(m_start + settings.timeout),
        m_last_said(m_start) {}

  WaitResult run() {
    while (true) {
      if (stopped()) return std::move(m_result);
      const milliseconds left = until(m_deadline);
      const milliseconds request_timeout =
          std::min(m_settings.request_timeout, std::max(left, milliseconds(0)) + k_final_request_grace);
      auto polled = m_source.poll(request_timeout);
      ++m_result.polls;
      if (stopped()) return std::move(m_result);
      if (polled ? on_status(*polled) : on_error(polled.error())) return std::move(m_result);
      if (m_clock.now() >= m_deadline) return timed_out();
      sleep_until(std::min(m_clock.now() + m_backoff.next(), m_deadline));
      if (stopped()) return std::move(m_result);
    }
  }

 private:
  double elapsed() const {
    return std::chrono::duration<double>(m_clock.now() - m_start).count();
  }

  milliseconds until(Clock::TimePoint when) const {
    return std::chrono::duration_cast<milliseconds>(when - m_clock.now());
  }

  bool stopped() {
    const int signal_number = stop_signal();
    if (signal_number == 0) return false;
    m_result.outcome = Outcome::interrupted;
    m_result.signal = signal_number;
    m_result.message = "interrupted by signal " + std::to_string(signal_number);
    if (m_result.last_status) m_result.message += "; job last seen " + m_result.last_status->status;
    return true;
  }

  void warn_once(const std::string& text) {
    if (!m_warned.insert(text).second) return;
    m_result.warnings.push_back(text);
    m_observer.on_warning(text);
    m_last_said = m_clock.now();
  }

  // Returns true when the wait is over.
  bool on_status(JobStatus status) {
    m_consecutive_errors = 0;
    m_result.last_error.reset();
    const bool new_status = !m_result.last_status || m_result.last_status->status != status.status;
    if (new_status) {
      m_result.timeline.push_back({m_clock.wall_now(), elapsed(), status.status, status.state});
    }
    for (const std::string& note : status.notes) warn_once(note);
    if (status.state == State::unknown) {
      warn_once("status \"" + status.status + "\" is not one jobwait knows; still waiting");
    }
    if (status.stalled) {
      warn_once("job is paused (status " + status.status + "): it will not move without a user");
    }
    const std::string seen = visible_state(status);
    if (seen != m_last_seen) {
      m_observer.on_update(status, new_status, elapsed());
      m_last_said = m_clock.now();
      m_last_seen = seen;
    }
    m_result.last_status = std::move(status);
    const JobStatus& last = *m_result.last_status;
    switch (last.state) {
      case State::succeeded:
        return finish(Outcome::succeeded, "job succeeded (status " + last.status + ")");
      case State::failed:
        return finish(Outcome::failed, "job failed (status " + last.status + ")" +
                                           (last.reason.empty() ? "" : ": " + last.reason));
      case State::cancelled:
        return finish(Outcome::cancelled, "job cancelled (status " + last.status + ")");
      case State::pending:
      case State::running:
      case State::unknown:
        return false;
    }
    return false;
  }

  bool on_error(const Error& error) {
    m_result.last_error = error;
    switch (error.kind) {
      case ErrorKind::auth:
        return finish(Outcome::auth_error, "authentication or permission refused: " + describe(error));
      case ErrorKind::not_found:
        return finish(Outcome::not_found, "job not found: " + describe(error));
      case ErrorKind::config:
      case ErrorKind::api:
        return finish(Outcome::api_error, "API error: " + describe(error));
      case ErrorKind::transient:
        break;
    }
    ++m_consecutive_errors;
    if (m_consecutive_errors >= m_settings.max_errors) {
      return finish(Outcome::api_error, "gave up after " + std::to_string(m_consecutive_errors) +
                                            " consecutive errors; last: " + describe(error));
    }
    m_observer.on_retry(error, m_consecutive_errors, elapsed());
    m_last_said = m_clock.now();
    return false;
  }

  bool finish(Outcome outcome, std::string message) {
    m_result.outcome = outcome;
    m_result.message = std::move(message);
    return true;
  }

  WaitResult timed_out() {
    const std::string after = config::format_duration(m_settings.timeout);
    if (!m_result.last_status) {
      // Never read a status: saying "timed out, job not terminal" would be a guess.
      finish(Outcome::api_error, "no answer from the API within " + after +
                                     (m_result.last_error ? "; last error: " + describe(*m_result.last_error) : ""));
    } else {
      finish(Outcome::timed_out, "timed out after " + after + "; job still " +
                                     std::string(to_string(m_result.last_status->state)) +
                                     " (status " + m_result.last_status->status + ")");
    }
    return std::move(m_result);
  }

  // Sleeps until `wake`, saying something at least every heartbeat interval.
  void sleep_until(Clock::TimePoint wake) {
    while (m_clock.now() < wake && stop_signal() == 0) {
      const Clock::TimePoint speak = m_last_said + m_settings.heartbeat;
      if (speak < wake) {
        m_clock.sleep_until(speak);
        if (stop_signal() != 0 || m_clock.now() < speak) continue;
        const JobStatus* last = m_result.last_status ? &*m_result.last_status : nullptr;
        m_observer.on_heartbeat(last, elapsed(), std::chrono::duration<double>(wake - m_clock.now()).count());
        m_last_said = m_clock.now();
      } else {
        m_clock.sleep_until(wake);
      }
    }
  }

  JobSource& m_source;
  Clock& m_clock;
  const PollSettings& m_settings;
  WaitObserver& m_observer;
  Backoff m_backoff;
  const Clock::TimePoint m_start;
  const Clock::TimePoint m_deadline;
  Clock::TimePoint m_last_said;
  int m_consecutive_errors = 0;
  std::string m_last_seen;
  std::set<std::string> m_warned;
  WaitResult m_result;
};

}  // namespace

WaitResult wait_for_job(JobSource& source, Clock& clock, const PollSettings& settings,
                        WaitObserver& observer) {
  return Loop(source, clock, settings, observer).run();
}

}  // namespace jobwait
