#include <catch2/catch.hpp>

#include "many/aggregate.hpp"

using namespace jobwait;
using jobwait::many::aggregate;

namespace {

JobRecord job(std::string id, Outcome outcome, bool abandoned = false) {
  JobRecord record;
  record.id = std::move(id);
  record.wait.outcome = outcome;
  record.wait.message = "job " + std::string(to_string(outcome));
  record.abandoned = abandoned;
  return record;
}

}  // namespace

TEST_CASE("aggregate: all succeeded is success", "[aggregate]") {
  const auto sum = aggregate({job("a", Outcome::succeeded), job("b", Outcome::succeeded)}, false);
  CHECK(sum.outcome == Outcome::succeeded);
  CHECK(sum.message == "all 2 jobs succeeded");
}

TEST_CASE("aggregate: mode all takes the worst by the documented precedence", "[aggregate]") {
  // interrupted > config_error > auth_error > failed > cancelled > not_found > api_error > timed_out > succeeded
  const std::vector<Outcome> order{Outcome::interrupted, Outcome::config_error, Outcome::auth_error,
                                   Outcome::failed,      Outcome::cancelled,    Outcome::not_found,
                                   Outcome::api_error,   Outcome::timed_out,    Outcome::succeeded};
  for (std::size_t worse = 0; worse < order.size(); ++worse) {
    for (std::size_t better = worse; better < order.size(); ++better) {
      INFO(to_string(order[worse]) << " vs " << to_string(order[better]));
      CHECK(aggregate({job("a", order[better]), job("b", order[worse])}, false).outcome == order[worse]);
      CHECK(aggregate({job("a", order[worse]), job("b", order[better])}, false).outcome == order[worse]);
    }
  }
}

TEST_CASE("aggregate: a timeout never hides a failure, a failure never hides auth", "[aggregate]") {
  CHECK(aggregate({job("a", Outcome::timed_out), job("b", Outcome::failed)}, false).outcome == Outcome::failed);
  CHECK(aggregate({job("a", Outcome::failed), job("b", Outcome::auth_error)}, false).outcome == Outcome::auth_error);
}

TEST_CASE("aggregate: the message names how many and the first job of the worst kind", "[aggregate]") {
  const auto sum = aggregate({job("a", Outcome::succeeded), job("b", Outcome::failed), job("c", Outcome::failed)}, false);
  CHECK(sum.outcome == Outcome::failed);
  CHECK(sum.message == "2 of 3 jobs failed; first: job b: job failed");
}

TEST_CASE("aggregate: mode any, one success is enough whatever the others did", "[aggregate]") {
  const auto sum = aggregate({job("a", Outcome::failed), job("b", Outcome::succeeded), job("c", Outcome::api_error, true)}, true);
  CHECK(sum.outcome == Outcome::succeeded);
  CHECK_THAT(sum.message, Catch::StartsWith("job b: "));
}

TEST_CASE("aggregate: mode any without a success is the rest by precedence", "[aggregate]") {
  CHECK(aggregate({job("a", Outcome::timed_out), job("b", Outcome::cancelled)}, true).outcome == Outcome::cancelled);
}

TEST_CASE("aggregate: abandoned jobs do not count (fail_fast)", "[aggregate]") {
  const auto sum = aggregate({job("a", Outcome::failed), job("b", Outcome::api_error, true)}, false);
  CHECK(sum.outcome == Outcome::failed);
  CHECK_THAT(sum.message, Catch::Contains("1 no longer waited on"));
}

TEST_CASE("aggregate: a signal makes the step interrupted and keeps the signal", "[aggregate]") {
  JobRecord stopped = job("a", Outcome::interrupted);
  stopped.wait.signal = 15;
  const auto sum = aggregate({job("b", Outcome::failed), stopped}, false);
  CHECK(sum.outcome == Outcome::interrupted);
  CHECK(sum.signal == 15);
}
