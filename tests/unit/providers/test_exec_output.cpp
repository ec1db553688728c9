// runner/providers/exec_output.cpp against docs/exec-protocol.md.
#include <catch2/catch.hpp>

#include "providers/exec_output.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using jobwait::providers::parse_exec_output;

namespace {

jobwait::JobStatus read(std::string_view text) {
  auto status = parse_exec_output(text);
  INFO((status ? std::string() : status.error().message));
  REQUIRE(status);
  return *std::move(status);
}

jobwait::Error refused(std::string_view text) {
  auto status = parse_exec_output(text);
  REQUIRE_FALSE(status);
  return status.error();
}

}  // namespace

TEST_CASE("exec output: the protocol's example reads in full", "[providers]") {
  const auto status = read(R"({"state": "running", "status": "DEPLOYING", "progress": 40,
    "tasks": [{"name": "pull image", "state": "succeeded"}, {"name": "roll out", "state": "running"}]})");
  CHECK(status.state == State::running);
  CHECK(status.status == "DEPLOYING");
  CHECK(status.progress == 40);
  REQUIRE(status.tasks.size() == 2);
  CHECK(status.tasks[0].name == "pull image");
  CHECK(status.tasks[0].status == "succeeded");  // defaults to the state
  CHECK(status.tasks[1].state == State::running);
  CHECK_FALSE(status.stalled);
}

TEST_CASE("exec output: every state the protocol names", "[providers]") {
  for (const auto& [name, state] : {std::pair{"pending", State::pending}, std::pair{"running", State::running},
                                    std::pair{"succeeded", State::succeeded}, std::pair{"failed", State::failed},
                                    std::pair{"cancelled", State::cancelled}, std::pair{"unknown", State::unknown}}) {
    const auto status = read(std::string(R"({"state": ")") + name + "\"}");
    CHECK(status.state == state);
    CHECK(status.status == name);
  }
}

TEST_CASE("exec output: message is the reason of a failed or cancelled job only", "[providers]") {
  CHECK(read(R"({"state": "failed", "message": "image not found"})").reason == "image not found");
  CHECK(read(R"({"state": "cancelled", "message": "stopped by alice"})").reason == "stopped by alice");
  CHECK(read(R"({"state": "running", "message": "halfway"})").reason.empty());
}

TEST_CASE("exec output: stalled, and members jobwait does not know are ignored", "[providers]") {
  const auto status = read(R"({"state": "pending", "stalled": true, "eta": "soon", "x": [1, {}]})");
  CHECK(status.stalled);
  CHECK(status.state == State::pending);
}

TEST_CASE("exec output: an error the command reports ends the wait by its kind", "[providers]") {
  CHECK(refused(R"({"error": {"kind": "not_found", "message": "no such job"}})").kind == ErrorKind::not_found);
  CHECK(refused(R"({"error": {"kind": "auth", "message": "token expired"}})").kind == ErrorKind::auth);
  CHECK(refused(R"({"error": {"kind": "api", "message": "HTTP 400"}})").kind == ErrorKind::api);
  const auto transient = refused(R"({"error": {"kind": "transient", "message": "HTTP 503"}})");
  CHECK(transient.kind == ErrorKind::transient);
  CHECK(transient.message == "HTTP 503");
  // Found by fuzzing: an empty message still says something.
  const auto silent = refused(R"({"error": {"kind": "api", "message": ""}})");
  CHECK(silent.kind == ErrorKind::api);
  CHECK(silent.message == "the command reported an error (kind api) without a message");
}

TEST_CASE("exec output: anything but one JSON object is a transient error", "[providers]") {
  CHECK(refused("").kind == ErrorKind::transient);
  CHECK(refused("Job is RUNNING").kind == ErrorKind::transient);
  CHECK(refused(R"({"state": "running"} {"state": "failed"})").kind == ErrorKind::transient);
  CHECK(refused(R"(["running"])").kind == ErrorKind::transient);
  CHECK(refused(R"({"state": "runn)").kind == ErrorKind::transient);
}

TEST_CASE("exec output: an object that breaks the protocol is a transient error", "[providers]") {
  const char* broken[] = {
      R"({})",
      R"({"state": "done"})",
      R"({"state": 1})",
      R"({"state": "running", "progress": 101})",
      R"({"state": "running", "progress": "50"})",
      R"({"state": "running", "status": 7})",
      R"({"state": "running", "stalled": "yes"})",
      R"({"state": "running", "tasks": {}})",
      R"({"state": "running", "tasks": [{"state": "running"}]})",
      R"({"state": "running", "tasks": [{"name": "t", "state": "later"}]})",
      R"({"state": "running", "error": {"kind": "api", "message": "x"}})",
      R"({"error": {"kind": "fatal", "message": "x"}})",
      R"({"error": "x"})",
  };
  for (const char* text : broken) {
    INFO(text);
    const auto error = refused(text);
    CHECK(error.kind == ErrorKind::transient);
    CHECK(error.message.find("protocol") != std::string::npos);
  }
}
