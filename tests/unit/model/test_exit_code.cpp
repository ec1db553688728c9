#include <catch2/catch.hpp>

#include <csignal>

#include "model/exit_code.hpp"

using namespace jobwait;

TEST_CASE("exit codes: one number per outcome, as documented", "[exit_code]") {
  CHECK(static_cast<int>(exit_code_for(Outcome::succeeded)) == 0);
  CHECK(static_cast<int>(exit_code_for(Outcome::failed)) == 1);
  CHECK(static_cast<int>(exit_code_for(Outcome::config_error)) == 2);
  CHECK(static_cast<int>(exit_code_for(Outcome::timed_out)) == 3);
  CHECK(static_cast<int>(exit_code_for(Outcome::not_found)) == 4);
  CHECK(static_cast<int>(exit_code_for(Outcome::auth_error)) == 5);
  CHECK(static_cast<int>(exit_code_for(Outcome::api_error)) == 6);
  CHECK(static_cast<int>(exit_code_for(Outcome::cancelled)) == 7);
  CHECK(static_cast<int>(exit_code_for(Outcome::interrupted, SIGINT)) == 130);
  CHECK(static_cast<int>(exit_code_for(Outcome::interrupted, SIGTERM)) == 143);
}

TEST_CASE("exit codes: outcome names are the artifact's words", "[exit_code]") {
  CHECK(to_string(Outcome::timed_out) == "timed_out");
  CHECK(to_string(Outcome::not_found) == "not_found");
  CHECK(to_string(Outcome::auth_error) == "auth_error");
  CHECK(to_string(Outcome::api_error) == "api_error");
  CHECK(to_string(Outcome::config_error) == "config_error");
  CHECK(to_string(Outcome::interrupted) == "interrupted");
}
