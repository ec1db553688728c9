#include "job_state.hpp"

#include <algorithm>
#include <cmath>

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
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - *m_first_poll);
  if (m_spec->duration) {
    // The statuses but the last spread evenly over the duration; the last from its end on.
    const std::size_t count = std::max<std::size_t>(1, m_spec->statuses.size());
    if (elapsed >= *m_spec->duration) {
      step = count - 1;
    } else if (count > 1) {
      step = std::min(count - 2, static_cast<std::size_t>(elapsed * static_cast<long>(count - 1) / *m_spec->duration));
    }
  } else if (m_spec->every) {
    step = static_cast<std::size_t>((now - *m_first_poll) / *m_spec->every);
  } else {
    step = static_cast<std::size_t>(m_polls - 1);
    if (step < m_longest && step >= m_step_began.size()) m_step_began.push_back(wall_now);
  }
  JobView view(*this, step, elapsed);
  if (!m_seen_ended && (m_spec->duration || m_spec->every) && view.finished()) m_seen_ended = now;
  return view;
}

std::optional<double> JobState::ended_after() const {
  const std::size_t count = std::max<std::size_t>(1, m_spec->statuses.size());
  std::optional<std::chrono::milliseconds> end;
  if (m_spec->duration) end = *m_spec->duration;
  if (m_spec->every) end = *m_spec->every * static_cast<long>(count - 1);
  if (!end || !m_first_poll) return std::nullopt;
  return std::chrono::duration<double>(*end).count();
}

std::optional<double> JobState::seen_ended_after() const {
  if (!m_seen_ended || !m_first_poll) return std::nullopt;
  return std::chrono::duration<double>(*m_seen_ended - *m_first_poll).count();
}

// Step 0 is the state the job was submitted in; with `every`, step k begins k periods after
// the first poll; per poll, it begins with the poll that first saw it.
SysTime JobState::step_began(std::size_t step) const {
  if (m_spec->duration) {
    const std::size_t count = std::max<std::size_t>(1, m_spec->statuses.size());
    if (count < 2) return m_first_poll_wall;
    return m_first_poll_wall + std::chrono::duration_cast<SysTime::duration>(*m_spec->duration * static_cast<long>(step) /
                                                                             static_cast<long>(count - 1));
  }
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

SysTime JobView::created() const {
  return spec().duration ? m_state->m_first_poll_wall : m_state->m_created;
}

double JobView::progress() const {
  const auto& statuses = spec().statuses;
  if (spec().duration) {
    if (finished()) return spec().progress.empty() ? 100.0 : spec().progress.back();
    // A curve of points evenly spaced over the duration, straight lines between.
    const std::vector<double> curve = spec().progress.empty() ? std::vector<double>{0, 100} : spec().progress;
    if (curve.size() == 1) return curve[0];
    const double at = std::chrono::duration<double>(m_elapsed) / std::chrono::duration<double>(*spec().duration) *
                      static_cast<double>(curve.size() - 1);
    const std::size_t low = std::min(static_cast<std::size_t>(at), curve.size() - 2);
    const double share = std::min(at - static_cast<double>(low), 1.0);
    return std::round((curve[low] + (curve[low + 1] - curve[low]) * share) * 10) / 10;
  }
  const std::size_t index = clamp_index(m_step, std::max<std::size_t>(1, statuses.size()));
  if (!spec().progress.empty()) return spec().progress[index];
  if (statuses.size() <= 1) return is_terminal_status(spec().provider, status()) ? 100.0 : 0.0;
  return static_cast<double>(100 * index / (statuses.size() - 1));
}

std::pair<std::chrono::milliseconds, std::chrono::milliseconds> JobView::task_span(std::size_t task) const {
  std::chrono::milliseconds start{0};
  for (std::size_t i = 0; i < task; ++i) start += *spec().tasks[i].duration;
  return {start, start + *spec().tasks[task].duration};
}

std::string_view JobView::task_status(std::size_t task) const {
  const auto& statuses = spec().tasks[task].statuses;
  if (spec().tasks[task].duration) {  // before its start: first; running: next-to-last; done: last
    const auto [start, end] = task_span(task);
    if (m_elapsed >= end || statuses.size() == 1) return statuses.back();
    return m_elapsed < start ? statuses.front() : statuses[statuses.size() - 2];
  }
  return statuses[clamp_index(m_step, statuses.size())];
}

std::string_view JobView::task_reason(std::size_t task) const {
  const TaskSpec& spec_task = spec().tasks[task];
  if (spec_task.duration) return m_elapsed >= task_span(task).second ? std::string_view(spec_task.reason) : std::string_view();
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
  if (spec().tasks[task].duration) {
    const auto [start, end] = task_span(task);
    if (m_elapsed < start) return created();
    return created() + std::chrono::duration_cast<SysTime::duration>(m_elapsed >= end ? end : start);
  }
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
