#include <catch2/catch.hpp>

#include <deque>
#include <vector>

#include "fake_clock.hpp"
#include "output/poll_trace.hpp"

using namespace jobwait;
using namespace jobwait::output;
using namespace std::chrono;

namespace {

// Answers in turn; each poll takes `took` on the fake clock.
class ScriptedSource final : public JobSource {
 public:
  ScriptedSource(testing::FakeClock& clock, milliseconds took) : m_clock(clock), m_took(took) {}
  std::deque<tl::expected<JobStatus, Error>> answers;
  std::vector<milliseconds> limits;

  tl::expected<JobStatus, Error> poll(milliseconds request_timeout) override {
    limits.push_back(request_timeout);
    m_clock.advance(m_took);
    auto next = answers.front();
    answers.pop_front();
    return next;
  }

 private:
  testing::FakeClock& m_clock;
  milliseconds m_took;
};

class Recorder final : public FinishOnlyReporter {
 public:
  std::vector<PollTrace> traces;
  void on_poll(const PollTrace& trace) override { traces.push_back(trace); }
  void finish(const RunEnd&) override {}
};

}  // namespace

TEST_CASE("poll trace: each poll is passed through and reported, numbered from 1", "[poll_trace]") {
  testing::FakeClock clock;
  clock.advance(seconds(100));
  ScriptedSource inner(clock, milliseconds(250));
  Recorder recorder;
  TracedSource traced(inner, clock, recorder);  // the trace's elapsed counts from here

  JobStatus status;
  status.status = "Running";
  status.state = State::running;
  inner.answers.push_back(status);
  Error error;
  error.kind = ErrorKind::transient;
  error.message = "service unavailable";
  error.http_status = 503;
  inner.answers.push_back(tl::unexpected(error));
  Error reset;
  reset.kind = ErrorKind::transient;
  reset.message = "connection reset";
  inner.answers.push_back(tl::unexpected(reset));

  const auto first = traced.poll(seconds(7));
  REQUIRE(first.has_value());
  CHECK(first->status == "Running");
  clock.advance(seconds(2));
  const auto second = traced.poll(seconds(7));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().http_status == 503);
  CHECK(second.error().kind == ErrorKind::transient);
  traced.poll(seconds(3));

  CHECK(inner.limits == std::vector<milliseconds>{seconds(7), seconds(7), seconds(3)});
  REQUIRE(recorder.traces.size() == 3);
  const PollTrace& a = recorder.traces[0];
  CHECK(a.number == 1);
  CHECK(a.ok);
  CHECK(a.text == "Running (running)");
  CHECK(a.http_status == 0);
  CHECK(a.duration_seconds == Approx(0.25));
  CHECK(a.elapsed_seconds == Approx(0.25));
  const PollTrace& b = recorder.traces[1];
  CHECK(b.number == 2);
  CHECK_FALSE(b.ok);
  CHECK(b.text == "service unavailable");
  CHECK(b.http_status == 503);
  CHECK(b.duration_seconds == Approx(0.25));
  CHECK(b.elapsed_seconds == Approx(2.5));
  const PollTrace& c = recorder.traces[2];
  CHECK(c.number == 3);
  CHECK(c.http_status == 0);  // no response at all
  CHECK(c.text == "connection reset");
}
