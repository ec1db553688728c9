// The wait itself: poll, classify, back off, give up. All waiting policy lives here;
// providers only translate one response.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "model/defaults.hpp"
#include "model/error.hpp"
#include "model/exit_code.hpp"
#include "model/job_status.hpp"
#include "model/step_config.hpp"
#include "wait/clock.hpp"
#include "wait/schedule.hpp"

namespace jobwait {

// One job as the loop sees it: each poll() makes exactly one request.
class JobSource {
 public:
  virtual ~JobSource() = default;
  virtual tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) = 0;
};

struct PollSettings {
  std::chrono::milliseconds timeout{config::defaults::duration(config::defaults::k_timeout)};
  std::chrono::milliseconds interval{config::defaults::duration(config::defaults::k_interval)};
  std::chrono::milliseconds max_interval{config::defaults::duration(config::defaults::k_max_interval)};
  std::chrono::milliseconds request_timeout{config::defaults::duration(config::defaults::k_request_timeout)};
  int max_errors = config::defaults::k_max_errors;  // consecutive transient errors that end the wait
  // A job the service does not know yet (404 before any successful read) is polled this
  // long from the start, in case it is still being created; then exit 4.
  std::chrono::milliseconds not_found_grace{config::defaults::duration(config::defaults::k_not_found_grace)};
  bool fail_on_unknown = config::defaults::k_on_unknown == "fail";  // a status no provider knows ends the wait (exit 6)
  int confirm = config::defaults::k_confirm;           // consecutive reads of one terminal status before it is believed
  // Nothing visible changed for this long: warn once and report the job as stalled.
  std::chrono::milliseconds stall_warning{config::defaults::duration(config::defaults::k_stall_warning)};
  // CI systems kill steps that stay silent; say something at least this often.
  std::chrono::milliseconds heartbeat{std::chrono::seconds(25)};
  // How the delay between polls is chosen (schedule.hpp): by the job's estimated end, or
  // today's backoff, or a fixed interval.
  Strategy strategy = Strategy::adaptive;
  std::uint64_t seed = 0;  // for the schedule's jitter
  // When the wait began: the deadline, the not-found grace and elapsed times count from here.
  // Unset: when the JobWait is made. A run that first asked IAM for its project sets it to
  // before that lookup, so the lookup spends the one deadline rather than adding to it.
  std::optional<std::chrono::steady_clock::time_point> start;
};

// The step's [wait] as the poll loop takes it, with a fresh jitter seed; `start` is left for the
// caller (one deadline for a project lookup and the polls).
PollSettings poll_settings(const config::WaitConfig& wait, std::chrono::milliseconds heartbeat);

struct TimelineEntry {
  std::chrono::system_clock::time_point at;
  double elapsed_seconds = 0;
  std::string status;
  State state = State::unknown;
};

struct WaitResult {
  Outcome outcome = Outcome::api_error;
  int signal = 0;       // the stop signal, for Outcome::interrupted
  std::string message;  // one line: how the wait ended
  std::optional<JobStatus> last_status;
  std::optional<Error> last_error;
  int polls = 0;
  std::vector<TimelineEntry> timeline;  // each observed change of the raw status
  std::vector<std::string> warnings;
  // At the end, nothing visible had changed for PollSettings::stall_warning.
  bool stalled = false;
  // The latest any poll went out against its schedule: a driver short of time (a rate limit,
  // a busy host) shows here rather than in silently stretched delays.
  std::chrono::milliseconds worst_lateness{0};
  // How long after the job's own finish time (the API's, where it gives one) the poll that
  // first read the terminal state was answered; the latency a pipeline feels.
  std::optional<double> detection_delay_seconds;
};

// What the loop tells the user while it waits (progress.hpp prints it).
class WaitObserver {
 public:
  virtual ~WaitObserver() = default;
  // Something visible changed: the status (`new_status`), progress or a task.
  virtual void on_update(const JobStatus& status, bool new_status, double elapsed_seconds) = 0;
  // A poll failed and the loop will try again.
  virtual void on_retry(const Error& error, int consecutive, double elapsed_seconds) = 0;
  virtual void on_warning(std::string_view text) = 0;
  // Nothing changed for a while; `last` is null when no status was read yet.
  virtual void on_heartbeat(const JobStatus* last, double elapsed_seconds, double next_poll_in) = 0;
};

// One job's wait as a state machine: every decision the poll loop makes (when the next poll
// is due, what an answer means, when to give up) and no I/O, no sleeping. wait_for_job drives
// one blocking; wait_for_jobs (many/wait_many.hpp) drives thousands on one event loop.
//
// The driver's part: when clock.now() reaches next_poll_at(), call begin_poll() and send one
// request with the time limit it returns, then on_answer() with what came back; stop when
// done(). A stop signal is the driver's to notice: interrupt().
class JobWait {
 public:
  // The wait starts now: the deadline and the not-found grace count from here.
  JobWait(Clock& clock, const PollSettings& settings, WaitObserver& observer);
  ~JobWait();
  JobWait(JobWait&&) noexcept;
  JobWait& operator=(JobWait&&) noexcept;

  // When the next request is due (the first: at once, unless delay_first_poll moved it).
  Clock::TimePoint next_poll_at() const;
  // Moves the first poll later (never past the deadline), so many waits do not start in a burst.
  void delay_first_poll(Clock::TimePoint at);
  // A request goes out now: its time limit (the last one may not outlive the deadline by more
  // than a moment). nullopt when the wait ends instead: the deadline passed and the service's
  // Retry-After points beyond it, so the one request it asked us not to send is not sent.
  // Records how late this poll is against next_poll_at().
  std::optional<std::chrono::milliseconds> begin_poll();
  // What the request begun last brought back.
  void on_answer(const tl::expected<JobStatus, Error>& answer);
  // A stop signal: the wait ends now with Outcome::interrupted and the last known state.
  void interrupt(int signal_number);

  bool done() const;
  const WaitResult& result() const;
  WaitResult take_result();

  // For heartbeats while nothing happens: when the observer was last told anything, and a way
  // to tell it that the wait goes on (`wake`: when the next poll is due).
  Clock::TimePoint last_said() const;
  void heartbeat(Clock::TimePoint wake);

  // The latest any poll went out against its schedule (0 when none was late).
  std::chrono::milliseconds worst_lateness() const;

 private:
  class Machine;
  std::unique_ptr<Machine> m_state;
};

// Polls until the job ends, the deadline passes, or a stop signal arrives; sleeps on `clock`
// between polls and tells `observer` what happens, with a heartbeat while nothing does.
WaitResult wait_for_job(JobSource& source, Clock& clock, const PollSettings& settings,
                        WaitObserver& observer);

}  // namespace jobwait
