// A job's life in the sim: which step of its status lists it is on, and when each step began.
// A step is a position in the job's (and its tasks') status lists: per poll by default, or by
// the time since the first poll with `every`. Services render a JobView of one poll.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "scenario.hpp"
#include "timefmt.hpp"

namespace jobwait::sim {

class JobView;

class JobState {
 public:
  // `created` is when the job was submitted: the sim's start.
  JobState(const JobSpec& spec, SysTime created);

  // Counts one answered poll at this instant and returns what it sees.
  JobView poll(std::chrono::steady_clock::time_point now, SysTime wall_now);

  const JobSpec& spec() const { return *m_spec; }
  std::uint64_t polls() const { return m_polls; }
  // Time-driven jobs (duration or every), for /__sim/stats: when the job ended and when a
  // request first saw it ended, in seconds after its first poll; nullopt until then.
  std::optional<double> ended_after() const;
  std::optional<double> seen_ended_after() const;

 private:
  friend class JobView;
  SysTime step_began(std::size_t step) const;

  const JobSpec* m_spec;
  SysTime m_created;
  std::uint64_t m_polls = 0;
  std::optional<std::chrono::steady_clock::time_point> m_first_poll;
  std::optional<std::chrono::steady_clock::time_point> m_seen_ended;
  SysTime m_first_poll_wall;
  std::size_t m_longest = 1;          // the longest status list: later steps change nothing
  std::vector<SysTime> m_step_began;  // per-poll jobs: when each step was first served
};

// One poll's view of a job. Failure text shows only once its owner sits on its last status.
class JobView {
 public:
  // `elapsed`: for a time-driven job, the time since its first poll.
  JobView(const JobState& state, std::size_t step, std::chrono::milliseconds elapsed = {})
      : m_state(&state), m_step(step), m_elapsed(elapsed) {}

  const JobSpec& spec() const { return *m_state->m_spec; }
  std::size_t step() const { return m_step; }
  std::string_view status() const;
  bool finished() const;  // on the last entry of its status list
  std::string_view reason() const;
  // When the job was submitted; a time-driven job (duration) began at its first poll.
  SysTime created() const;
  SysTime updated() const;  // when the current status began
  // CAE's spec.progress: the scenario's value, else the position in the status list (0..100).
  double progress() const;

  std::size_t task_count() const { return spec().tasks.size(); }
  std::string_view task_status(std::size_t task) const;
  std::string_view task_reason(std::size_t task) const;
  // For services whose job has no text field: the task's own text; once the job is finished,
  // the job's text on the last failed task (or the last task) if that has none of its own.
  std::string_view task_text(std::size_t task) const;
  SysTime task_updated(std::size_t task) const;

 private:
  SysTime changed_at(const std::vector<std::string>& statuses) const;
  // A time-driven task's start and end, after the job's first poll: tasks run one after another.
  std::pair<std::chrono::milliseconds, std::chrono::milliseconds> task_span(std::size_t task) const;

  const JobState* m_state;
  std::size_t m_step;
  std::chrono::milliseconds m_elapsed;
};

}  // namespace jobwait::sim
