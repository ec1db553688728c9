// What the run command tells the outside world, besides the artifact: progress lines, CI
// annotations and outputs, reports. One interface, called at the start, on every event of the
// wait and at the end; each CI's conventions live in its own file pair behind it.
#pragma once

#include <chrono>
#include <string>

#include "output/detect.hpp"
#include "result/artifact.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait::output {

struct RunStart {
  std::string step_file;
  std::string step_name;
  std::string provider;
  std::string job_id;
  std::string url;
  std::chrono::milliseconds timeout{0};
};

// One request of the wait, for --verbose.
struct PollTrace {
  int number = 0;              // 1-based
  double elapsed_seconds = 0;  // since the wait began, when the poll ended
  double duration_seconds = 0;
  bool ok = false;
  std::string text;  // the raw status, or the error
  int http_status = 0;
};

struct RunEnd {
  const RunRecord& run;
  std::string result_path;  // where the artifact was written; empty when it was not
};

class Reporter : public WaitObserver {
 public:
  // Before the first poll. Not called when the step file did not load.
  virtual void start(const RunStart& start) = 0;
  // After each request (only wired up with --verbose).
  virtual void on_poll(const PollTrace& trace) = 0;
  // Once, after the artifact is written; also for a step file that did not load.
  virtual void finish(const RunEnd& end) = 0;
  // How often the wait should report while nothing changes; a live status line wants every
  // second, a log every 25 s (CI systems kill silent steps).
  virtual std::chrono::milliseconds heartbeat() const { return std::chrono::seconds(25); }
};

// A reporter that only writes a file when the run ends (JUnit, dotenv, GitHub's output files):
// everything said during the wait is not for it.
class FinishOnlyReporter : public Reporter {
 public:
  void start(const RunStart&) override {}
  void on_poll(const PollTrace&) override {}
  void on_update(const JobStatus&, bool, double) override {}
  void on_retry(const Error&, int, double) override {}
  void on_warning(std::string_view) override {}
  void on_heartbeat(const JobStatus*, double, double) override {}
};

}  // namespace jobwait::output
