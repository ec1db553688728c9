#include <catch2/catch.hpp>

#include "captured_file.hpp"
#include "output/progress.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;
using jobwait::test::CapturedFile;

namespace {

JobStatus running(std::string raw = "Running") {
  JobStatus status;
  status.status = std::move(raw);
  status.state = State::running;
  return status;
}

RunStart cce_start() {
  RunStart start;
  start.provider = "cce";
  start.job_id = "job-1";
  start.url = "https://cce.example/api/v3/projects/p/jobs/job-1";
  start.timeout = std::chrono::minutes(30);
  return start;
}

}  // namespace

TEST_CASE("progress: elapsed times are rounded to whole seconds in duration words", "[progress]") {
  CHECK(format_elapsed(0) == "0s");
  CHECK(format_elapsed(42) == "42s");
  CHECK(format_elapsed(41.6) == "42s");
  CHECK(format_elapsed(90) == "1m30s");
  CHECK(format_elapsed(7500) == "2h5m");
  // A clock that went backwards never prints a negative time.
  CHECK(format_elapsed(-3) == "0s");
}

TEST_CASE("progress: the task count counts succeeded tasks as done and names the failed, empty without tasks",
          "[progress]") {
  JobStatus status;
  CHECK(task_count(status).empty());
  status.tasks = {{"a", "A", "Success", State::succeeded, "", {}},
                  {"b", "B", "Failed", State::failed, "", {}},
                  {"c", "C", "Cancelled", State::cancelled, "", {}},
                  {"d", "D", "Running", State::running, "", {}},
                  {"e", "E", "?", State::unknown, "", {}}};
  CHECK(task_count(status) == "tasks 1/5 done, 2 failed");  // a failed task is not done
}

TEST_CASE("progress: the summary line has outcome, elapsed, polls and message", "[progress]") {
  RunRecord run = testing::sample_run(Outcome::failed);
  run.elapsed_seconds = 65;
  CHECK(summary_line(run) == "failed after 1m5s, 7 polls: job failed (status Failed): no quota");
}

TEST_CASE("progress: the summary names an exit code changed by [exit_codes]", "[progress]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.message = "timed out after 30m";
  run.elapsed_seconds = 1800;
  run.mapped_exit_code = 0;
  CHECK(summary_line(run) == "timed_out after 30m, 7 polls: timed out after 30m (exit 0 per [exit_codes])");
}

TEST_CASE("progress: a run with no job has no poll count", "[progress]") {
  RunRecord run;
  run.outcome = Outcome::auth_error;
  run.message = "no credentials";
  run.elapsed_seconds = 0;
  CHECK(summary_line(run) == "auth_error after 0s: no credentials");
}

TEST_CASE("progress: each event is one jobwait: line with the elapsed stamp", "[progress]") {
  CapturedFile out;
  const Redactor redactor;
  ProgressPrinter printer(out.get(), redactor);
  printer.start(cce_start());
  JobStatus status = running();
  status.progress = 44.6;
  status.tasks = {{"a", "A", "Success", State::succeeded, "", {}}, {"b", "B", "Running", State::running, "", {}}};
  printer.on_update(status, true, 5);
  Error error;
  error.message = "connection reset";
  printer.on_retry(error, 2, 7);
  error.message = "service unavailable";
  error.http_status = 503;
  printer.on_retry(error, 3, 9);
  printer.on_warning("status 'Paused' is not known");
  printer.on_heartbeat(&status, 30, 4);
  printer.on_heartbeat(nullptr, 31, 2);
  CHECK(out.text() ==
        "jobwait: waiting for cce job job-1 (timeout 30m): https://cce.example/api/v3/projects/p/jobs/job-1\n"
        "jobwait: [5s] Running (running), progress 45%, tasks 1/2 done\n"
        "jobwait: [7s] poll failed (2 in a row): connection reset; retrying\n"
        "jobwait: [9s] poll failed (3 in a row): service unavailable [HTTP 503]; retrying\n"
        "jobwait: warning: status 'Paused' is not known\n"
        "jobwait: [30s] still Running, next poll in 4s\n"
        "jobwait: [31s] no status yet, next poll in 2s\n");
}

TEST_CASE("progress: poll lines only with --verbose, HTTP status not said twice", "[progress]") {
  const Redactor redactor;
  PollTrace trace;
  trace.number = 3;
  trace.elapsed_seconds = 12;
  trace.duration_seconds = 0.2504;
  trace.ok = false;
  trace.text = "bad gateway";
  trace.http_status = 502;
  {
    CapturedFile out;
    ProgressPrinter printer(out.get(), redactor, Verbosity::normal);
    printer.on_poll(trace);
    CHECK(out.text().empty());
  }
  CapturedFile out;
  ProgressPrinter printer(out.get(), redactor, Verbosity::verbose);
  printer.on_poll(trace);
  trace.text = "HTTP 502 from gateway";
  printer.on_poll(trace);
  trace.ok = true;
  trace.http_status = 0;
  trace.text = "Running (running)";
  printer.on_poll(trace);
  CHECK(out.text() ==
        "jobwait: [12s] poll 3: HTTP 502 bad gateway (250ms)\n"
        "jobwait: [12s] poll 3: HTTP 502 from gateway (250ms)\n"
        "jobwait: [12s] poll 3: Running (running) (250ms)\n");
}

TEST_CASE("progress: --quiet says nothing during the wait and only a failure's summary", "[progress]") {
  const Redactor redactor;
  CapturedFile out;
  ProgressPrinter printer(out.get(), redactor, Verbosity::quiet);
  printer.start(cce_start());
  printer.on_update(running(), true, 1);
  printer.on_retry(Error{}, 1, 2);
  printer.on_warning("w");
  printer.on_heartbeat(nullptr, 3, 1);
  RunRecord ok = testing::sample_run(Outcome::succeeded);
  printer.finish(RunEnd{ok, "r.json"});
  CHECK(out.text().empty());
  RunRecord bad = testing::sample_run(Outcome::failed);
  bad.elapsed_seconds = 42;
  printer.finish(RunEnd{bad, "r.json"});
  CHECK(out.text() == "jobwait: failed after 42s, 7 polls: job failed (status Failed): no quota\n");
  // say() is for errors: never suppressed.
  printer.say("cannot write r.json");
  CHECK_THAT(out.text(), Catch::EndsWith("jobwait: cannot write r.json\n"));
}

TEST_CASE("progress: a step-file error gets no summary (it was printed where found)", "[progress]") {
  const Redactor redactor;
  CapturedFile out;
  ProgressPrinter printer(out.get(), redactor);
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.message = "deploy.toml:1:1: bad";
  printer.finish(RunEnd{run, ""});
  CHECK(out.text().empty());
  RunRecord ok = testing::sample_run(Outcome::succeeded);
  ok.elapsed_seconds = 42;
  printer.finish(RunEnd{ok, ""});
  CHECK(out.text() == "jobwait: succeeded after 42s, 7 polls: job succeeded (status Success)\n");
}

TEST_CASE("progress: every line passes the redactor", "[progress]") {
  const Redactor redactor({"s3cr3t-token-value"});
  CapturedFile out;
  ProgressPrinter printer(out.get(), redactor);
  Error error;
  error.message = "401 for token s3cr3t-token-value";
  printer.on_retry(error, 1, 0);
  printer.on_warning("header s3cr3t-token-value");
  printer.say("s3cr3t-token-value");
  const std::string text = out.text();
  CHECK(text.find("s3cr3t") == std::string::npos);
  CHECK_THAT(text, Catch::Contains("<redacted>"));
}

TEST_CASE("progress: under ten seconds elapsed times show tenths, so nothing is due 'in 0s'", "[progress]") {
  CHECK(format_elapsed(0.4) == "0.4s");
  CHECK(format_elapsed(0.04) == "0s");
  CHECK(format_elapsed(2.5) == "2.5s");
  CHECK(format_elapsed(2.0) == "2s");
  CHECK(format_elapsed(9.94) == "9.9s");
  CHECK(format_elapsed(9.96) == "10s");
}

TEST_CASE("progress: one poll is '1 poll'", "[progress]") {
  RunRecord run = testing::sample_run(Outcome::succeeded);
  run.jobs.front().wait.polls = 1;
  run.elapsed_seconds = 0.4;
  run.message = "job succeeded (status Success)";
  CHECK(summary_line(run) == "succeeded after 0.4s, 1 poll: job succeeded (status Success)");
}

TEST_CASE("progress: a line names the tasks that changed since the last one", "[progress]") {
  CapturedFile out;
  const Redactor redactor;
  ProgressPrinter printer(out.get(), redactor);
  JobStatus status = running();
  status.tasks = {{"1", "InstallMaster", "Running", State::running, "", {}},
                  {"2", "InstallNode", "Init", State::pending, "", {}}};
  printer.on_update(status, true, 5);
  status.tasks[0].status = "Success";
  status.tasks[0].state = State::succeeded;
  printer.on_update(status, false, 12);
  status.tasks[0].status = "Success";
  status.tasks[1].status = "Failed";
  status.tasks[1].state = State::failed;
  status.status = "Failed";
  status.state = State::failed;
  printer.on_update(status, true, 20);
  CHECK(out.text() ==
        "jobwait: [5s] Running (running), tasks 0/2 done\n"
        "jobwait: [12s] Running (running), tasks 1/2 done; InstallMaster: Success\n"
        "jobwait: [20s] Failed (failed), tasks 1/2 done, 1 failed; InstallNode: Failed\n");
}

TEST_CASE("progress: the IAM project lookup's retries are not called polls", "[progress]") {
  CapturedFile out;
  const Redactor redactor;
  ProgressPrinter printer(out.get(), redactor);
  Error error;
  error.message = "HTTP 503";
  error.attempt = "IAM project lookup";
  printer.on_retry(error, 1, 0.5);
  printer.on_heartbeat(nullptr, 26, 1.5);
  printer.start(cce_start());  // the lookup is over; the job's own wait begins
  printer.on_heartbeat(nullptr, 27, 2);
  CHECK(out.text() ==
        "jobwait: [0.5s] IAM project lookup failed (1 in a row): HTTP 503; retrying\n"
        "jobwait: [26s] retrying the IAM project lookup, next try in 1.5s\n"
        "jobwait: waiting for cce job job-1 (timeout 30m): https://cce.example/api/v3/projects/p/jobs/job-1\n"
        "jobwait: [27s] no status yet, next poll in 2s\n");
}
