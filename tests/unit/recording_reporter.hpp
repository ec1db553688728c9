// A Reporter for tests that keeps every call it gets, in order, as text and values.
#pragma once

#include <string>
#include <vector>

#include "output/reporter.hpp"

namespace jobwait::test {

class RecordingReporter final : public output::Reporter {
 public:
  struct Update {
    JobStatus status;
    bool new_status = false;
    double elapsed = 0;
  };
  struct Retry {
    Error error;
    int consecutive = 0;
    double elapsed = 0;
  };
  struct Heartbeat {
    std::string status;  // "" when no status was passed
    double elapsed = 0;
    double next_poll_in = 0;
  };

  std::vector<output::RunStart> starts;
  std::vector<output::PollTrace> polls;
  std::vector<Update> updates;
  std::vector<Retry> retries;
  std::vector<std::string> warnings;
  std::vector<Heartbeat> heartbeats;
  int finishes = 0;

  void start(const output::RunStart& start) override { starts.push_back(start); }
  void on_poll(const output::PollTrace& trace) override { polls.push_back(trace); }
  void on_update(const JobStatus& status, bool new_status, double elapsed) override {
    updates.push_back({status, new_status, elapsed});
  }
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    retries.push_back({error, consecutive, elapsed});
  }
  void on_warning(std::string_view text) override { warnings.emplace_back(text); }
  void on_heartbeat(const JobStatus* last, double elapsed, double next_poll_in) override {
    heartbeats.push_back({last ? last->status : std::string(), elapsed, next_poll_in});
  }
  void finish(const output::RunEnd&) override { ++finishes; }
};

}  // namespace jobwait::test
