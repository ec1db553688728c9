// Runs one external command to completion with a time limit and bounded output: the exec
// provider's seam to the operating system. Only process.cpp includes Boost.Process.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobwait {

struct ProcessLimits {
  std::chrono::milliseconds timeout{30000};
  std::size_t max_stdout = 1024 * 1024;  // more than this: End::too_large, and the command is killed
  std::size_t stderr_tail = 4096;        // only the last bytes of stderr are kept
};

struct ProcessResult {
  enum class End { exited, signalled, timed_out, too_large, interrupted, not_started };
  End end = End::not_started;
  int exit_code = 0;     // End::exited
  int signal = 0;        // End::signalled
  std::string out;       // standard output, at most max_stdout bytes
  std::string err_tail;  // the last stderr_tail bytes of standard error
  std::string error;     // End::not_started: why
};

// Runs argv[0] (a path: resolve it with find_executable first) with argv[1..] as arguments,
// jobwait's environment plus `extra_env`, stdin from /dev/null, in a process group of its own.
// On the time limit, too much output or a stop signal (signals.hpp), the whole group is
// killed (SIGKILL) and reaped. Never throws.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& extra_env,
                          const ProcessLimits& limits);

// `name` itself when it holds a '/', else the first match in PATH; only a regular file we may
// execute counts. nullopt when there is none.
std::optional<std::string> find_executable(std::string_view name);

}  // namespace jobwait
