#include "app/run_tail.hpp"

#include <cstdio>

#include "model/exit_map.hpp"

namespace jobwait {

void set_exit_codes(RunRecord& run, const config::ExitCodesConfig& codes, int signal_number) {
  run.exit_code = exit_code_for(run.outcome, signal_number);
  if (const int mapped = mapped_exit_code(codes, run.outcome, signal_number); mapped != static_cast<int>(run.exit_code)) {
    run.mapped_exit_code = mapped;
  }
  run.exit_code_changes = exit_code_changes(codes);
}

double seconds_between(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

void publish(const RunRecord& run, const std::string& path, bool also_stdout, const Redactor& redactor) {
  const std::string text = redactor.apply(artifact_text(run));
  if (auto written = write_atomically(path, text); !written) {
    std::fprintf(stderr, "jobwait: cannot write the result artifact: %s\n", written.error().c_str());
  }
  if (also_stdout) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
}

int finish_run(RunRecord& run, const RunTail& tail, Clock& clock, const Redactor& redactor, output::Reporter& reporter) {
  run.step_file = tail.step_file;
  run.step_name = tail.step_name;
  run.started_at = tail.started;
  run.finished_at = clock.wall_now();
  run.elapsed_seconds = seconds_between(run.started_at, run.finished_at);
  publish(run, tail.result_path, tail.json, redactor);
  reporter.finish({run, tail.result_path});
  return process_exit_code(run);
}

}  // namespace jobwait
