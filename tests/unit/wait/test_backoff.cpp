#include <catch2/catch.hpp>

#include "wait/backoff.hpp"

using jobwait::Backoff;
using ms = std::chrono::milliseconds;

TEST_CASE("backoff: the first delay is exactly the interval", "[backoff]") {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Backoff backoff(ms(2000), ms(30000), seed);
    CHECK(backoff.next() == ms(2000));
  }
}

TEST_CASE("backoff: the ceiling doubles up to the cap", "[backoff]") {
  Backoff backoff(ms(2000), ms(30000), 1);
  CHECK(backoff.ceiling(1) == ms(2000));
  CHECK(backoff.ceiling(2) == ms(4000));
  CHECK(backoff.ceiling(3) == ms(8000));
  CHECK(backoff.ceiling(4) == ms(16000));
  CHECK(backoff.ceiling(5) == ms(30000));
  CHECK(backoff.ceiling(1000) == ms(30000));
}

TEST_CASE("backoff: delay n is uniform in [interval, min(max, interval*2^(n-1))]", "[backoff]") {
  Backoff backoff(ms(1000), ms(10000), 42);
  for (int n = 1; n <= 200; ++n) {
    const ms delay = backoff.next();
    INFO("delay " << n);
    CHECK(delay >= ms(1000));
    CHECK(delay <= backoff.ceiling(n));
  }
}

TEST_CASE("backoff: jitter spreads delays over the whole range", "[backoff]") {
  // Full jitter: with a 1s..10s window, 500 draws land in both the low and high tenths.
  Backoff backoff(ms(1000), ms(10000), 7);
  for (int n = 0; n < 5; ++n) backoff.next();
  bool low = false, high = false;
  for (int n = 0; n < 500; ++n) {
    const ms delay = backoff.next();
    low = low || delay < ms(1900);
    high = high || delay > ms(9100);
  }
  CHECK(low);
  CHECK(high);
}

TEST_CASE("backoff: the same seed gives the same schedule", "[backoff]") {
  Backoff a(ms(500), ms(30000), 99), b(ms(500), ms(30000), 99);
  for (int n = 0; n < 50; ++n) CHECK(a.next() == b.next());
}

TEST_CASE("backoff: a cap below the interval is the interval", "[backoff]") {
  Backoff backoff(ms(5000), ms(1000), 3);
  for (int n = 0; n < 10; ++n) CHECK(backoff.next() == ms(5000));
}
