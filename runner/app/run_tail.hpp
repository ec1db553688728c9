// The end every `jobwait run` shares, whether it waited on one job, on several, or on none
// (nothing could be sent): the exit codes for the outcome, then the record stamped, written as
// the artifact and reported.
#pragma once

#include <chrono>
#include <string>

#include "model/step_config.hpp"
#include "output/reporter.hpp"
#include "result/artifact.hpp"
#include "util/redact.hpp"
#include "wait/clock.hpp"

namespace jobwait {

// run.exit_code for run.outcome (and the stop signal, for an interrupted run); the code
// [exit_codes] maps it to, when that differs; and the table's changes, for the artifact.
void set_exit_codes(RunRecord& run, const config::ExitCodesConfig& codes, int signal_number = 0);

double seconds_between(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to);

// Writes the artifact (also to stdout with --json), redacted; a failure to write never changes
// the exit code, only says why.
void publish(const RunRecord& run, const std::string& path, bool also_stdout, const Redactor& redactor);

// Where a run's record goes, and what it says about the step.
struct RunTail {
  std::string step_file;
  std::string step_name;
  std::chrono::system_clock::time_point started;
  std::string result_path;
  bool json = false;  // --json: the artifact on stdout too
};

// Stamps `run` (step file and name, start, the clock's now as its end, elapsed), publishes it
// and tells the reporter; returns what the process exits with.
int finish_run(RunRecord& run, const RunTail& tail, Clock& clock, const Redactor& redactor, output::Reporter& reporter);

}  // namespace jobwait
