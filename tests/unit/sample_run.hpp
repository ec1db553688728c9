// A finished run to feed the output writers: a CCE job with three tasks, a timeline, and an
// outcome the test picks.
#pragma once

#include <chrono>

#include "result/artifact.hpp"

namespace jobwait::testing {

inline RunRecord sample_run(Outcome outcome = Outcome::succeeded) {
  using namespace std::chrono;
  RunRecord run;
  run.outcome = outcome;
  run.exit_code = exit_code_for(outcome);
  run.message = outcome == Outcome::succeeded ? "job succeeded (status Success)" : "job failed (status Failed): no quota";
  run.step_file = "deploy.toml";
  run.step_name = "deploy web";
  run.started_at = system_clock::time_point(seconds(1795500000));
  run.finished_at = run.started_at + seconds(42);
  run.elapsed_seconds = 42;
  run.wait = config::WaitConfig{};

  JobRecord job;
  job.provider = "cce";
  job.id = "job-1";
  job.url = "https://cce.example/api/v3/projects/p/jobs/job-1";
  JobStatus status;
  status.status = outcome == Outcome::succeeded ? "Success" : "Failed";
  status.state = outcome == Outcome::succeeded ? State::succeeded : State::failed;
  if (outcome == Outcome::timed_out) {
    status.status = "Running";
    status.state = State::running;
  }
  if (outcome == Outcome::failed) status.reason = "no quota";
  status.tasks = {{"t1", "CreateCert", "Success", State::succeeded, "", {}},
                  {"t2", "InstallMaster", outcome == Outcome::failed ? "Failed" : "Success",
                   outcome == Outcome::failed ? State::failed : State::succeeded,
                   outcome == Outcome::failed ? "master | <quota> & more" : "", {}},
                  {"t3", "InstallAddons", "Running", outcome == Outcome::succeeded ? State::succeeded : State::running,
                   "", {}}};
  job.wait.outcome = outcome;
  job.wait.message = run.message;
  job.wait.polls = 7;
  job.wait.timeline = {{run.started_at, 0.0, "Initializing", State::pending},
                       {run.started_at + seconds(2), 2.0, "Running", State::running},
                       {run.started_at + seconds(40), 40.0, status.status, status.state}};
  job.wait.last_status = status;
  run.jobs.push_back(job);
  return run;
}

}  // namespace jobwait::testing
