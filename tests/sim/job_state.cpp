#include "job_state.hpp"

#include <algorithm>

#include "statuses.hpp"

namespace jobwait::sim {

namespace {

std::size_t clamp_index(std::size_t step, std::size_t size) { return std::min(step, size - 1); }

}  // namespace

JobState::JobState(const JobSpec& spec, SysTime created) : m_spec(&spec), m_created(created) {
  m_longest = std::max<std::size_t>(1, spec.statuses.size());
  for (const TaskSpec& task : spec.tasks) m_longest = std::max(m_longest, task.statuses.size());
}

JobView JobState::poll(std::chrono::steady_clock::time_point now, SysTime wall_now) {
  ++m_polls;
  if (!m_first_poll) {
    m_first_poll = now;
    m_first_poll_wall = wall_now;
  }
  std::size_t step = 0;
  if (m_spec->every) {
    step = static_cast<std::size_t>((now - *m_first_poll) / *m_spec->every);
  } else {
    step = static_cast<std::size_t>(m_polls - 1);
    if (step < m_longest && step >= m_step_began.size()) m_step_began.push_back(wall_now);
  }
  return JobView(*this, step);
}

// Step 0 is the state the job was submitted in; with `every`, step k begins k periods after
// the first poll; per poll, it begins with the poll that first saw it.
SysTime JobState::step_began(std::size_t step) const {
  if (step == 0) return m_created;
  if (m_spec->every) {
    return m_first_poll_wall +
           std::chrono::duration_cast<SysTime::duration>(*m_spec->every * static_cast<long>(step));
  }
  return m_step_began[std::min(step, m_step_began.size() - 1)];
}

std::string_view JobView::status() const {
  const auto& statuses = spec().statuses;
  return statuses.empty() ? std::string_view() : statuses[clamp_index(m_step, statuses.size())];
}

bool JobView::finished() const { return m_step + 1 >= spec().statuses.size(); }

std::string_view JobView::reason() const {
  return finished() ? std::string_view(spec().reason) : std::string_view();
}

SysTime JobView::updated() const { return changed_at(spec().statuses); }

double JobView::progress() const {
  const auto& statuses = spec().statuses;
  const std::size_t index = clamp_index(m_step, std::max<std::size_t>(1, statuses.size()));
  if (!spec().progress.empty()) return spec().progress[index];
  if (statuses.size() <= 1) return is_terminal_status(spec().provider, status()) ? 100.0 : 0.0;
  return static_cast<double>(100 * index / (statuses.size() - 1));
}

std::string_view JobView::task_status(std::size_t task) const {
  const auto& statuses = spec().tasks[task].statuses;
  return statuses[clamp_index(m_step, statuses.size())];
}

std::string_view JobView::task_reason(std::size_t task) const {
  const TaskSpec& spec_task = spec().tasks[task];
  return m_step + 1 >= spec_task.statuses.size() ? std::string_view(spec_task.reason)
                                                 : std::string_view();
}

std::string_view JobView::task_text(std::size_t task) const {
  const std::string_view own = task_reason(task);
  if (!own.empty() || reason().empty()) return own;
  // The job's text goes to the last task that failed, or to the last task if none did.
  std::size_t holder = task_count() - 1;
  for (std::size_t i = task_count(); i-- > 0;) {
    if (is_failed_task(spec().provider, task_status(i))) {
      holder = i;
      break;
    }
  }
  return task == holder ? reason() : own;
}

SysTime JobView::task_updated(std::size_t task) const {
  return changed_at(spec().tasks[task].statuses);
}

// The step where the list's current value began: walk back over equal neighbours.
SysTime JobView::changed_at(const std::vector<std::string>& statuses) const {
  if (statuses.empty()) return created();
  std::size_t index = clamp_index(m_step, statuses.size());
  while (index > 0 && statuses[index - 1] == statuses[index]) --index;
  return m_state->step_began(index);
}

}  // namespace jobwait::sim
