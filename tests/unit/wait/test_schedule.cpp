#include <catch2/catch.hpp>

#include <functional>

#include "fake_clock.hpp"
#include "util/utc_time.hpp"
#include "wait/backoff.hpp"
#include "wait/schedule.hpp"

using namespace jobwait;
using jobwait::testing::FakeClock;
using ms = std::chrono::milliseconds;
using namespace std::chrono_literals;

namespace {

JobStatus running(std::optional<double> progress = std::nullopt) {
  JobStatus status;
  status.status = "running";
  status.state = State::running;
  status.progress = progress;
  return status;
}

double seconds(ms delay) { return std::chrono::duration<double>(delay).count(); }

// An instant `at` seconds into a test, as the fake wall clock writes it in an answer.
Timestamp stamp(double at) {
  FakeClock clock;
  clock.advance(ms(static_cast<long long>(at * 1000)));
  const std::string text = format_utc_seconds(clock.wall_now());
  return Timestamp{text, text};
}

// A job as a function of the seconds since the wait began, polled by `schedule` from 0 until a
// poll at or after `ends` (seconds) sees it ended: the delays taken and the detection delay.
struct Run {
  std::vector<ms> delays;
  double detection_delay = 0;
  int requests = 0;
};

Run run(Schedule& schedule, double ends, const std::function<JobStatus(double)>& job) {
  FakeClock clock;
  Run out;
  for (;;) {
    const double now = std::chrono::duration<double>(clock.now() - Clock::TimePoint()).count();
    ++out.requests;
    if (now >= ends) {
      out.detection_delay = now - ends;
      return out;
    }
    const JobStatus status = job(now);
    const ms delay = schedule.next(&status, clock.now(), clock.wall_now());
    out.delays.push_back(delay);
    clock.advance(delay);
  }
}

std::function<JobStatus(double)> linear(double duration) {
  return [duration](double now) { return running(std::min(100.0, 100.0 * now / duration)); };
}

}  // namespace

TEST_CASE("schedule: strategy names", "[schedule]") {
  CHECK(strategy_named("adaptive") == Strategy::adaptive);
  CHECK(strategy_named("backoff") == Strategy::backoff);
  CHECK(strategy_named("fixed") == Strategy::fixed);
  CHECK_FALSE(strategy_named("smart"));
  CHECK(to_string(Strategy::backoff) == "backoff");
}

TEST_CASE("schedule: backoff gives exactly today's delays, signal or not", "[schedule]") {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 1234567ULL}) {
    Backoff today(2s, 30s, seed);
    const auto schedule = make_schedule(Strategy::backoff, 2s, 30s, seed);
    FakeClock clock;
    for (int n = 0; n < 200; ++n) {
      const JobStatus status = running(n % 100);
      const JobStatus* seen = n % 7 == 0 ? nullptr : &status;
      INFO("seed " << seed << ", delay " << n + 1);
      CHECK(schedule->next(seen, clock.now(), clock.wall_now()) == today.next());
      clock.advance(1s);
    }
  }
}

TEST_CASE("schedule: fixed is every interval, jittered by at most 10%", "[schedule]") {
  const auto schedule = make_schedule(Strategy::fixed, 2s, 30s, 3);
  FakeClock clock;
  bool low = false, high = false;
  for (int n = 0; n < 500; ++n) {
    const ms delay = schedule->next(nullptr, clock.now(), clock.wall_now());
    CHECK(delay >= 1800ms);
    CHECK(delay <= 2200ms);
    low = low || delay < 1900ms;
    high = high || delay > 2100ms;
  }
  CHECK(low);
  CHECK(high);
}

TEST_CASE("schedule: no signal: backoff's middles, one random phase, then even spacing", "[schedule]") {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto schedule = make_schedule(Strategy::adaptive, 2s, 30s, seed);
    FakeClock clock;
    const JobStatus status = running();
    const auto next = [&] { return schedule->next(&status, clock.now(), clock.wall_now()); };
    CHECK(next() == 2s);  // the middle of [2s, 2s]
    const ms second = next(), third = next(), fourth = next();
    CHECK(seconds(second) == Approx(3).epsilon(0.1));  // middle of [2s, 4s], ±10%
    CHECK(seconds(third) == Approx(5).epsilon(0.1));   // [2s, 8s]
    CHECK(seconds(fourth) == Approx(9).epsilon(0.1));  // [2s, 16s]
    const ms phase = next();
    CHECK(phase >= 2s);
    CHECK(phase <= 30s);
    for (int n = 0; n < 50; ++n) CHECK(next() == 16s);  // (2s + 30s) / 2, as backoff's mean
  }
}

TEST_CASE("schedule: no signal: at least 15% less delay than backoff for as many requests", "[schedule]") {
  // Jobs ending uniformly over 5 to 60 minutes: mean detection delay and requests per job.
  double backoff_delay = 0, even_delay = 0;
  double backoff_requests = 0, even_requests = 0;
  const auto silent = [](double) { return running(); };
  for (std::uint64_t job = 0; job < 400; ++job) {
    const double ends = 300 + static_cast<double>(job) * 8.25;
    auto backoff = make_schedule(Strategy::backoff, 2s, 30s, job);
    auto adaptive = make_schedule(Strategy::adaptive, 2s, 30s, job);
    const Run b = run(*backoff, ends, silent), a = run(*adaptive, ends, silent);
    backoff_delay += b.detection_delay;
    even_delay += a.detection_delay;
    backoff_requests += b.requests;
    even_requests += a.requests;
  }
  CHECK(even_delay <= 0.85 * backoff_delay);
  CHECK(even_requests <= backoff_requests * 1.01);
}

TEST_CASE("schedule: progress linear: the polls close in and one lands within interval of the end", "[schedule]") {
  for (double duration : {60.0, 300.0, 1800.0}) {
    const auto adaptive = make_schedule(Strategy::adaptive, 2s, 30s, 5);
    const auto backoff = make_schedule(Strategy::backoff, 2s, 30s, 5);
    const Run a = run(*adaptive, duration, linear(duration));
    const Run b = run(*backoff, duration, linear(duration));
    INFO("a " << duration << " s job");
    CHECK(a.detection_delay <= 2.0);
    if (duration >= 300) CHECK(a.requests <= b.requests);  // a minute's job: about as many
    for (ms delay : a.delays) {
      CHECK(delay >= 2s);
      CHECK(delay <= 30s);
    }
  }
  // The delays as the end nears, for a 300 s job: at the cap while far, shorter close to it.
  const auto adaptive = make_schedule(Strategy::adaptive, 2s, 30s, 5);
  const Run a = run(*adaptive, 300, linear(300));
  REQUIRE(a.delays.size() >= 6);
  const std::size_t n = a.delays.size();
  CHECK(a.delays[n - 5] >= 27s);           // far: at the cap
  CHECK(a.delays[n - 4] < a.delays[n - 5]);  // closing in
  for (std::size_t i = n - 3; i < n; ++i) CHECK(a.delays[i] <= 3s);  // on it
}

TEST_CASE("schedule: progress stuck at 99: an estimate that passes returns to max_interval", "[schedule]") {
  const auto schedule = make_schedule(Strategy::adaptive, 2s, 30s, 9);
  // 1% a second up to 99% at 99 s, then nothing moves until 900 s.
  const Run r = run(*schedule, 900, [](double now) { return running(std::min(99.0, now)); });
  std::vector<ms> overdue;
  // Past 100 s (the estimated end) the delays grow as interval plus half the time overdue.
  double now = 0;
  for (ms delay : r.delays) {
    if (now >= 100) overdue.push_back(delay);
    now += seconds(delay);
  }
  REQUIRE(overdue.size() > 8);
  for (std::size_t i = 1; i < 6; ++i) CHECK(overdue[i] >= overdue[i - 1]);
  for (std::size_t i = overdue.size() - 5; i < overdue.size(); ++i) {
    CHECK(overdue[i] >= 27s);
    CHECK(overdue[i] <= 30s);
  }
  // 800 s at about 30 s a poll, plus the approach: not an interval's worth of polls.
  CHECK(r.requests < 60);
}

TEST_CASE("schedule: progress going backwards polls as without a signal until it moves again", "[schedule]") {
  const auto schedule = make_schedule(Strategy::adaptive, 2s, 30s, 2);
  FakeClock clock;
  const auto read = [&](double progress) {
    const JobStatus status = running(progress);
    const ms delay = schedule->next(&status, clock.now(), clock.wall_now());
    clock.advance(10s);  // the test reads every 10 s, whatever the delay asked
    return delay;
  };
  read(10);
  CHECK(read(20) >= 27s);  // 1% a second: the end is 80 s ahead, so at the cap
  const ms after_backwards = read(5);  // no rate now: the schedule without signal, from the cap
  CHECK(after_backwards >= 2s);
  CHECK(after_backwards <= 30s);
  // Moving again: 1% a second from 5% at 20 s, so the end is 85 s after 30 s: at the cap.
  const ms moving = read(15);
  CHECK(moving >= 27s);
}

TEST_CASE("schedule: sub-jobs finishing one by one: the end is found within the window's spacing", "[schedule]") {
  // Four sub-jobs of 5 minutes each, one after the other; each done one has its finish time (as
  // CCE's updateTimestamp gives it), the job its start. After three, the end is due in 300 s,
  // give or take an eighth of that: 75 s of window, a poll every 75/16 s within it.
  const auto job = [](double now) {
    JobStatus status = running();
    status.times.emplace_back("created", stamp(0));
    for (int i = 0; i < 4; ++i) {
      Task sub;
      const double ends = 300.0 * (i + 1);
      sub.state = now >= ends ? State::succeeded : State::running;
      if (now >= ends) sub.times.emplace_back("finished", stamp(ends));
      status.tasks.push_back(sub);
    }
    return status;
  };
  const auto adaptive = make_schedule(Strategy::adaptive, 2s, 30s, 4);
  const auto backoff = make_schedule(Strategy::backoff, 2s, 30s, 4);
  const Run a = run(*adaptive, 1200, job), b = run(*backoff, 1200, job);
  CHECK(a.detection_delay <= 75.0 / 16);
  CHECK(a.requests < b.requests);
}

TEST_CASE("schedule: a signal that disappears mid-wait goes on without one, from the delay reached", "[schedule]") {
  const auto schedule = make_schedule(Strategy::adaptive, 2s, 30s, 6);
  FakeClock clock;
  ms delay{0};
  for (double progress : {1.0, 2.0, 3.0}) {  // 1% per 30 s poll: the end is far
    const JobStatus status = running(progress);
    delay = schedule->next(&status, clock.now(), clock.wall_now());
    clock.advance(delay);
  }
  CHECK(delay >= 27s);
  const JobStatus silent = running();
  const ms first = schedule->next(&silent, clock.now(), clock.wall_now());
  CHECK(first >= 2s);  // the random phase at the cap, not the ramp's 2 s, 3 s, ...
  CHECK(first <= 30s);
  CHECK(schedule->next(&silent, clock.now(), clock.wall_now()) == 16s);
}

TEST_CASE("schedule: the same answers and seed give the same delays", "[schedule]") {
  const auto a = make_schedule(Strategy::adaptive, 2s, 30s, 77);
  const auto b = make_schedule(Strategy::adaptive, 2s, 30s, 77);
  const Run ra = run(*a, 700, linear(700)), rb = run(*b, 700, linear(700));
  CHECK(ra.delays == rb.delays);
}
