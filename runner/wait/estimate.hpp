// When a job will end, judged only from what its own answers say: the progress percentage, the
// share of its tasks (sub-jobs) done, and when it began. Pure and deterministic: the same
// answers read at the same times give the same estimate. What to do with it is schedule.hpp's.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "model/job_status.hpp"
#include "wait/clock.hpp"

namespace jobwait {

// How far along an answer says the job is, from 0 to 1. `stepwise` when it moves in whole
// tasks (the value changed at some moment between two polls, not at the poll that saw it).
struct Fraction {
  double done = 0;
  bool stepwise = false;
};

// The progress percentage where the answer has one, else tasks in a terminal state out of all
// tasks; nullopt when the answer carries neither (no signal).
std::optional<Fraction> fraction_done(const JobStatus& status);

// When the answer says the job began ("started", else "created"), on the wall clock.
std::optional<std::chrono::system_clock::time_point> job_start(const JobStatus& status);

// When the answer says the job ended ("finished"), on the wall clock.
std::optional<std::chrono::system_clock::time_point> job_end(const JobStatus& status);

class EndEstimator {
 public:
  using TimePoint = Clock::TimePoint;

  // One answer, read at `now` (steady) / `wall_now` (the same instant on the wall clock, which
  // places the answer's own timestamps on the steady clock).
  void observe(const JobStatus& status, TimePoint now, std::chrono::system_clock::time_point wall_now);

  // When the job should end, by the rate it moved at over the recent changes; nullopt while
  // the answers give no rate (no signal, one reading, or progress that just went backwards).
  std::optional<TimePoint> end() const { return m_end; }

  // Where the end may fall: around end(), as wide as the rate over the recent changes and the
  // rate of the last change alone disagree (sub-jobs of uneven length, a job that slows down),
  // and at least an eighth of the time left on either side. nullopt when end() is.
  struct Window {
    TimePoint earliest;
    TimePoint latest;
  };
  std::optional<Window> window() const;

 private:
  struct Point {
    TimePoint at;
    double done;
  };
  void estimate();

  std::vector<Point> m_points;  // the recent changes of the fraction, oldest first
  std::optional<TimePoint> m_last_poll;
  std::optional<double> m_last_done;
  std::optional<TimePoint> m_end;
  std::optional<TimePoint> m_last_step_end;  // by the last change's rate alone
  // Task durations (started/created → finished) of the tasks seen done, for a first estimate
  // before the fraction has moved.
  std::optional<TimePoint> m_last_finish;
  double m_mean_task_seconds = 0;
  int m_tasks_left = 0;
  bool m_restarted = false;  // progress went backwards: the job's start no longer anchors the rate
};

}  // namespace jobwait
