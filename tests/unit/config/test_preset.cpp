// config/preset.cpp: presets load by the step file's rules and sit beneath its own [job.http].
#include <catch2/catch.hpp>

#include "config/preset.hpp"
#include "config/step_file.hpp"
#include "step_text.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;
using namespace jobwait::config::test;

namespace {

const std::string k_v1_jobs = R"([job]
provider = "v1-jobs"
service = "ecs"
id = "job-1"
project_id = "project-1"
region = "ap-southeast-1"

[auth]
token = "token-1"
)";

}  // namespace

TEST_CASE("step file: v1-jobs loads its preset into job.http", "[config]") {
  const StepConfig config = loaded(k_v1_jobs);
  const HttpSpec& http = config.job.http;
  CHECK(http.path == "/v1/{project_id}/jobs/{job_id}");
  CHECK(http.status == "/status");
  CHECK(http.tasks == "/entities/sub_jobs");
  CHECK(http.success == std::vector<std::string>{"SUCCESS"});
  CHECK(http.failure == std::vector<std::string>{"FAIL"});
  CHECK(http.pending == std::vector<std::string>{"INIT", "PENDING_PAYMENT"});
  CHECK(http.stalled == std::vector<std::string>{"PENDING_PAYMENT"});
}

TEST_CASE("step file: the step file's [job.http] keys beat the preset's", "[config]") {
  // Failing fast on an unpaid order: PENDING_PAYMENT leaves pending and stalled.
  const StepConfig config = loaded(k_v1_jobs + "[job.http]\nfailure = [\"FAIL\", \"PENDING_PAYMENT\"]\nmessage = \"/error_code\"\n");
  const HttpSpec& http = config.job.http;
  CHECK(http.failure == std::vector<std::string>{"FAIL", "PENDING_PAYMENT"});
  CHECK(http.pending == std::vector<std::string>{"INIT"});
  CHECK(http.stalled.empty());
  CHECK(http.message == "/error_code");
  CHECK(http.status == "/status");  // not given: the preset's
}

TEST_CASE("step file: v1-jobs needs job.service for its host unless an endpoint is given", "[config]") {
  std::string text = k_v1_jobs;
  text.erase(text.find("service = \"ecs\"\n"), std::string("service = \"ecs\"\n").size());
  const ConfigError error = rejected(text);
  CHECK(error.key == "job.service");
  CHECK_THAT(error.message, Catch::Contains("ecs, evs, ims or vpc"));
  CHECK(loaded(text, with_sets({{"job.endpoint", "https://ecs.example.com"}})).job.service.empty());
}

// --- load_preset alone ----------------------------------------------------------------------

TEST_CASE("preset: a declaration loads into an HttpSpec", "[config]") {
  const auto http = load_preset("mine", "[job.http]\npath = \"/v1/{job_id}\"\nstatus = \"/s\"\nsuccess = [\"OK\"]\n");
  REQUIRE(http);
  CHECK(http->path == "/v1/{job_id}");
  CHECK(http->status == "/s");
  CHECK(http->success == std::vector<std::string>{"OK"});
}

TEST_CASE("preset: anything but [job.http] keys, or a broken one, is an error naming the preset", "[config]") {
  const auto other = load_preset("mine", "[job.http]\npath = \"/x\"\n[wait]\ntimeout = \"5m\"\n");
  REQUIRE_FALSE(other);
  CHECK(other.error().format() == "preset mine:4:11: wait.timeout: a preset declares [job.http] keys only");
  const auto broken = load_preset("mine", "[job.http]\nstatus = \"no-slash\"\n");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().file == "preset mine");
  CHECK(broken.error().key == "job.http.status");
  CHECK(load_preset("gone", "").error().message == "preset not in this build");
}
