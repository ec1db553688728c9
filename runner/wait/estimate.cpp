#include "wait/estimate.hpp"

#include <algorithm>

#include "util/utc_time.hpp"

namespace jobwait {

namespace {

using Wall = std::chrono::system_clock::time_point;
using Seconds = std::chrono::duration<double>;

// The rate is taken over this many recent changes: enough to smooth a percentage reported in
// coarse steps, few enough to follow a job that speeds up or slows down.
constexpr std::size_t k_window = 6;
// However well the rates agree, the end may fall this share of the time left either side of
// the estimate: a job's last stretch is rarely like the rest (1/8, tuned on bench/adaptive.py).
constexpr int k_least_spread = 8;

std::optional<Wall> time_named(const Times& times, std::string_view name) {
  for (const auto& [key, stamp] : times) {
    if (key != name) continue;
    if (auto at = parse_utc(stamp.utc ? *stamp.utc : stamp.raw)) return at;
  }
  return std::nullopt;
}

std::optional<Wall> began(const Times& times) {
  if (auto at = time_named(times, "started")) return at;
  return time_named(times, "created");
}

std::optional<Wall> ended(const Times& times) {
  // A sub-job in a terminal state was last updated when it ended (CCE has no finish time).
  if (auto at = time_named(times, "finished")) return at;
  return time_named(times, "updated");
}

}  // namespace

std::optional<Fraction> fraction_done(const JobStatus& status) {
  if (status.progress) return Fraction{std::clamp(*status.progress / 100.0, 0.0, 1.0), false};
  if (status.tasks.empty()) return std::nullopt;
  const auto done = std::count_if(status.tasks.begin(), status.tasks.end(),
                                  [](const Task& task) { return is_terminal(task.state); });
  const auto total = std::max<std::size_t>(status.tasks.size(), static_cast<std::size_t>(status.task_total.value_or(0)));
  return Fraction{static_cast<double>(done) / static_cast<double>(total), true};
}

std::optional<Wall> job_start(const JobStatus& status) { return began(status.times); }

std::optional<Wall> job_end(const JobStatus& status) { return time_named(status.times, "finished"); }

void EndEstimator::observe(const JobStatus& status, TimePoint now, Wall wall_now) {
  const auto steady = [&](Wall at) {
    return now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(wall_now - std::min(at, wall_now));
  };
  const TimePoint previous_poll = m_last_poll.value_or(now);
  m_last_poll = now;
  const std::optional<Fraction> fraction = fraction_done(status);
  if (!fraction) {  // the signal is gone (or never was): no estimate until it is back
    m_points.clear();
    m_last_done.reset();
    m_end.reset();
    return;
  }

  // What the tasks done so far took, and when the last of them ended.
  m_last_finish.reset();
  double total_seconds = 0;
  int timed = 0;
  m_tasks_left = std::max(0, status.task_total.value_or(0) - static_cast<int>(status.tasks.size()));
  for (const Task& task : status.tasks) {
    if (!is_terminal(task.state)) {
      ++m_tasks_left;
      continue;
    }
    const std::optional<Wall> end = ended(task.times);
    if (!end) continue;
    m_last_finish = std::max(m_last_finish.value_or(steady(*end)), steady(*end));
    if (const std::optional<Wall> start = began(task.times); start && *start <= *end) {
      total_seconds += Seconds(*end - *start).count();
      ++timed;
    }
  }
  m_mean_task_seconds = timed > 0 ? total_seconds / timed : 0;

  const double done = fraction->done;
  // When the value changed: a percentage is as of the answer; a task ended at its own finish
  // time when the answer gives one, else somewhere between the two polls (the middle).
  TimePoint changed = now;
  if (fraction->stepwise) {
    changed = previous_poll + (now - previous_poll) / 2;
    if (m_last_finish && *m_last_finish <= now) changed = std::max(*m_last_finish, previous_poll);
  }
  if (m_last_done && done < *m_last_done) {
    // Backwards (a retried phase, a second stage that counts from zero): what came before says
    // nothing about the rate from here, nor does the job's start.
    m_points.assign(1, Point{now, done});
    m_restarted = true;
  } else if (m_points.empty()) {
    // The job's start anchors the rate at zero done; without it, the first reading does.
    const std::optional<Wall> start = m_restarted ? std::nullopt : job_start(status);
    if (start) m_points.push_back(Point{steady(*start), 0.0});
    if (m_points.empty() || done > 0) {
      m_points.push_back(Point{m_points.empty() ? now : std::max(changed, m_points.back().at), done});
    } else if (!fraction->stepwise) {
      m_points.back().at = now;  // a percentage still at zero: the work has not begun
    }
  } else if (done > *m_last_done) {
    m_points.push_back(Point{std::max(changed, m_points.back().at), done});
    if (m_points.size() > k_window) m_points.erase(m_points.begin());
  } else if (done == 0 && !fraction->stepwise) {
    // A percentage not moving yet: the rate counts from the last reading at zero. (No task
    // done says nothing of when the first began: the origin stays.)
    m_points.back().at = now;
  }
  m_last_done = done;
  estimate();
}

std::optional<EndEstimator::Window> EndEstimator::window() const {
  if (!m_end) return std::nullopt;
  const TimePoint last = m_points.empty() ? *m_end : m_points.back().at;
  const auto margin = std::max(*m_end - last, std::chrono::steady_clock::duration(0)) / k_least_spread;
  const TimePoint other = m_last_step_end.value_or(*m_end);
  return Window{std::min(*m_end, other) - margin, std::max(*m_end, other) + margin};
}

void EndEstimator::estimate() {
  m_end.reset();
  m_last_step_end.reset();
  if (m_points.empty()) return;
  const Point& first = m_points.front();
  const Point& last = m_points.back();
  if (last.done >= 1.0) {  // all there is, done: the end is due now
    m_end = last.at;
    return;
  }
  const auto end_by = [&](const Point& from) -> std::optional<TimePoint> {
    const double span = Seconds(last.at - from.at).count();
    const double gain = last.done - from.done;
    if (gain <= 0 || span <= 0) return std::nullopt;
    const double rate = gain / span;  // of the whole job, per second
    return last.at + std::chrono::duration_cast<std::chrono::steady_clock::duration>(Seconds((1.0 - last.done) / rate));
  };
  m_last_step_end.reset();
  if ((m_end = end_by(first))) {
    if (m_points.size() > 2) m_last_step_end = end_by(m_points[m_points.size() - 2]);
    return;
  }
  // One reading so far: the tasks still to run, each as long as those done took.
  if (m_last_finish && m_mean_task_seconds > 0 && m_tasks_left > 0) {
    m_end = *m_last_finish +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(Seconds(m_mean_task_seconds * m_tasks_left));
  }
}

}  // namespace jobwait
