#include <catch2/catch.hpp>

#include <csignal>

#include "model/exit_map.hpp"

using namespace jobwait;

TEST_CASE("exit map: the defaults are the README table", "[exit_map]") {
  const config::ExitCodesConfig defaults;
  for (Outcome outcome : {Outcome::succeeded, Outcome::failed, Outcome::timed_out, Outcome::not_found,
                          Outcome::auth_error, Outcome::api_error, Outcome::cancelled}) {
    CHECK(mapped_exit_code(defaults, outcome) == static_cast<int>(exit_code_for(outcome)));
  }
  CHECK(exit_code_changes(defaults).empty());
}

TEST_CASE("exit map: timed_out = 0 makes a non-blocking wait and is recorded", "[exit_map]") {
  config::ExitCodesConfig codes;
  codes.timed_out = 0;
  CHECK(mapped_exit_code(codes, Outcome::timed_out) == 0);
  CHECK(mapped_exit_code(codes, Outcome::failed) == 1);
  CHECK(exit_code_changes(codes) == std::map<std::string, int>{{"timed_out", 0}});
}

TEST_CASE("exit map: config errors and signals keep their codes", "[exit_map]") {
  config::ExitCodesConfig codes;
  CHECK(mapped_exit_code(codes, Outcome::config_error) == 2);
  CHECK(mapped_exit_code(codes, Outcome::interrupted, SIGINT) == 130);
  CHECK(mapped_exit_code(codes, Outcome::interrupted, SIGTERM) == 143);
}
