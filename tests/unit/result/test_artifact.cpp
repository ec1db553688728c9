#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <sys/stat.h>

#include "result/artifact.hpp"
#include "result/json_text.hpp"

using namespace jobwait;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / ("jobwait-artifact-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

RunRecord finished_run() {
  RunRecord run;
  run.outcome = Outcome::failed;
  run.exit_code = ExitCode::failed;
  run.message = "job failed (status Failed): disk full";
  run.step_file = "deploy.toml";
  run.step_name = "deploy web";
  run.started_at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  run.finished_at = run.started_at + std::chrono::milliseconds(12345);
  run.elapsed_seconds = 12.345;
  run.wait = config::WaitConfig{};

  JobStatus status;
  status.status = "Failed";
  status.state = State::failed;
  status.reason = "disk full";
  status.progress = 40;
  status.times.push_back({"created", Timestamp{"1667218308", "2022-10-31T12:11:48.000Z"}});
  status.tasks.push_back(Task{"t-1", "install", "Failed", State::failed, "disk full",
                              {{"created", Timestamp{"garbage", std::nullopt}}}});
  JobRecord job;
  job.provider = "ief";
  job.id = "job-1";
  job.url = "https://ief.ap-southeast-1.myhuaweicloud.com/v2/p/productmgr/jobs/job-1";
  job.wait.outcome = Outcome::failed;
  job.wait.polls = 3;
  job.wait.last_status = status;
  job.wait.timeline.push_back({run.started_at, 0.0, "Running", State::running});
  job.wait.timeline.push_back({run.finished_at, 12.3, "Failed", State::failed});
  job.http.requests = 3;
  job.http.by_status = {{200, 2}, {503, 1}};
  job.http.connections_opened = 1;
  job.http.last_request_id = "abc123";
  run.jobs.push_back(job);
  return run;
}

}  // namespace

TEST_CASE("artifact: carries outcome, exit code, step, timings and the job", "[artifact]") {
  const boost::json::object json = to_json(finished_run());
  CHECK(json.at("schema_version") == k_artifact_schema_version);
  CHECK(json.at("outcome") == "failed");
  CHECK(json.at("exit_code") == 1);
  CHECK(json.at("step").at("file") == "deploy.toml");
  CHECK(json.at("step").at("name") == "deploy web");
  CHECK(json.at("started_at") == "2023-11-14T22:13:20.000Z");
  CHECK(json.at("finished_at") == "2023-11-14T22:13:32.345Z");
  CHECK(json.at("elapsed_seconds").as_double() == Approx(12.345));
  CHECK(json.at("wait").at("timeout_seconds").as_double() == Approx(1800));
  CHECK(json.at("config_error").is_null());

  const auto& job = json.at("jobs").at(0);
  CHECK(job.at("provider") == "ief");
  CHECK(job.at("id") == "job-1");
  CHECK(job.at("state") == "failed");
  CHECK(job.at("status") == "Failed");
  CHECK(job.at("reason") == "disk full");
  CHECK(job.at("progress").as_double() == Approx(40));
  CHECK(job.at("polls") == 3);
  CHECK(job.at("times").at("created").at("utc") == "2022-10-31T12:11:48.000Z");
  CHECK(job.at("times").at("created").at("raw") == "1667218308");
  CHECK(job.at("tasks").at(0).at("name") == "install");
  CHECK(job.at("tasks").at(0).at("state") == "failed");
  CHECK(job.at("tasks").at(0).at("times").at("created").at("utc").is_null());
  CHECK(job.at("timeline").as_array().size() == 2);
  CHECK(job.at("timeline").at(1).at("status") == "Failed");
  CHECK(job.at("http").at("requests") == 3);
  CHECK(job.at("http").at("by_status").at("503") == 1);
  CHECK(job.at("http").at("connections_opened") == 1);
  CHECK(job.at("http").at("last_request_id") == "abc123");
}

TEST_CASE("artifact: a config error names file, line, column and key, with no jobs", "[artifact]") {
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.exit_code = ExitCode::config_error;
  run.config_problem = ConfigProblem{"s.toml", 7, 11, "wait.timeout", "invalid duration"};
  const boost::json::object json = to_json(run);
  CHECK(json.at("exit_code") == 2);
  CHECK(json.at("config_error").at("line") == 7);
  CHECK(json.at("config_error").at("key") == "wait.timeout");
  CHECK(json.at("jobs").as_array().empty());
  CHECK(json.at("wait").is_null());
}

TEST_CASE("artifact: written atomically, replacing an old file whole", "[artifact]") {
  const fs::path path = temp_dir() / "result.json";
  { std::ofstream(path) << "old"; }
  REQUIRE(write_atomically(path.string(), "{\"new\":true}\n"));
  CHECK(slurp(path) == "{\"new\":true}\n");
  for (const auto& entry : fs::directory_iterator(path.parent_path())) {
    CHECK(entry.path().filename().string().find(".tmp.") == std::string::npos);
  }
  fs::remove_all(path.parent_path());
}

TEST_CASE("artifact: a missing or unwritable directory is reported before any poll", "[artifact]") {
  const fs::path dir = temp_dir();
  CHECK_THAT(check_writable((dir / "nope" / "r.json").string()).error(), Catch::Contains("does not exist"));
  CHECK_THAT(check_writable(dir.string()).error(), Catch::Contains("is a directory"));
  CHECK(check_writable((dir / "r.json").string()));
  CHECK(check_writable("relative-result.json"));
  CHECK_FALSE(write_atomically((dir / "nope" / "r.json").string(), "x"));
  if (::geteuid() != 0) {  // root ignores directory permissions
    ::chmod(dir.c_str(), 0555);
    CHECK_FALSE(check_writable((dir / "r.json").string()));
    ::chmod(dir.c_str(), 0755);
  }
  fs::remove_all(dir);
}

TEST_CASE("artifact: times are RFC 3339 UTC with milliseconds", "[artifact]") {
  using namespace std::chrono;
  CHECK(format_utc(system_clock::time_point(milliseconds(0))) == "1970-01-01T00:00:00.000Z");
  CHECK(format_utc(system_clock::time_point(milliseconds(1641370501999))) == "2022-01-05T08:15:01.999Z");
}

TEST_CASE("artifact: the text written one job at a time is the whole tree's text", "[artifact]") {
  RunRecord run = finished_run();
  CHECK(artifact_text(run) == to_pretty_json(to_json(run)));
  run.mode = "all";  // several jobs: per-job outcome and abandoned, mode and limits at the top
  run.jobs.push_back(run.jobs.front());
  run.jobs.back().id = "job-2";
  run.jobs.back().abandoned = true;
  run.jobs.back().wait.worst_lateness = std::chrono::milliseconds(1500);
  CHECK(artifact_text(run) == to_pretty_json(to_json(run)));
  const boost::json::value parsed = boost::json::parse(artifact_text(run));
  CHECK(parsed.at("worst_lateness_seconds") == 1.5);
  CHECK(parsed.at("jobs").at(1).at("outcome").is_null());
  CHECK(parsed.at("jobs").at(0).at("abandoned") == false);
  run.jobs.clear();
  CHECK(artifact_text(run) == to_pretty_json(to_json(run)));
}
