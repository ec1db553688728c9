#include "output/poll_trace.hpp"

namespace jobwait::output {

tl::expected<JobStatus, Error> TracedSource::poll(std::chrono::milliseconds request_timeout) {
  const Clock::TimePoint before = m_clock.now();
  auto result = m_inner.poll(request_timeout);
  const Clock::TimePoint after = m_clock.now();
  PollTrace trace;
  trace.number = ++m_polls;
  trace.elapsed_seconds = std::chrono::duration<double>(after - m_start).count();
  trace.duration_seconds = std::chrono::duration<double>(after - before).count();
  trace.ok = result.has_value();
  if (result) {
    trace.text = result->status + " (" + std::string(to_string(result->state)) + ")";
  } else {
    trace.text = result.error().message;
    trace.http_status = result.error().http_status;
  }
  m_reporter.on_poll(trace);
  return result;
}

}  // namespace jobwait::output
