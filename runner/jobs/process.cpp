#include "jobs/process.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <exception>
#include <functional>
#include <system_error>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async_pipe.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>

#include "wait/signals.hpp"

namespace jobwait {

namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

// The child leads a process group of its own, so a timeout can kill what it started too (a
// shell script's `sleep`), and a Ctrl-C at the terminal reaches jobwait only: jobwait decides.
struct NewProcessGroup : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
  }
};

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Reads one pipe to its end: stdout up to a limit, stderr keeping only its tail.
class PipeReader {
 public:
  PipeReader(bp::async_pipe& pipe, std::string& sink, std::size_t limit, bool keep_tail)
      : m_pipe(pipe), m_sink(sink), m_limit(limit), m_keep_tail(keep_tail) {}

  void start() {
    m_pipe.async_read_some(boost::asio::buffer(m_buffer), [this](const boost::system::error_code& error, std::size_t n) {
      if (n > 0) take(n);
      if (error || m_overflow) {
        m_done = true;
        return;
      }
      start();
    });
  }
  bool done() const { return m_done; }
  bool overflow() const { return m_overflow; }

 private:
  void take(std::size_t n) {
    m_sink.append(m_buffer.data(), n);
    if (m_sink.size() <= m_limit) return;
    if (m_keep_tail) {
      m_sink.erase(0, m_sink.size() - m_limit);
    } else {
      m_sink.resize(m_limit);
      m_overflow = true;
    }
  }

  bp::async_pipe& m_pipe;
  std::string& m_sink;
  std::size_t m_limit;
  bool m_keep_tail;
  bool m_done = false;
  bool m_overflow = false;
  std::array<char, 16384> m_buffer{};
};

void kill_group(bp::child& child) {
  ::kill(-child.id(), SIGKILL);
  std::error_code ignored;
  child.wait(ignored);
}

ProcessResult run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& extra_env,
                  const ProcessLimits& limits) {
  ProcessResult result;
  if (argv.empty()) {
    result.error = "no command";
    return result;
  }
  boost::asio::io_context io;
  bp::async_pipe out_pipe(io);
  bp::async_pipe err_pipe(io);
  bp::environment env = boost::this_process::environment();
  for (const auto& [name, value] : extra_env) env[name] = value;

  std::error_code spawn_error;
  bp::child child(bp::exe = argv.front(), bp::args = std::vector<std::string>(argv.begin() + 1, argv.end()), env,
                  bp::std_in < bp::null, bp::std_out > out_pipe, bp::std_err > err_pipe, NewProcessGroup{}, spawn_error);
  if (spawn_error) {
    result.error = spawn_error.message();
    return result;
  }

  PipeReader out(out_pipe, result.out, limits.max_stdout, false);
  PipeReader err(err_pipe, result.err_tail, limits.stderr_tail, true);
  out.start();
  err.start();
  const auto deadline = Clock::now() + limits.timeout;
  const auto stopped = [&]() -> std::optional<ProcessResult::End> {
    if (out.overflow()) return ProcessResult::End::too_large;
    if (stop_signal() != 0) return ProcessResult::End::interrupted;
    if (Clock::now() >= deadline) return ProcessResult::End::timed_out;
    return std::nullopt;
  };
  // Short slices, so that a stop signal is seen within a tenth of a second.
  constexpr auto k_slice = std::chrono::milliseconds(50);
  while (!(out.done() && err.done())) {
    if (const auto end = stopped()) {
      kill_group(child);
      result.end = *end;
      return result;
    }
    io.restart();
    io.run_for(std::min<Clock::duration>(k_slice, deadline - Clock::now()));
  }
  // Both pipes closed; the command may still be running (it closed them, or a child of its
  // holds none). It gets the rest of its time to exit.
  // Usually it is exiting already: look again after 1 ms, then less often (up to the slice).
  std::error_code wait_error;
  for (auto pause = std::chrono::milliseconds(1); child.running(wait_error); pause = std::min(pause * 2, k_slice)) {
    if (const auto end = stopped()) {
      kill_group(child);
      result.end = *end;
      return result;
    }
    wait_for_stop(pause);
  }
  const int status = child.native_exit_code();
  if (WIFSIGNALED(status)) {
    result.end = ProcessResult::End::signalled;
    result.signal = WTERMSIG(status);
  } else {
    result.end = ProcessResult::End::exited;
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& extra_env,
                          const ProcessLimits& limits) {
  try {
    return run(argv, extra_env, limits);
  } catch (const std::exception& error) {  // Boost.Process and Asio report some failures by throwing
    ProcessResult result;
    result.error = error.what();
    return result;
  }
}

std::optional<std::string> find_executable(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string_view::npos) {
    std::string path(name);
    return is_executable_file(path) ? std::optional(path) : std::nullopt;
  }
  const char* search = std::getenv("PATH");
  std::string_view dirs = search != nullptr ? search : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    std::string path = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + std::string(name);
    if (is_executable_file(path)) return path;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

}  // namespace jobwait
