// runner/jobs/exec_job.cpp: the exec provider running tests/helpers/exec-status.sh, a stand-in
// for a user's command that behaves well and badly.
#include <catch2/catch.hpp>

#include "jobs/exec_job.hpp"

using jobwait::ErrorKind;
using jobwait::State;
using jobwait::config::StepConfig;

namespace {

const std::string k_helper = JOBWAIT_SOURCE_DIR "/tests/helpers/exec-status.sh";

StepConfig step(const std::string& mode) {
  StepConfig config;
  config.job.provider = "exec";
  config.job.id = "job-42";
  config.job.project_id = "proj-7";
  config.job.command = {k_helper, mode};
  return config;
}

constexpr std::chrono::milliseconds k_timeout{5000};

}  // namespace

TEST_CASE("exec: a well-behaved command is polled to success, one run per poll", "[exec]") {
  const auto job = jobwait::make_exec_job(step("succeed"));
  CHECK(job->url() == "exec:" + k_helper + " succeed");
  CHECK(job->request() == nullptr);  // no HTTP request to show
  auto first = job->poll(k_timeout);
  REQUIRE(first);
  CHECK(first->state == State::pending);
  CHECK(first->status == "QUEUED");
  auto second = job->poll(k_timeout);
  REQUIRE(second);
  CHECK(second->state == State::running);
  CHECK(second->progress == 50);
  REQUIRE(second->tasks.size() == 2);
  CHECK(second->tasks[0].id == "t1");
  auto third = job->poll(k_timeout);
  REQUIRE(third);
  CHECK(third->state == State::succeeded);
  CHECK(job->stats().requests == 3);
  CHECK(job->stats().transport_errors == 0);
}

TEST_CASE("exec: the command gets the job id and settings in its environment", "[exec]") {
  StepConfig config = step("env");
  config.auth.token = "secret-token";
  const auto job = jobwait::make_exec_job(config);
  auto status = job->poll(std::chrono::milliseconds(4321));
  REQUIRE(status);
  CHECK(status->status == "DONE-job-42");
  REQUIRE(status->tasks.size() == 4);
  CHECK(status->tasks[0].message == "proj-7");
  CHECK(status->tasks[1].message == "1");     // JOBWAIT_PROTOCOL
  CHECK(status->tasks[2].message == "4321");  // JOBWAIT_TIMEOUT_MS: this run's limit
  CHECK(status->tasks[3].message == "yes");   // JOBWAIT_AUTH_TOKEN is set
}

TEST_CASE("exec: a failed job carries the command's message", "[exec]") {
  const auto job = jobwait::make_exec_job(step("fail"));
  REQUIRE(job->poll(k_timeout));
  auto status = job->poll(k_timeout);
  REQUIRE(status);
  CHECK(status->state == State::failed);
  CHECK(status->reason == "image not found");
}

TEST_CASE("exec: a crash is transient and names stderr's last line", "[exec]") {
  const auto job = jobwait::make_exec_job(step("crash"));
  auto status = job->poll(k_timeout);
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == ErrorKind::transient);
  CHECK(status.error().message.find("status 3") != std::string::npos);
  CHECK(status.error().message.find("fatal: database unreachable") != std::string::npos);
  CHECK(job->stats().transport_errors == 1);
}

TEST_CASE("exec: a command past its time limit is killed and the failure is transient", "[exec]") {
  const auto job = jobwait::make_exec_job(step("slow"));
  const auto started = std::chrono::steady_clock::now();
  auto status = job->poll(std::chrono::milliseconds(200));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == ErrorKind::transient);
  CHECK(status.error().message.find("time limit") != std::string::npos);
}

TEST_CASE("exec: garbage, a broken object and huge output are transient errors", "[exec]") {
  for (const char* mode : {"garbage", "broken", "huge"}) {
    INFO(mode);
    const auto job = jobwait::make_exec_job(step(mode));
    auto status = job->poll(k_timeout);
    REQUIRE_FALSE(status);
    CHECK(status.error().kind == ErrorKind::transient);
    CHECK(job->stats().transport_errors == 1);
  }
}

TEST_CASE("exec: a not_found the command reports is not retried as transient", "[exec]") {
  const auto job = jobwait::make_exec_job(step("not-found"));
  auto status = job->poll(k_timeout);
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == ErrorKind::not_found);
  CHECK(status.error().message == "no job with that id");
  CHECK(job->stats().transport_errors == 0);
}

TEST_CASE("exec: the command must be an executable, as a path or in PATH", "[exec]") {
  jobwait::config::JobConfig job;
  job.command = {k_helper};
  CHECK_FALSE(jobwait::check_command(job));
  job.command = {"sh", "-c", "true"};
  CHECK_FALSE(jobwait::check_command(job));
  job.command = {JOBWAIT_SOURCE_DIR "/README.md"};
  REQUIRE(jobwait::check_command(job));
  CHECK(jobwait::check_command(job)->key == "job.command");
  job.command = {"no-such-status-command"};
  REQUIRE(jobwait::check_command(job));
  CHECK(jobwait::check_command(job)->message.find("PATH") != std::string::npos);
}
