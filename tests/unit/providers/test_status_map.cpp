// runner/providers/status_map.cpp: raw status values to states, as data.
#include <catch2/catch.hpp>

#include "providers/status_map.hpp"

using jobwait::State;
using jobwait::providers::StatusMap;

TEST_CASE("status map: listed values map to their state, anything else is unknown", "[providers]") {
  const StatusMap map{{"INIT", State::pending}, {"RUNNING", State::running}, {"SUCCESS", State::succeeded},
                      {"FAIL", State::failed},  {"STOPPED", State::cancelled}};
  CHECK(map.state_of("INIT") == State::pending);
  CHECK(map.state_of("RUNNING") == State::running);
  CHECK(map.state_of("SUCCESS") == State::succeeded);
  CHECK(map.state_of("FAIL") == State::failed);
  CHECK(map.state_of("STOPPED") == State::cancelled);
  CHECK(map.state_of("success") == State::unknown);  // exact: case differs by service
  CHECK(map.state_of("") == State::unknown);
}

TEST_CASE("status map: stalled values are flagged and keep their state", "[providers]") {
  const StatusMap map{{"PENDING_PAYMENT", State::pending, true}, {"RUNNING", State::running}};
  CHECK(map.is_stalled("PENDING_PAYMENT"));
  CHECK(map.state_of("PENDING_PAYMENT") == State::pending);
  CHECK_FALSE(map.is_stalled("RUNNING"));
  CHECK_FALSE(map.is_stalled("OTHER"));
  CHECK(map.stalled_values() == std::vector<std::string>{"PENDING_PAYMENT"});
}

TEST_CASE("status map: values per state come back in table order", "[providers]") {
  const StatusMap map{{"b", State::failed}, {"a", State::succeeded}, {"c", State::failed}};
  CHECK(map.values_of(State::failed) == std::vector<std::string>{"b", "c"});
  CHECK(map.values_of(State::pending).empty());
  CHECK(map.rules().size() == 3);
}
