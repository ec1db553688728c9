#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "result/incomplete.hpp"

using namespace jobwait;

TEST_CASE("incomplete artifact: outcome incomplete, no exit code, no end, the step and budgets", "[artifact]") {
  config::WaitConfig wait;
  const auto started = std::chrono::system_clock::time_point(std::chrono::seconds(1795500000));
  const boost::json::value artifact = boost::json::parse(incomplete_artifact_text("deploy.toml", "deploy web", started, wait));
  CHECK(artifact.at("outcome") == "incomplete");
  CHECK(artifact.at("exit_code").is_null());
  CHECK(artifact.at("standard_exit_code").is_null());
  CHECK(artifact.at("finished_at").is_null());
  CHECK(artifact.at("started_at") == "2026-11-24T06:00:00.000Z");
  CHECK(artifact.at("step").at("name") == "deploy web");
  CHECK(artifact.at("wait").is_object());
  CHECK(artifact.at("jobs").as_array().empty());
}
