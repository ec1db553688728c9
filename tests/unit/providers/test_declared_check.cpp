// runner/providers/declared_check.cpp: what a [job.http] declaration needs beyond its keys' types.
#include <catch2/catch.hpp>

#include "providers/declared.hpp"

using jobwait::config::JobConfig;
using jobwait::providers::check_declaration;

namespace {

JobConfig good() {
  JobConfig job;
  job.provider = "http";
  job.project_id = "p";
  job.id = "j";
  job.endpoint = "https://jobs.example.com";
  job.http.path = "/v1/{project_id}/jobs/{job_id}";
  job.http.status = "/status";
  job.http.success = {"SUCCESS"};
  job.http.failure = {"FAIL"};
  return job;
}

// The key the declaration is refused for, or "" when it passes.
std::string refused_key(const JobConfig& job) {
  const auto problem = check_declaration(job);
  INFO((problem ? problem->message : std::string("accepted")));
  return problem ? problem->key : "";
}

}  // namespace

TEST_CASE("declared check: a plain declaration passes", "[providers]") {
  CHECK(refused_key(good()).empty());
}

TEST_CASE("declared check: the path starts with / and names only {project_id} and {job_id}", "[providers]") {
  JobConfig job = good();
  job.http.path = "v1/{project_id}/jobs/{job_id}";
  CHECK(refused_key(job) == "job.http.path");
  job.http.path = "/v1/{project}/jobs/{job_id}";
  CHECK(refused_key(job) == "job.http.path");
  job.http.path = "/v1/{project_id/jobs";
  CHECK(refused_key(job) == "job.http.path");
  job.http.path = "/jobs/{job_id}?detail=true";
  CHECK(refused_key(job).empty());
}

TEST_CASE("declared check: GET, POST or PUT, and a body only with POST or PUT", "[providers]") {
  JobConfig job = good();
  job.http.method = "DELETE";
  CHECK(refused_key(job) == "job.http.method");
  job.http.method = "get";
  CHECK(refused_key(job) == "job.http.method");
  job.http.method = "GET";
  job.http.body = "{}";
  CHECK(refused_key(job) == "job.http.body");
  job.http.method = "POST";
  CHECK(refused_key(job).empty());
}

TEST_CASE("declared check: header names are tokens, and not ones jobwait sets itself", "[providers]") {
  JobConfig job = good();
  job.http.headers = {{"X Tenant", "a"}};
  CHECK(refused_key(job) == "job.http.headers");
  job.http.headers = {{"x-auth-token", "a"}};  // the token comes from [auth], never from here
  CHECK(refused_key(job) == "job.http.headers");
  job.http.headers = {{"Host", "evil.example.com"}};
  CHECK(refused_key(job) == "job.http.headers");
  job.http.headers = {{"X-Tenant", "a"}, {"Authorization", "Bearer x"}};
  CHECK(refused_key(job).empty());
}

TEST_CASE("declared check: task fields need tasks, and tasks need their status", "[providers]") {
  JobConfig job = good();
  job.http.task_name = "/name";
  CHECK(refused_key(job) == "job.http.task_name");
  job.http.tasks = "/sub_jobs";
  CHECK(refused_key(job) == "job.http.task_status");
  job.http.task_status = "/status";
  CHECK(refused_key(job).empty());
}

TEST_CASE("declared check: each value means one thing", "[providers]") {
  JobConfig job = good();
  job.http.running = {"SUCCESS"};
  CHECK(refused_key(job) == "job.http.running");
  job.http.running = {"RUNNING", "RUNNING"};
  CHECK(refused_key(job) == "job.http.running");
  job.http.running = {"RUNNING"};
  job.http.stalled = {"FAIL"};  // terminal and stalled at once
  CHECK(refused_key(job) == "job.http.stalled");
  job.http.stalled = {"RUNNING"};  // stalled running: allowed
  CHECK(refused_key(job).empty());
}

TEST_CASE("declared check: the host needs job.service unless job.endpoint is set", "[providers]") {
  JobConfig job = good();
  job.endpoint.clear();
  job.region = "ap-southeast-1";
  CHECK(refused_key(job) == "job.service");
  job.service = "ECS";
  CHECK(refused_key(job) == "job.service");
  job.service = "ecs";
  CHECK(refused_key(job).empty());
}
