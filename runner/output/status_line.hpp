// On a terminal: one live status line on stderr, redrawn in place (state, progress, tasks
// done/total, elapsed, next poll). Warnings and retries print as ordinary lines above it; the
// summary replaces it at the end. Rendering is a pure function so tests need no terminal.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

struct StatusView {
  std::string job;                   // "cce job-1"
  std::optional<JobStatus> status;   // none before the first answer
  double elapsed_seconds = 0;
  std::optional<double> next_poll_in;  // known between polls, from the heartbeat
  int retrying = 0;                  // consecutive failed polls
};

// One line, at most `width` columns (cut with "…" when longer; 0 means no limit), no newline.
// It starts with a symbol for the state (✔ succeeded, ✖ failed, ⊘ cancelled, ◌ pending,
// ● running, ? unknown), coloured with `colour` (ANSI SGR; not counted in the width).
std::string render_status_line(const StatusView& view, std::size_t width, bool colour = false);

// `width` is the terminal's, in columns (0: unknown); `colour` as for render_status_line.
std::unique_ptr<Reporter> make_status_line_reporter(std::FILE* out, const Redactor& redactor, std::size_t width,
                                                    bool colour = false);

}  // namespace jobwait::output
