#include <catch2/catch.hpp>

#include <chrono>

#include "wait/clock.hpp"
#include "wait/signals.hpp"

using namespace jobwait;
using namespace std::chrono;

namespace {

struct ClearStop {
  ClearStop() { set_stop_signal_for_testing(0); }
  ~ClearStop() { set_stop_signal_for_testing(0); }
};

}  // namespace

TEST_CASE("clock: the real clock is one object", "[clock]") {
  CHECK(&real_clock() == &real_clock());
}

TEST_CASE("clock: now() is monotonic and wall_now() is the system time", "[clock]") {
  Clock& clock = real_clock();
  const auto first = clock.now();
  const auto second = clock.now();
  CHECK(second >= first);
  const auto wall = clock.wall_now();
  CHECK(abs(duration_cast<milliseconds>(wall - system_clock::now())) < seconds(5));
}

TEST_CASE("clock: sleep_until sleeps until the time point", "[clock]") {
  ClearStop clear;
  Clock& clock = real_clock();
  const auto start = clock.now();
  clock.sleep_until(start + milliseconds(60));
  const auto slept = clock.now() - start;
  CHECK(slept >= milliseconds(60));
  CHECK(slept < seconds(2));
}

TEST_CASE("clock: a time point already past returns at once", "[clock]") {
  ClearStop clear;
  Clock& clock = real_clock();
  const auto start = clock.now();
  clock.sleep_until(start - seconds(10));
  CHECK(clock.now() - start < milliseconds(500));
}

TEST_CASE("clock: a stop signal cuts the sleep short", "[clock]") {
  ClearStop clear;
  set_stop_signal_for_testing(15);
  Clock& clock = real_clock();
  const auto start = clock.now();
  clock.sleep_until(start + seconds(30));
  CHECK(clock.now() - start < seconds(1));
}
