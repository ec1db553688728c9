#include "many/fan_in.hpp"

#include <array>

namespace jobwait::many {

namespace {

constexpr std::chrono::seconds k_min_gap{1};  // between two tally lines, and two retry lines

}  // namespace

FanIn::FanIn(output::Reporter& reporter, Clock& clock, std::vector<std::string> ids)
    : m_reporter(reporter),
      m_clock(clock),
      m_start(clock.now()),
      m_ids(std::move(ids)),
      m_states(m_ids.size(), State::pending),
      m_ended(m_ids.size(), false),
      m_last_said(m_start) {
  m_observers.reserve(m_ids.size());
  for (std::size_t i = 0; i < m_ids.size(); ++i) m_observers.emplace_back(*this, i);
  m_counts[static_cast<std::size_t>(State::pending)] = m_ids.size();
  m_tally.state = State::running;
  recount();
}

void FanIn::set_state(std::size_t index, State state) {
  --m_counts[static_cast<std::size_t>(m_states[index])];
  ++m_counts[static_cast<std::size_t>(state)];
  m_states[index] = state;
}

double FanIn::elapsed() const { return std::chrono::duration<double>(m_clock.now() - m_start).count(); }

void FanIn::update(std::size_t index, State state) {
  // A terminal status read but not yet believed (wait.confirm) leaves the job running: only an
  // ended job counts as succeeded, failed or cancelled, so the tally always adds up.
  if (is_terminal(state)) state = State::running;
  if (m_states[index] == state) return;
  set_state(index, state);
  recount();
  flush(false);
}

void FanIn::job_ended(std::size_t index, State state) {
  set_state(index, state);
  if (!m_ended[index]) ++m_ended_count;
  m_ended[index] = true;
  recount();
  flush(false);
}

// "4/12 jobs ended: 3 succeeded, 1 failed, 8 running".
void FanIn::recount() {
  const std::array<std::size_t, 6>& counts = m_counts;
  const std::size_t ended = m_ended_count;
  std::string text = std::to_string(ended) + "/" + std::to_string(m_states.size()) + " jobs ended";
  constexpr std::array k_order{State::succeeded, State::failed, State::cancelled,
                               State::running,   State::pending, State::unknown};
  std::string parts;
  for (State state : k_order) {
    const std::size_t n = counts[static_cast<std::size_t>(state)];
    if (n > 0) parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(state));
  }
  if (!parts.empty()) text += ": " + parts;
  // While any job is open the step is running; once all ended, its state is the worst one.
  State state = State::running;
  if (ended == m_states.size()) {
    state = counts[static_cast<std::size_t>(State::failed)] > 0      ? State::failed
            : counts[static_cast<std::size_t>(State::cancelled)] > 0 ? State::cancelled
            : counts[static_cast<std::size_t>(State::succeeded)] == m_states.size() ? State::succeeded
                                                                                    : State::unknown;
  }
  m_tally.state = state;
  if (text != m_tally.status) {
    m_tally.status = std::move(text);
    m_tally.progress = m_states.empty() ? 100.0 : 100.0 * static_cast<double>(ended) / static_cast<double>(m_states.size());
    m_changed = true;
  }
}

void FanIn::flush(bool force) {
  if (!m_changed) return;
  const Clock::TimePoint now = m_clock.now();
  if (!force && m_last_printed && now - *m_last_printed < k_min_gap) return;
  m_reporter.on_update(m_tally, true, elapsed());
  m_changed = false;
  m_last_printed = now;
  m_last_said = now;
}

void FanIn::heartbeat(double next_poll_in) {
  m_reporter.on_heartbeat(&m_tally, elapsed(), next_poll_in);
  m_last_said = m_clock.now();
}

void FanIn::retry(std::size_t index, const Error& error, int consecutive) {
  const Clock::TimePoint now = m_clock.now();
  if (m_last_retry && now - *m_last_retry < k_min_gap) return;
  m_last_retry = now;
  Error named = error;
  named.message = "job " + m_ids[index] + ": " + error.message;
  m_reporter.on_retry(named, consecutive, elapsed());
  m_last_said = now;
}

void FanIn::warning(std::size_t index, std::string_view text) {
  if (!m_warned.insert(std::string(text)).second) return;
  m_reporter.on_warning("job " + m_ids[index] + ": " + std::string(text));
  m_last_said = m_clock.now();
}

}  // namespace jobwait::many
