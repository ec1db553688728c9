// --verbose: a JobSource that passes each poll through and tells the Reporter how the
// request went (the poll loop's own events only cover changes).
#pragma once

#include "output/reporter.hpp"
#include "wait/clock.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait::output {

class TracedSource final : public JobSource {
 public:
  TracedSource(JobSource& inner, Clock& clock, Reporter& reporter)
      : m_inner(inner), m_clock(clock), m_reporter(reporter), m_start(clock.now()) {}

  tl::expected<JobStatus, Error> poll(std::chrono::milliseconds request_timeout) override;

 private:
  JobSource& m_inner;
  Clock& m_clock;
  Reporter& m_reporter;
  Clock::TimePoint m_start;
  int m_polls = 0;
};

}  // namespace jobwait::output
