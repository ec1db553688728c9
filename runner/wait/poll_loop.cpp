#include "wait/poll_loop.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "util/duration.hpp"
#include "util/escape.hpp"
#include "wait/backoff.hpp"
#include "wait/estimate.hpp"
#include "wait/signals.hpp"

namespace jobwait {

namespace {

using std::chrono::milliseconds;

// The last poll lands on the deadline; give its request this much beyond it so a
// responsive service still answers, while the wait ends well within deadline + 1 s.
constexpr milliseconds k_final_request_grace{500};
// Retries after a transient error are short: a reset or a 502 is usually gone in a second,
// and a 20-minute deploy must not lose its place in the poll schedule's long delays.
constexpr milliseconds k_retry_first{1000};
constexpr milliseconds k_retry_cap{8000};
// A 429 without Retry-After: the gateway's guidance (job-states.md, "Errors") is to wait
// 2–5 s and resend; while the throttling lasts the ceiling keeps doubling.
constexpr milliseconds k_throttle_first{2000};
constexpr milliseconds k_throttle_cap{5000};

// The error's message (api_error.cpp starts it with "HTTP 429 APIGW.0308"), completed with
// whatever of status, code and request id it does not already say.
std::string describe(const Error& error) {
  std::string text = error.message;
  if (error.http_status != 0 && text.rfind("HTTP ", 0) != 0) {
    text = "HTTP " + std::to_string(error.http_status) + ": " + text;
  }
  if (!error.code.empty() && text.find(error.code) == std::string::npos) text += " [" + error.code + "]";
  if (!error.request_id.empty()) text += " (request id " + error.request_id + ")";
  return text;
}

// Text from the service goes into log lines and CI annotations: a newline in a status could
// forge a line of its own ("::error::..." is a GitHub annotation). Escaped (util/escape.hpp)
// before anything sees it, the artifact included; each reporter escapes again what it prints.
void to_one_line(std::string& text) { text = escape_untrusted(text); }

void to_one_line(JobStatus& status) {
  to_one_line(status.status);
  to_one_line(status.reason);
  for (std::string& note : status.notes) to_one_line(note);
  for (Task& task : status.tasks) {
    to_one_line(task.name);
    to_one_line(task.status);
    to_one_line(task.message);
  }
}

// A fingerprint of what the user sees, so a line is printed only when it changes.
std::string visible_state(const JobStatus& status) {
  std::string key = status.status + "|" + (status.progress ? std::to_string(*status.progress) : "");
  for (const Task& task : status.tasks) key += "|" + task.status;
  return key;
}

}  // namespace

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

class JobWait::Machine {
 public:
  Machine(Clock& clock, const PollSettings& settings, WaitObserver& observer)
      : m_clock(clock),
        m_settings(settings),
        m_observer(observer),
        m_schedule(make_schedule(settings.strategy, settings.interval, settings.max_interval, settings.seed)),
        m_retry(retry_backoff()),
        m_throttle(throttle_backoff()),
        m_start(settings.start.value_or(clock.now())),
        m_deadline(m_start + settings.timeout),
        m_last_said(m_start),
        m_last_change(m_start),
        m_due(clock.now()) {}  // the first poll is due at once, not late by an earlier start

  Clock::TimePoint next_poll_at() const { return m_due; }

  void delay_first_poll(Clock::TimePoint at) {
    if (m_result.polls == 0) m_due = std::min(std::max(at, m_start), m_deadline);
  }

  std::optional<milliseconds> begin_poll() {
    // The service asked us not to come back before a time past the deadline: end here
    // rather than send the one request it asked us not to send.
    if (m_not_before && m_clock.now() >= m_deadline && *m_not_before > m_deadline) {
      timed_out();
      return std::nullopt;
    }
    const Clock::TimePoint now = m_clock.now();
    if (now > m_due) {
      m_result.worst_lateness = std::max(m_result.worst_lateness, std::chrono::duration_cast<milliseconds>(now - m_due));
    }
    ++m_result.polls;
    const milliseconds left = until(m_deadline);
    return std::min(m_settings.request_timeout, std::max(left, milliseconds(0)) + k_final_request_grace);
  }

  void on_answer(const tl::expected<JobStatus, Error>& polled) {
    m_next_delay = milliseconds(0);
    m_not_before.reset();
    if (polled ? on_status(*polled) : on_error(polled.error())) return;
    if (m_clock.now() >= m_deadline) {
      timed_out();
      return;
    }
    m_due = std::min(wake_time(), m_deadline);
  }

  void interrupt(int signal_number) {
    m_result.outcome = Outcome::interrupted;
    m_result.signal = signal_number;
    m_result.message = "interrupted by signal " + std::to_string(signal_number);
    if (m_result.last_status) m_result.message += "; job last seen " + m_result.last_status->status;
    m_done = true;
  }

  bool done() const { return m_done; }
  const WaitResult& result() const { return m_result; }
  WaitResult take_result() { return std::move(m_result); }
  Clock::TimePoint last_said() const { return m_last_said; }

  void heartbeat(Clock::TimePoint wake) {
    const JobStatus* last = m_result.last_status ? &*m_result.last_status : nullptr;
    m_observer.on_heartbeat(last, elapsed(), std::chrono::duration<double>(wake - m_clock.now()).count());
    m_last_said = m_clock.now();
  }

 private:
  Backoff retry_backoff() const {
    const milliseconds first = std::min(m_settings.interval, k_retry_first);
    return Backoff(first, std::max(first, std::min(m_settings.max_interval, k_retry_cap)), m_settings.seed + 1);
  }

  Backoff throttle_backoff() const {
    return Backoff(k_throttle_first, std::max(k_throttle_cap, m_settings.max_interval), m_settings.seed + 2);
  }

  double elapsed() const {
    return std::chrono::duration<double>(m_clock.now() - m_start).count();
  }

  milliseconds until(Clock::TimePoint when) const {
    return std::chrono::duration_cast<milliseconds>(when - m_clock.now());
  }

  // When the next poll is due: the delay the last answer called for, and while a missing
  // job is within its grace, no later than the grace's end so the verdict comes on time.
  Clock::TimePoint wake_time() const {
    Clock::TimePoint wake = m_clock.now() + m_next_delay;
    const Clock::TimePoint grace_end = m_start + m_settings.not_found_grace;
    if (!m_seen && m_waiting_for_appearance && m_clock.now() < grace_end) wake = std::min(wake, grace_end);
    return wake;
  }

  void warn_once(const std::string& text) {
    if (!m_warned.insert(text).second) return;
    m_result.warnings.push_back(text);
    m_observer.on_warning(text);
    m_last_said = m_clock.now();
  }

  // Returns true when the wait is over.
  bool on_status(JobStatus status) {
    to_one_line(status);
    m_seen = true;
    m_waiting_for_appearance = false;
    m_consecutive_errors = 0;
    m_retry = retry_backoff();
    m_throttle = throttle_backoff();
    m_result.last_error.reset();
    const bool new_status = !m_result.last_status || m_result.last_status->status != status.status;
    if (new_status) {
      m_result.timeline.push_back({m_clock.wall_now(), elapsed(), status.status, status.state});
    }
    for (const std::string& note : status.notes) warn_once(note);
    if (status.stalled) {
      warn_once("job is paused (status " + status.status + "): it will not move without a user");
    }
    const std::string seen = visible_state(status);
    if (seen != m_last_seen) {
      m_observer.on_update(status, new_status, elapsed());
      m_last_said = m_clock.now();
      m_last_seen = seen;
      m_last_change = m_clock.now();
      m_result.stalled = false;
    }
    m_result.last_status = std::move(status);
    const JobStatus& last = *m_result.last_status;
    if (last.state == State::unknown) return on_unknown(last);
    if (!is_terminal(last.state)) {
      check_stall(last);
      m_confirmations = 0;
      m_next_delay = m_schedule->next(&last, m_clock.now(), m_clock.wall_now());
      return false;
    }
    // Some services report a terminal status for a moment before going on (Terraform
    // re-reads for this reason): with confirm = N, believe it only after N reads in a row.
    m_confirmations = new_status ? 1 : m_confirmations + 1;
    if (m_confirmations == 1) note_detection(last);
    if (m_confirmations < m_settings.confirm) {
      m_next_delay = m_settings.interval;  // the answer is close: ask again soon
      return false;
    }
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
        break;
    }
    return false;
  }

  // The first read of a terminal state, against the finish time the service gives.
  void note_detection(const JobStatus& last) {
    const std::optional<std::chrono::system_clock::time_point> finished = job_end(last);
    if (!finished) return;
    const double delay = std::chrono::duration<double>(m_clock.wall_now() - *finished).count();
    m_result.detection_delay_seconds = std::max(delay, 0.0);  // a service clock a little ahead
  }

  // Services add status values over time; job-states.md: keep polling and warn, unless the
  // step file says an unknown value must end the wait.
  bool on_unknown(const JobStatus& last) {
    m_confirmations = 0;
    if (m_settings.fail_on_unknown) {
      warn_once("status \"" + last.status + "\" is not one jobwait knows");
      return finish(Outcome::api_error, "status \"" + last.status +
                                            "\" is not one jobwait knows (wait.on_unknown = \"fail\")");
    }
    warn_once("status \"" + last.status + "\" is not one jobwait knows; still waiting");
    check_stall(last);
    m_next_delay = m_schedule->next(&last, m_clock.now(), m_clock.wall_now());
    return false;
  }

  void check_stall(const JobStatus& last) {
    if (m_clock.now() - m_last_change < m_settings.stall_warning) return;
    m_result.stalled = true;
    warn_once("job has not changed for " + config::format_duration(m_settings.stall_warning) + " (status " +
              last.status + "): it may be stuck");
  }

  bool on_error(const Error& error) {
    m_result.last_error = error;
    switch (error.kind) {
      case ErrorKind::auth:
        return finish(Outcome::auth_error, "authentication or permission refused: " + describe(error));
      case ErrorKind::not_found:
        return on_not_found(error);
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
    // Each of these answers needs its own pace: the delay the service named, the gateway's
    // throttling guidance, or a short retry. Never sooner than the service asked.
    if (error.retry_after) {
      m_next_delay = std::max(*error.retry_after, m_retry.next());
      m_not_before = m_clock.now() + *error.retry_after;
    } else if (error.http_status == 429) {
      m_next_delay = m_throttle.next();
    } else {
      m_next_delay = m_retry.next();
    }
    m_observer.on_retry(error, m_consecutive_errors, elapsed());
    m_last_said = m_clock.now();
    return false;
  }

  // A job seen and then gone was deleted (some services drop finished jobs after a day); a
  // job never seen may still be on its way, so it gets the grace before exit 4.
  bool on_not_found(const Error& error) {
    if (m_seen) {
      return finish(Outcome::not_found, "job disappeared: it was seen (status " + m_result.last_status->status +
                                            ") and the service now says it does not exist: " + describe(error));
    }
    if (m_clock.now() - m_start >= m_settings.not_found_grace) {
      const std::string grace = m_settings.not_found_grace.count() > 0
                                    ? " (still unknown after the " + config::format_duration(m_settings.not_found_grace) +
                                          " wait.not_found_grace)"
                                    : "";
      return finish(Outcome::not_found, "job not found" + grace + ": " + describe(error));
    }
    if (!m_waiting_for_appearance) {
      warn_once("the service does not know the job yet; polling for up to " +
                config::format_duration(m_settings.not_found_grace) + " (wait.not_found_grace) for it to appear");
    }
    m_waiting_for_appearance = true;
    m_consecutive_errors = 0;  // an answer, not a failure to get one
    m_next_delay = m_schedule->next(nullptr, m_clock.now(), m_clock.wall_now());
    return false;
  }

  bool finish(Outcome outcome, std::string message) {
    m_result.outcome = outcome;
    m_result.message = std::move(message);
    m_done = true;
    return true;
  }

  void timed_out() {
    const std::string after = config::format_duration(m_settings.timeout);
    const std::optional<Error>& error = m_result.last_error;
    if (!m_result.last_status && error && error->kind == ErrorKind::not_found) {
      // The service answered every time, and every time it said there is no such job.
      finish(Outcome::not_found, "job not found within the " + after + " deadline: " + describe(*error));
    } else if (!m_result.last_status) {
      // Never read a status: saying "timed out, job not terminal" would be a guess.
      finish(Outcome::api_error,
             "no answer from the API within " + after + (error ? "; last error: " + describe(*error) : ""));
    } else if (is_terminal(m_result.last_status->state)) {
      finish(Outcome::timed_out, "timed out after " + after + "; job reported " + m_result.last_status->status +
                                     " but only " + std::to_string(m_confirmations) + " of the " +
                                     std::to_string(m_settings.confirm) + " reads wait.confirm asks for");
    } else {
      finish(Outcome::timed_out, "timed out after " + after + "; job still " +
                                     std::string(to_string(m_result.last_status->state)) + " (status " +
                                     m_result.last_status->status + ")");
    }
  }

  Clock& m_clock;
  const PollSettings& m_settings;
  WaitObserver& m_observer;
  std::unique_ptr<Schedule> m_schedule;  // the poll schedule, by wait.strategy
  Backoff m_retry;     // after transient errors; restarts with each status read
  Backoff m_throttle;  // after a 429 without Retry-After; likewise
  const Clock::TimePoint m_start;
  const Clock::TimePoint m_deadline;
  Clock::TimePoint m_last_said;
  Clock::TimePoint m_last_change;  // when something visible last changed, for stalls
  milliseconds m_next_delay{0};
  std::optional<Clock::TimePoint> m_not_before;  // Retry-After of the last answer
  int m_consecutive_errors = 0;
  int m_confirmations = 0;  // reads in a row of the current terminal status
  bool m_seen = false;      // a status was read at least once
  bool m_waiting_for_appearance = false;
  std::string m_last_seen;
  std::set<std::string> m_warned;
  Clock::TimePoint m_due;  // when the next poll is due
  bool m_done = false;
  WaitResult m_result;
};


JobWait::JobWait(Clock& clock, const PollSettings& settings, WaitObserver& observer)
    : m_state(std::make_unique<Machine>(clock, settings, observer)) {}
JobWait::~JobWait() = default;
JobWait::JobWait(JobWait&&) noexcept = default;
JobWait& JobWait::operator=(JobWait&&) noexcept = default;

Clock::TimePoint JobWait::next_poll_at() const { return m_state->next_poll_at(); }
void JobWait::delay_first_poll(Clock::TimePoint at) { m_state->delay_first_poll(at); }
std::optional<milliseconds> JobWait::begin_poll() { return m_state->begin_poll(); }
void JobWait::on_answer(const tl::expected<JobStatus, Error>& answer) { m_state->on_answer(answer); }
void JobWait::interrupt(int signal_number) { m_state->interrupt(signal_number); }
bool JobWait::done() const { return m_state->done(); }
const WaitResult& JobWait::result() const { return m_state->result(); }
WaitResult JobWait::take_result() { return m_state->take_result(); }
Clock::TimePoint JobWait::last_said() const { return m_state->last_said(); }
void JobWait::heartbeat(Clock::TimePoint wake) { m_state->heartbeat(wake); }
milliseconds JobWait::worst_lateness() const { return m_state->result().worst_lateness; }

namespace {

// Sleeps until `wake` or a stop signal, saying something at least every heartbeat interval.
void sleep_until(JobWait& wait, Clock& clock, milliseconds heartbeat, Clock::TimePoint wake) {
  while (clock.now() < wake && stop_signal() == 0) {
    const Clock::TimePoint speak = wait.last_said() + heartbeat;
    if (speak < wake) {
      clock.sleep_until(speak);
      if (stop_signal() != 0 || clock.now() < speak) continue;
      wait.heartbeat(wake);
    } else {
      clock.sleep_until(wake);
    }
  }
}

}  // namespace

WaitResult wait_for_job(JobSource& source, Clock& clock, const PollSettings& settings,
                        WaitObserver& observer) {
  JobWait wait(clock, settings, observer);
  while (!wait.done()) {
    if (const int signal_number = stop_signal()) {
      wait.interrupt(signal_number);
      break;
    }
    const std::optional<milliseconds> request_timeout = wait.begin_poll();
    if (!request_timeout) break;
    auto polled = source.poll(*request_timeout);
    if (const int signal_number = stop_signal()) {
      wait.interrupt(signal_number);
      break;
    }
    wait.on_answer(polled);
    if (wait.done()) break;
    sleep_until(wait, clock, settings.heartbeat, wait.next_poll_at());
  }
  return wait.take_result();
}

}  // namespace jobwait
