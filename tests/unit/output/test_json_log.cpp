#include <catch2/catch.hpp>

#include <limits>
#include <sstream>
#include <vector>

#include <boost/json.hpp>

#include "captured_file.hpp"
#include "output/json_log.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;
using jobwait::test::CapturedFile;
namespace json = boost::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Each line must be one JSON object; returns them parsed.
std::vector<json::object> objects_of(const std::string& text) {
  std::vector<json::object> out;
  for (const std::string& line : lines_of(text)) {
    INFO(line);
    const json::value value = json::parse(line);
    REQUIRE(value.is_object());
    out.push_back(value.as_object());
  }
  return out;
}

// The text after "key": up to the next , or } (the number as printed).
std::string raw_field(const std::string& line, const std::string& key) {
  const std::string marker = "\"" + key + "\":";
  const auto at = line.find(marker);
  if (at == std::string::npos) return "<absent>";
  const auto from = at + marker.size();
  return line.substr(from, line.find_first_of(",}", from) - from);
}

RunStart a_start() {
  RunStart start;
  start.step_file = "deploy.toml";
  start.step_name = "deploy web";
  start.provider = "cce";
  start.job_id = "job-1";
  start.url = "https://cce.example/jobs/job-1";
  start.timeout = std::chrono::seconds(20);
  return start;
}

}  // namespace

TEST_CASE("json log: start has time, event and the job, in that order", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  reporter->start(a_start());
  const auto lines = lines_of(out.text());
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("{\"time\":\""));
  CHECK_THAT(lines[0], Catch::Contains("\",\"event\":\"start\",\"step_file\":\"deploy.toml\",\"step_name\":\"deploy web\","
                                       "\"provider\":\"cce\",\"job_id\":\"job-1\",\"url\":\"https://cce.example/jobs/job-1\","
                                       "\"timeout_seconds\":20}"));
  const auto objects = objects_of(out.text());
  const std::string time(objects[0].at("time").as_string());
  CHECK(time.size() == 24);
  CHECK(time.back() == 'Z');
}

TEST_CASE("json log: numbers are plain decimals to the microsecond, never exponents", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::verbose);
  PollTrace trace;
  trace.number = 1;
  trace.elapsed_seconds = 12.5;
  trace.duration_seconds = 0.000561651;
  trace.ok = true;
  trace.text = "Running (running)";
  reporter->on_poll(trace);
  trace.elapsed_seconds = 1e-9;     // rounds to zero, and never prints "-0" or "1E-9"
  trace.duration_seconds = 1234567.0;
  reporter->on_poll(trace);
  trace.elapsed_seconds = -1e-9;
  trace.duration_seconds = std::numeric_limits<double>::quiet_NaN();
  reporter->on_poll(trace);
  const auto lines = lines_of(out.text());
  REQUIRE(lines.size() == 3);
  CHECK(raw_field(lines[0], "elapsed_seconds") == "12.5");
  CHECK(raw_field(lines[0], "duration_seconds") == "0.000562");
  CHECK(raw_field(lines[1], "elapsed_seconds") == "0");
  CHECK(raw_field(lines[1], "duration_seconds") == "1234567");
  CHECK(raw_field(lines[2], "elapsed_seconds") == "0");
  // JSON has no NaN: null keeps the line parseable.
  CHECK(raw_field(lines[2], "duration_seconds") == "null");
  CHECK(raw_field(lines[0], "http_status") == "null");
  objects_of(out.text());
}

TEST_CASE("json log: poll lines only with --verbose", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  PollTrace trace;
  trace.number = 1;
  reporter->on_poll(trace);
  CHECK(out.text().empty());
}

TEST_CASE("json log: update, retry, warning and heartbeat carry their fields", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  JobStatus status;
  status.status = "Running";
  status.state = State::running;
  status.progress = 45;
  status.tasks = {{"a", "A", "Success", State::succeeded, "", {}}, {"b", "B", "Running", State::running, "", {}}};
  reporter->on_update(status, true, 3);
  Error error;
  error.message = "throttled";
  error.http_status = 429;
  error.code = "APIGW.0308";
  reporter->on_retry(error, 2, 4);
  Error reset;
  reset.kind = ErrorKind::transient;
  reset.message = "reset";
  reporter->on_retry(reset, 3, 5);
  reporter->on_warning("slow");
  reporter->on_heartbeat(&status, 30, 2);
  reporter->on_heartbeat(nullptr, 31, 1);
  const auto objects = objects_of(out.text());
  REQUIRE(objects.size() == 6);

  CHECK(objects[0].at("event") == "update");
  CHECK(objects[0].at("status") == "Running");
  CHECK(objects[0].at("state") == "running");
  CHECK(objects[0].at("progress").to_number<double>() == 45);
  CHECK(objects[0].at("tasks_done").to_number<int>() == 1);
  CHECK(objects[0].at("tasks_total").to_number<int>() == 2);
  CHECK(objects[0].at("new_status") == true);

  CHECK(objects[1].at("event") == "retry");
  CHECK(objects[1].at("http_status").to_number<int>() == 429);
  CHECK(objects[1].at("code") == "APIGW.0308");
  CHECK(objects[1].at("consecutive").to_number<int>() == 2);
  CHECK(objects[2].at("http_status").is_null());
  CHECK(objects[2].at("code").is_null());

  CHECK(objects[3].at("event") == "warning");
  CHECK(objects[3].at("message") == "slow");

  CHECK(objects[4].at("event") == "heartbeat");
  CHECK(objects[4].at("status") == "Running");
  CHECK(objects[4].at("next_poll_seconds").to_number<double>() == 2);
  CHECK(objects[5].at("status").is_null());
}

TEST_CASE("json log: a status without progress has progress null", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  JobStatus status;
  status.status = "Init";
  status.state = State::pending;
  reporter->on_update(status, false, 0);
  const auto objects = objects_of(out.text());
  REQUIRE(objects.size() == 1);
  CHECK(objects[0].at("progress").is_null());
  CHECK(objects[0].at("tasks_total").to_number<int>() == 0);
  CHECK(objects[0].at("new_status") == false);
}

TEST_CASE("json log: finish has the run outputs and the process exit code as a number", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.message = "timed out";
  run.mapped_exit_code = 0;
  reporter->finish(RunEnd{run, "r.json"});
  const auto objects = objects_of(out.text());
  REQUIRE(objects.size() == 1);
  const json::object& line = objects[0];
  CHECK(line.at("event") == "finish");
  CHECK(line.at("outcome") == "timed_out");
  CHECK(line.at("state") == "running");
  CHECK(line.at("exit_code").is_number());
  CHECK(line.at("exit_code").to_number<int>() == 0);
  CHECK(line.at("job_id") == "job-1");
  CHECK(line.at("result") == "r.json");
  CHECK(line.at("elapsed_seconds").to_number<double>() == 42);
}

TEST_CASE("json log: --quiet prints only the finish line", "[json_log]") {
  CapturedFile out;
  const Redactor redactor;
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::quiet);
  reporter->start(a_start());
  reporter->on_warning("w");
  reporter->on_retry(Error{}, 1, 1);
  reporter->on_heartbeat(nullptr, 1, 1);
  CHECK(out.text().empty());
  reporter->finish(RunEnd{testing::sample_run(Outcome::succeeded), ""});
  const auto objects = objects_of(out.text());
  REQUIRE(objects.size() == 1);
  CHECK(objects[0].at("event") == "finish");
}

TEST_CASE("json log: secrets are redacted and the line stays valid JSON", "[json_log]") {
  CapturedFile out;
  const Redactor redactor({"tok\"en-with-quote"});
  auto reporter = make_json_log_reporter(out.get(), redactor, Verbosity::normal);
  reporter->on_warning("sent tok\"en-with-quote in a header");
  const std::string text = out.text();
  CHECK(text.find("en-with-quote") == std::string::npos);
  const auto objects = objects_of(text);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0].at("message") == "sent <redacted> in a header");
}
