// Progress on stderr: a line per change, a heartbeat while nothing changes, a summary at
// the end. Every line passes the Redactor. stdout stays free for --json.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "poll_loop.hpp"
#include "redact.hpp"

namespace jobwait {

class ProgressPrinter final : public WaitObserver {
 public:
  ProgressPrinter(std::FILE* out, const Redactor& redactor) : m_out(out), m_redactor(redactor) {}

  void on_update(const JobStatus& status, bool new_status, double elapsed_seconds) override;
  void on_retry(const Error& error, int consecutive, double elapsed_seconds) override;
  void on_warning(std::string_view text) override;
  void on_heartbeat(const JobStatus* last, double elapsed_seconds, double next_poll_in) override;

  // Any other line: start, summary, errors.
  void say(std::string_view text);

 private:
  std::FILE* m_out;
  const Redactor& m_redactor;
};

// "42s", "1m30s", "2h5m": for elapsed times in messages.
std::string format_elapsed(double seconds);

}  // namespace jobwait
