// The wait itself: poll, classify, back off, give up. All waiting policy lives here;
// providers only translate one response.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "clock.hpp"
#include "error.hpp"
#include "exit_code.hpp"
#include "job_status.hpp"

namespace jobwait {

// One job as the loop sees it: each poll() makes exactly one request.
class JobSource {
 public:
  virtual ~JobSource() = default;
  virtual tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) = 0;
};

struct PollSettings {
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};
  std::chrono::milliseconds interval{std::chrono::seconds(2)};
  std::chrono::milliseconds max_interval{std::chrono::seconds(30)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
  int max_errors = 10;  // consecutive transient errors that end the wait
  // A job the service does not know yet (404 before any successful read) is polled this
  // long from the start, in case it is still being created; then exit 4.
  std::chrono::milliseconds not_found_grace{std::chrono::seconds(30)};
  bool fail_on_unknown = false;  // a status no provider knows ends the wait (exit 6)
  int confirm = 1;               // consecutive reads of one terminal status before it is believed
  // Nothing visible changed for this long: warn once and report the job as stalled.
  std::chrono::milliseconds stall_warning{std::chrono::minutes(10)};
  // CI systems kill steps that stay silent; say something at least this often.
  std::chrono::milliseconds heartbeat{std::chrono::seconds(25)};
  std::uint64_t seed = 0;  // for the backoff jitter
};

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

WaitResult wait_for_job(JobSource& source, Clock& clock, const PollSettings& settings,
                        WaitObserver& observer);

}  // namespace jobwait
