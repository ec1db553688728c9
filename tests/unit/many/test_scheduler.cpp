#include <catch2/catch.hpp>

#include "many/scheduler.hpp"

using jobwait::Clock;
using jobwait::many::Limits;
using jobwait::many::Scheduler;
using ms = std::chrono::milliseconds;
using Jobs = std::vector<std::size_t>;

namespace {

Limits limits(double rate, int per_host) {
  Limits out;
  out.requests_per_second = rate;
  out.per_host = per_host;
  return out;
}

}  // namespace

TEST_CASE("scheduler: nothing goes out before it is due, then earliest due first", "[scheduler]") {
  const Clock::TimePoint t0{};
  Scheduler scheduler(limits(1000, 10), 1, t0);
  scheduler.schedule(0, 0, t0 + ms(30));
  scheduler.schedule(1, 0, t0 + ms(10));
  scheduler.schedule(2, 0, t0 + ms(20));
  CHECK(scheduler.take_ready(t0 + ms(5)).empty());
  CHECK(scheduler.next_wake(t0 + ms(5)) == t0 + ms(10));
  CHECK(scheduler.take_ready(t0 + ms(25)) == Jobs{1, 2});
  CHECK(scheduler.take_ready(t0 + ms(30)) == Jobs{0});
  CHECK_FALSE(scheduler.next_wake(t0 + ms(30)).has_value());
}

TEST_CASE("scheduler: a host at its cap waits for a request to finish", "[scheduler]") {
  const Clock::TimePoint t0{};
  Scheduler scheduler(limits(1000, 2), 1, t0);
  for (std::size_t job = 0; job < 5; ++job) scheduler.schedule(job, 0, t0);
  CHECK(scheduler.take_ready(t0) == Jobs{0, 1});
  CHECK(scheduler.in_flight(0) == 2);
  // Nothing is waiting on the clock: only a finished request frees a place.
  CHECK_FALSE(scheduler.next_wake(t0).has_value());
  CHECK(scheduler.take_ready(t0 + ms(100)).empty());
  scheduler.finished(0);
  CHECK(scheduler.take_ready(t0 + ms(100)) == Jobs{2});
  CHECK(scheduler.waiting() == 2);
}

TEST_CASE("scheduler: a busy host does not hold up another", "[scheduler]") {
  const Clock::TimePoint t0{};
  Scheduler scheduler(limits(1000, 1), 2, t0);
  scheduler.schedule(0, 0, t0);
  scheduler.schedule(1, 0, t0 + ms(1));
  scheduler.schedule(2, 1, t0 + ms(2));
  CHECK(scheduler.take_ready(t0 + ms(5)) == Jobs{0, 2});
  scheduler.finished(0);
  CHECK(scheduler.take_ready(t0 + ms(5)) == Jobs{1});
}

TEST_CASE("scheduler: the rate spreads a crowd of due polls", "[scheduler]") {
  const Clock::TimePoint t0{};
  Scheduler scheduler(limits(100, 1000), 1, t0);  // burst: a tenth of a second's worth, 10
  for (std::size_t job = 0; job < 100; ++job) scheduler.schedule(job, 0, t0);
  std::size_t sent = scheduler.take_ready(t0).size();
  CHECK(sent == 10);
  // The rest go at 100 per second: one every 10 ms, and the scheduler says when.
  Clock::TimePoint now = t0;
  while (sent < 100) {
    const auto wake = scheduler.next_wake(now);
    REQUIRE(wake.has_value());
    CHECK(*wake - now <= ms(10));
    now = *wake;
    const std::size_t batch = scheduler.take_ready(now).size();
    CHECK(batch <= 1);
    sent += batch;
    for (std::size_t i = 0; i < batch; ++i) scheduler.finished(0);
  }
  CHECK(now - t0 >= ms(890));
  CHECK(now - t0 <= ms(910));
}

TEST_CASE("scheduler: a job rescheduled after its answer comes back in due order", "[scheduler]") {
  const Clock::TimePoint t0{};
  Scheduler scheduler(limits(1000, 5), 1, t0);
  scheduler.schedule(7, 0, t0);
  CHECK(scheduler.take_ready(t0) == Jobs{7});
  scheduler.finished(0);
  scheduler.schedule(7, 0, t0 + ms(2000));
  CHECK(scheduler.next_wake(t0) == t0 + ms(2000));
  CHECK(scheduler.take_ready(t0 + ms(2000)) == Jobs{7});
}
