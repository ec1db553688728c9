// jobwait-sim, black-box: the built simulator on 127.0.0.1, driven over real HTTP/1.1.
#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "sim_process.hpp"

namespace {

using jobwait::e2e::HttpConnection;
using jobwait::e2e::HttpHeaders;
using jobwait::e2e::HttpResult;
using jobwait::e2e::SimProcess;
using jobwait::e2e::http_get;
namespace json = boost::json;

const std::string k_token = "sim-test-token";

// A scenario accepting k_token, followed by the given [[job]] tables.
std::string scenario(const std::string& jobs) { return "token = \"" + k_token + "\"\n" + jobs; }

HttpHeaders auth(HttpHeaders more = {}) {
  more.emplace_back("X-Auth-Token", k_token);
  return more;
}

std::string text(const json::value& value) { return std::string(value.as_string()); }

const std::string k_cce_job = R"(
[[job]]
provider = "cce"
id = "job-cce-1"
project_id = "proj-1"
statuses = ["Initializing", "Running", "Success"]
)";
const std::string k_cce_path = "/api/v3/projects/proj-1/jobs/job-cce-1";

std::string cce_phase(SimProcess& sim) {
  const HttpResult reply = http_get(sim.port(), k_cce_path, auth());
  REQUIRE(reply.status == 200);
  return text(reply.json().at("status").at("phase"));
}

}  // namespace

TEST_CASE("sim: prints its port alone on the first line and serves 127.0.0.1", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  CHECK(sim.port() > 0);
  CHECK(sim.base_url() == "http://127.0.0.1:" + std::to_string(sim.port()));
  CHECK(http_get(sim.port(), "/__sim/stats").status == 200);
}

TEST_CASE("sim: statuses advance one per poll and the last one repeats", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  CHECK(cce_phase(sim) == "Initializing");
  CHECK(cce_phase(sim) == "Running");
  CHECK(cce_phase(sim) == "Success");
  CHECK(cce_phase(sim) == "Success");
  CHECK(sim.stats().at("jobs").at("job-cce-1").at("polls").to_number<int>() == 4);
}

TEST_CASE("sim: with every, statuses advance by time since the first poll", "[sim]") {
  SimProcess sim(scenario(k_cce_job + "every = \"500ms\"\n"));
  CHECK(cce_phase(sim) == "Initializing");
  CHECK(cce_phase(sim) == "Initializing");  // polling faster does not advance it
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(cce_phase(sim) == "Success");
}

TEST_CASE("sim: a time-driven job ends its duration after its first poll, and stats say when it was seen", "[sim]") {
  SimProcess sim(scenario(k_cce_job + "duration = \"600ms\"\n"));
  CHECK(cce_phase(sim) == "Initializing");  // the statuses but the last spread over the duration
  const json::value before = sim.stats().at("jobs").at("job-cce-1");
  CHECK(before.at("seen_ended_after_seconds").is_null());
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  CHECK(cce_phase(sim) == "Running");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(cce_phase(sim) == "Success");
  const json::value job = sim.stats().at("jobs").at("job-cce-1");
  CHECK(job.at("ended_after_seconds").to_number<double>() == Approx(0.6));
  const double seen = job.at("seen_ended_after_seconds").to_number<double>();
  CHECK(seen >= 0.6);
  CHECK(seen < 2.0);
}

TEST_CASE("sim: a time-driven CAE job follows its progress curve, and sub-jobs run one after another", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "cae"
id = "job-cae-1"
project_id = "proj-1"
environment_id = "env-1"
statuses = ["running", "success"]
duration = "2s"
progress = [0, 50, 100]

[[job]]
provider = "cce"
id = "job-cce-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
tasks = [ { name = "a", statuses = ["Running", "Success"], duration = "300ms" },
          { name = "b", statuses = ["Running", "Success"], duration = "300ms" } ]
)"));
  const HttpHeaders cae = auth({{"X-Environment-ID", "env-1"}});
  const std::string cae_path = "/v1/proj-1/cae/jobs/job-cae-1";
  CHECK(http_get(sim.port(), cae_path, cae).json().at("spec").at("progress").to_number<double>() == 0);
  const json::value first = http_get(sim.port(), k_cce_path, auth()).json();
  CHECK(text(first.at("spec").at("subJobs").at(0).at("status").at("phase")) == "Running");
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  const json::value middle = http_get(sim.port(), k_cce_path, auth()).json();
  CHECK(text(middle.at("status").at("phase")) == "Running");
  CHECK(text(middle.at("spec").at("subJobs").at(0).at("status").at("phase")) == "Success");
  CHECK(text(middle.at("spec").at("subJobs").at(1).at("status").at("phase")) == "Running");
  const double progress = http_get(sim.port(), cae_path, cae).json().at("spec").at("progress").to_number<double>();
  CHECK(progress > 10);  // about 22.5% at 0.45 s of 2 s, on the first half's line
  CHECK(progress < 40);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(text(http_get(sim.port(), k_cce_path, auth()).json().at("status").at("phase")) == "Success");
  CHECK(sim.stats().at("jobs").at("job-cce-1").at("ended_after_seconds").to_number<double>() == Approx(0.6));
}

TEST_CASE("sim: tasks advance in lockstep and failure text appears on the last status", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "cce"
id = "job-cce-1"
project_id = "proj-1"
statuses = ["Running", "Failed"]
reason = "quota exceeded"
tasks = [ { name = "InstallMaster", statuses = ["Running", "Failed"], reason = "master down" },
          { name = "CreatePSMCert", statuses = ["Success"] } ]
)"));
  const json::value first = http_get(sim.port(), k_cce_path, auth()).json();
  CHECK(text(first.at("status").at("reason")).empty());
  CHECK(text(first.at("spec").at("subJobs").at(0).at("status").at("phase")) == "Running");
  const json::value second = http_get(sim.port(), k_cce_path, auth()).json();
  CHECK(text(second.at("status").at("phase")) == "Failed");
  CHECK(text(second.at("status").at("reason")) == "quota exceeded");
  const json::value& sub_jobs = second.at("spec").at("subJobs");
  CHECK(text(sub_jobs.at(0).at("spec").at("type")) == "InstallMaster");
  CHECK(text(sub_jobs.at(0).at("status").at("reason")) == "master down");
  CHECK(text(sub_jobs.at(1).at("status").at("phase")) == "Success");
}

TEST_CASE("sim: a missing or wrong token gets 401 APIGW.0301", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  HttpResult reply;
  SECTION("missing") { reply = http_get(sim.port(), k_cce_path); }
  SECTION("wrong") { reply = http_get(sim.port(), k_cce_path, {{"X-Auth-Token", "nope"}}); }
  CHECK(reply.status == 401);
  const json::value body = reply.json();
  CHECK(text(body.at("error_code")) == "APIGW.0301");
  CHECK(text(body.at("error_msg")).starts_with("Incorrect IAM authentication information: "));
  CHECK(text(body.at("request_id")) == reply.header("X-Request-Id"));
  CHECK(sim.stats().at("jobs").at("job-cce-1").at("polls").to_number<int>() == 0);
}

TEST_CASE("sim: an unknown job gets 404 in the service's own error shape", "[sim]") {
  SimProcess sim(scenario(k_cce_job + R"(
[[job]]
provider = "cfw"
id = "job-cfw-1"
project_id = "proj-1"
statuses = ["Success"]
)"));
  SECTION("CCE: errorCode/errorMessage") {
    const HttpResult reply = http_get(sim.port(), "/api/v3/projects/proj-1/jobs/nope", auth());
    CHECK(reply.status == 404);
    CHECK(text(reply.json().at("errorCode")) == "CCE.01404001");
    CHECK(reply.json().as_object().contains("errorMessage"));
  }
  SECTION("CCE: a known job under another project") {
    const HttpResult reply = http_get(sim.port(), "/api/v3/projects/other/jobs/job-cce-1", auth());
    CHECK(reply.status == 404);
    CHECK(text(reply.json().at("errorCode")) == "CCE.01404001");
  }
  SECTION("CFW: error_code/error_msg/request_id; a CCE job is unknown on CFW's route") {
    const HttpResult reply = http_get(sim.port(), "/v3/proj-1/jobs/job-cce-1", auth());
    CHECK(reply.status == 404);
    const json::value body = reply.json();
    CHECK(text(body.at("error_code")).starts_with("CFW."));
    CHECK(body.as_object().contains("error_msg"));
    CHECK(text(body.at("request_id")) == reply.header("X-Request-Id"));
  }
}

TEST_CASE("sim: an unknown path or method gets 404 APIGW.0101", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  HttpResult reply;
  SECTION("path") { reply = http_get(sim.port(), "/api/v3/projects/proj-1/job/job-cce-1", auth()); }
  SECTION("trailing slash") { reply = http_get(sim.port(), k_cce_path + "/", auth()); }
  SECTION("method") {
    HttpConnection connection(sim.port());
    reply = connection.get(k_cce_path, auth(), "DELETE");
  }
  CHECK(reply.status == 404);
  CHECK(text(reply.json().at("error_code")) == "APIGW.0101");
  CHECK(text(reply.json().at("error_msg")) ==
        "The API does not exist or has not been published in the environment");
}

TEST_CASE("sim: CAE needs the job's X-Environment-ID", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "cae"
id = "job-cae-1"
project_id = "proj-1"
environment_id = "env-1"
statuses = ["running", "failed"]
progress = [40, 100]
tasks = [ { name = "upgrade", statuses = ["running", "failed"], reason = "image pull failed" } ]
)"));
  const std::string path = "/v1/proj-1/cae/jobs/job-cae-1";
  SECTION("missing: 400") {
    const HttpResult reply = http_get(sim.port(), path, auth());
    CHECK(reply.status == 400);
    CHECK(text(reply.json().at("error_code")) == "CAE.01500208");
  }
  SECTION("another environment: 400") {
    CHECK(http_get(sim.port(), path, auth({{"X-Environment-ID", "env-2"}})).status == 400);
  }
  SECTION("the right one: the job, failure text in the failed task's detail") {
    const HttpHeaders headers = auth({{"X-Environment-ID", "env-1"}});
    const json::value first = http_get(sim.port(), path, headers).json();
    CHECK(text(first.at("api_version")) == "v1");
    CHECK(text(first.at("kind")) == "Job");
    CHECK(first.at("spec").at("progress").to_number<int>() == 40);
    const json::value second = http_get(sim.port(), path, headers).json();
    CHECK(text(second.at("spec").at("status")) == "failed");
    const json::value& task = second.at("spec").at("tasks").at(0);
    CHECK(task.at("index").to_number<int>() == 1);
    CHECK(text(task.at("detail")) == "image pull failed");
  }
  CHECK(sim.stats().at("jobs").at("job-cae-1").at("polls").to_number<int>() <= 2);
}

TEST_CASE("sim: ServiceStage pages tasks with limit, offset and desc", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "servicestage"
id = "JOB-ss-1"
project_id = "proj-1"
statuses = ["FAILED"]
tasks = [ { name = "t1", statuses = ["SUCCEEDED"] }, { name = "t2", statuses = ["SUCCEEDED"] },
          { name = "t3", statuses = ["FAILED"], reason = "health check failed" },
          { name = "t4", statuses = ["SKIPPED"] }, { name = "t5", statuses = ["SKIPPED"] } ]
)"));
  const auto indices = [&](const std::string& query) {
    const HttpResult reply = http_get(sim.port(), "/v3/proj-1/cas/jobs/JOB-ss-1" + query, auth());
    REQUIRE(reply.status == 200);
    const json::value body = reply.json();
    CHECK(body.at("task_count").to_number<int>() == 5);  // the total, whatever the page
    std::vector<int> result;
    for (const json::value& task : body.at("tasks").as_array()) {
      result.push_back(task.at("task_index").to_number<int>());
    }
    return result;
  };
  CHECK(indices("") == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(indices("?limit=2") == std::vector<int>{1, 2});
  CHECK(indices("?offset=3") == std::vector<int>{4, 5});
  CHECK(indices("?offset=1&limit=2") == std::vector<int>{2, 3});
  CHECK(indices("?desc=true&limit=2") == std::vector<int>{5, 4});
  CHECK(indices("?desc=true&offset=1&limit=2") == std::vector<int>{4, 3});
  CHECK(indices("?desc=false&offset=9") == std::vector<int>{});
  CHECK(http_get(sim.port(), "/v3/proj-1/cas/jobs/JOB-ss-1?limit=two", auth()).status == 400);

  const json::value body = http_get(sim.port(), "/v3/proj-1/cas/jobs/JOB-ss-1", auth()).json();
  CHECK(text(body.at("job").at("execution_status")) == "FAILED");
  const json::value& failed = body.at("tasks").at(2);
  // messages is a string holding JSON, with the failure text inside
  CHECK(text(json::parse(text(failed.at("messages"))).at("reason")) == "health check failed");
  CHECK(text(body.at("tasks").at(0).at("messages")) == "{}");
}

TEST_CASE("sim: IEF fills the counters swapped, as page 003's example does", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "ief"
id = "job-ief-1"
project_id = "proj-1"
statuses = ["Partially_successful"]
tasks = [ { name = "edge-1", statuses = ["Successful"] }, { name = "edge-2", statuses = ["Successful"] },
          { name = "edge-3", statuses = ["Failed"], reason = "node offline" } ]
)"));
  const json::value body = http_get(sim.port(), "/v2/proj-1/productmgr/jobs/job-ief-1", auth()).json();
  CHECK(text(body.at("status")) == "Partially_successful");
  CHECK(body.at("task_total_count").to_number<int>() == 3);
  CHECK(body.at("task_failed_count").to_number<int>() == 2);   // the successful ones
  CHECK(body.at("task_success_count").to_number<int>() == 1);  // the failed one
  CHECK(text(body.at("tasks").at(2).at("reason")) == "node offline");
  CHECK(body.at("targets").as_array().size() == 3);
  CHECK(body.at("created_at").is_int64());
}

TEST_CASE("sim: CFW reports epoch milliseconds, end_time once over, and errors inside a 200", "[sim]") {
  SimProcess sim(scenario(R"(
[[job]]
provider = "cfw"
id = "job-cfw-1"
project_id = "proj-1"
statuses = ["Running", "Success"]

[[job]]
provider = "cfw"
id = "job-cfw-2"
project_id = "proj-1"
error_code = "CFW.00200005"
error_msg = "Operation failed"
)"));
  const json::value running = http_get(sim.port(), "/v3/proj-1/jobs/job-cfw-1", auth()).json();
  CHECK(text(running.at("data").at("status")) == "Running");
  CHECK(running.at("data").at("begin_time").to_number<std::int64_t>() > 1'600'000'000'000);
  CHECK_FALSE(running.at("data").as_object().contains("end_time"));
  const json::value done = http_get(sim.port(), "/v3/proj-1/jobs/job-cfw-1", auth()).json();
  CHECK(done.at("data").at("end_time").to_number<std::int64_t>() >=
        done.at("data").at("begin_time").to_number<std::int64_t>());

  const HttpResult trap = http_get(sim.port(), "/v3/proj-1/jobs/job-cfw-2", auth());
  CHECK(trap.status == 200);
  CHECK(text(trap.json().at("error_code")) == "CFW.00200005");
  CHECK(text(trap.json().at("error_msg")) == "Operation failed");
  CHECK_FALSE(trap.json().as_object().contains("data"));
}

TEST_CASE("sim: timestamps are spelled the way each service spells them", "[sim]") {
  SimProcess sim(scenario(k_cce_job + R"(
tasks = [ { name = "InstallMaster", statuses = ["Running"] } ]

[[job]]
provider = "servicestage"
id = "JOB-ss-1"
project_id = "proj-1"
statuses = ["RUNNING"]
tasks = [ { name = "t1", statuses = ["RUNNING"] } ]

[[job]]
provider = "cae"
id = "job-cae-1"
project_id = "proj-1"
environment_id = "env-1"
statuses = ["running"]
tasks = [ { name = "upgrade", statuses = ["running"] } ]
)"));
  const json::value cce = http_get(sim.port(), k_cce_path, auth()).json();
  CHECK(std::regex_match(text(cce.at("metadata").at("creationTimestamp")),
                         std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})? \+0000 UTC)")));
  const json::value ss = http_get(sim.port(), "/v3/proj-1/cas/jobs/JOB-ss-1", auth()).json();
  CHECK(std::regex_match(text(ss.at("tasks").at(0).at("created_at")),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,2}[1-9])?Z)")));
  const json::value cae =
      http_get(sim.port(), "/v1/proj-1/cae/jobs/job-cae-1", auth({{"X-Environment-ID", "env-1"}}))
          .json();
  CHECK(std::regex_match(text(cae.at("spec").at("tasks").at(0).at("created_at")),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
}

TEST_CASE("sim: every reply has X-Request-Id and the JSON content type", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  const std::regex request_id("[0-9a-f]{32}");
  for (const HttpResult& reply : {http_get(sim.port(), k_cce_path, auth()),
                                  http_get(sim.port(), k_cce_path),
                                  http_get(sim.port(), "/nowhere", auth())}) {
    CHECK(std::regex_match(reply.header("X-Request-Id"), request_id));
    CHECK(reply.header("Content-Type") == "application/json;charset=utf8");
  }
  CHECK(http_get(sim.port(), k_cce_path, auth()).header("X-Request-Id") !=
        http_get(sim.port(), k_cce_path, auth()).header("X-Request-Id"));
}

TEST_CASE("sim: keep-alive serves a whole wait on one connection", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  HttpConnection connection(sim.port());
  CHECK(connection.get(k_cce_path, auth()).status == 200);
  CHECK(connection.get(k_cce_path, auth()).status == 200);
  CHECK(connection.get(k_cce_path, {{"X-Auth-Token", "wrong"}}).status == 401);  // still open
  const json::value last = connection.get(k_cce_path, auth()).json();
  CHECK(text(last.at("status").at("phase")) == "Success");
  const json::value stats = connection.get("/__sim/stats").json();
  CHECK(stats.at("connections").to_number<int>() == 1);
  CHECK(stats.at("requests").to_number<int>() == 4);
  CHECK(stats.at("jobs").at("job-cce-1").at("polls").to_number<int>() == 3);
}

TEST_CASE("sim: reading the stats does not count as traffic", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  CHECK(sim.stats().at("requests").to_number<int>() == 0);
  CHECK(sim.stats().at("connections").to_number<int>() == 0);
  CHECK(http_get(sim.port(), "/nowhere").status == 404);  // API traffic, even when refused
  const json::value stats = sim.stats();
  CHECK(stats.at("requests").to_number<int>() == 1);
  CHECK(stats.at("connections").to_number<int>() == 1);
  CHECK(stats.at("jobs").at("job-cce-1").at("polls").to_number<int>() == 0);
}

TEST_CASE("sim: SIGTERM stops it promptly with exit 0", "[sim]") {
  SimProcess sim(scenario(k_cce_job));
  HttpConnection idle(sim.port());  // an open keep-alive connection must not hold it up
  CHECK(idle.get(k_cce_path, auth()).status == 200);
  const auto start = std::chrono::steady_clock::now();
  CHECK(sim.stop() == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("sim: a bad scenario exits 2 naming the file, line and key", "[sim]") {
  std::string toml;
  std::string expected;
  SECTION("unknown key") {
    toml = scenario(k_cce_job + "colour = \"blue\"\n");
    expected = ":8:1: job[0].colour: unknown key";
  }
  SECTION("wrong type") {
    toml = scenario(k_cce_job + "every = 5\n");
    expected = ":8:9: job[0].every: expected a string";
  }
  SECTION("unknown provider, with a suggestion") {
    toml = scenario("[[job]]\nprovider = \"ccee\"\nid = \"a\"\nproject_id = \"p\"\nstatuses = [\"Running\"]\n");
    expected = ":3:12: job[0].provider: unknown provider \"ccee\" (did you mean \"cce\"?)";
  }
  SECTION("a key the provider has no place for") {
    toml = scenario(k_cce_job + "environment_id = \"env-1\"\n");
    expected = ":8:1: job[0].environment_id: not a cce key";
  }
  SECTION("bad duration") {
    toml = scenario(k_cce_job + "every = \"soon\"\n");
    expected = ":8:9: job[0].every: bad duration";
  }
  SECTION("missing token") {
    toml = k_cce_job;
    expected = ":1:1: token: missing";
  }
  SECTION("TOML syntax") {
    toml = scenario("[[job]\n");
    expected = ":2:";
  }
  const jobwait::e2e::SimExit result = jobwait::e2e::run_sim_to_exit(toml);
  CHECK(result.exit_code == 2);
  INFO(result.stderr_text);
  CHECK(result.stderr_text.find(result.scenario_path + expected) != std::string::npos);
}

TEST_CASE("sim: SimProcess reports a scenario the sim rejects, with its message", "[sim]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(SimProcess(scenario(k_cce_job + "colour = \"blue\"\n")),
                    Catch::Contains("exit 2") && Catch::Contains("job[0].colour: unknown key"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}
