// What a multi-job wait tells the Reporter: ten thousand jobs must not print ten thousand lines.
// Each job's events come in through its own small WaitObserver; out go a running tally as the
// Reporter's status ("12 jobs: 3 succeeded, 9 running"), at most once a second, each distinct
// warning once (naming the first job that raised it), and retries at most once a second.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "output/reporter.hpp"
#include "wait/clock.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait::many {

class FanIn {
 public:
  FanIn(output::Reporter& reporter, Clock& clock, std::vector<std::string> ids);

  // The observer to give job `index`'s JobWait; lives as long as this FanIn.
  WaitObserver& observer(std::size_t index) { return m_observers[index]; }

  // The job ended (or was abandoned) with this last state.
  void job_ended(std::size_t index, State state);

  // The tally as one status, for the status line and heartbeats.
  const JobStatus& tally() const { return m_tally; }
  // Prints the tally if it changed since it was last printed (rate-limited unless `now`).
  void flush(bool force);
  Clock::TimePoint last_said() const { return m_last_said; }
  void heartbeat(double next_poll_in);
  double elapsed() const;

 private:
  class JobObserver final : public WaitObserver {
   public:
    JobObserver(FanIn& fan, std::size_t index) : m_fan(&fan), m_index(index) {}
    void on_update(const JobStatus& status, bool, double) override { m_fan->update(m_index, status.state); }
    void on_retry(const Error& error, int consecutive, double) override { m_fan->retry(m_index, error, consecutive); }
    void on_warning(std::string_view text) override { m_fan->warning(m_index, text); }
    void on_heartbeat(const JobStatus*, double, double) override {}  // the loop beats for all

   private:
    FanIn* m_fan;
    std::size_t m_index;
  };

  void update(std::size_t index, State state);
  void retry(std::size_t index, const Error& error, int consecutive);
  void warning(std::size_t index, std::string_view text);
  void set_state(std::size_t index, State state);
  void recount();

  output::Reporter& m_reporter;
  Clock& m_clock;
  Clock::TimePoint m_start;
  std::vector<std::string> m_ids;
  std::vector<JobObserver> m_observers;
  std::vector<State> m_states;  // each job's last state (pending before its first answer)
  std::vector<bool> m_ended;
  std::array<std::size_t, 6> m_counts{};  // jobs per State, kept as states change
  std::size_t m_ended_count = 0;
  JobStatus m_tally;
  bool m_changed = false;
  std::optional<Clock::TimePoint> m_last_printed;
  std::optional<Clock::TimePoint> m_last_retry;
  Clock::TimePoint m_last_said;
  std::set<std::string> m_warned;
};

}  // namespace jobwait::many
