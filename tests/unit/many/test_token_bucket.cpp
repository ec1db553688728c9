#include <catch2/catch.hpp>

#include "many/token_bucket.hpp"

using jobwait::Clock;
using jobwait::many::TokenBucket;
using ms = std::chrono::milliseconds;

TEST_CASE("token bucket: starts with its burst, then gives tokens at the rate", "[token_bucket]") {
  const Clock::TimePoint t0{};
  TokenBucket bucket(10, 2, t0);  // 10 per second: one every 100 ms
  CHECK(bucket.try_take(t0));
  CHECK(bucket.try_take(t0));
  CHECK_FALSE(bucket.try_take(t0));
  CHECK(bucket.next_token_at(t0) == t0 + ms(100));
  CHECK_FALSE(bucket.try_take(t0 + ms(99)));
  CHECK(bucket.try_take(t0 + ms(100)));
  CHECK_FALSE(bucket.try_take(t0 + ms(150)));
  CHECK(bucket.try_take(t0 + ms(200)));
}

TEST_CASE("token bucket: a quiet spell saves up no more than the burst", "[token_bucket]") {
  const Clock::TimePoint t0{};
  TokenBucket bucket(100, 5, t0);
  for (int i = 0; i < 5; ++i) REQUIRE(bucket.try_take(t0));
  const Clock::TimePoint later = t0 + std::chrono::minutes(10);
  int taken = 0;
  while (bucket.try_take(later)) ++taken;
  CHECK(taken == 5);
}

TEST_CASE("token bucket: over any second, at most rate + burst requests", "[token_bucket]") {
  const Clock::TimePoint t0{};
  TokenBucket bucket(50, 5, t0);
  int taken = 0;
  // Someone asks every millisecond for a second.
  for (int i = 0; i <= 1000; ++i) taken += bucket.try_take(t0 + ms(i)) ? 1 : 0;
  CHECK(taken <= 55);
  CHECK(taken >= 50);
}

TEST_CASE("token bucket: the next token is now when one is there", "[token_bucket]") {
  const Clock::TimePoint t0{};
  TokenBucket bucket(1, 1, t0);
  CHECK(bucket.next_token_at(t0) == t0);
  REQUIRE(bucket.try_take(t0));
  CHECK(bucket.next_token_at(t0 + ms(250)) == t0 + ms(1000));
}
