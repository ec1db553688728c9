// runner/jobs/process.cpp: one external command, with a time limit and bounded output.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "jobs/process.hpp"

using jobwait::ProcessLimits;
using jobwait::ProcessResult;
using jobwait::run_process;
using End = ProcessResult::End;

namespace {

ProcessResult sh(const std::string& script, ProcessLimits limits = {}) {
  return run_process({"/bin/sh", "-c", script}, {{"EXTRA", "from jobwait"}}, limits);
}

}  // namespace

TEST_CASE("process: exit status, stdout, and the environment jobwait adds", "[process]") {
  const ProcessResult run = sh("echo \"$EXTRA\"; echo oops >&2; exit 3");
  CHECK(run.end == End::exited);
  CHECK(run.exit_code == 3);
  CHECK(run.out == "from jobwait\n");
  CHECK(run.err_tail == "oops\n");
}

TEST_CASE("process: the arguments arrive as given, no shell in between", "[process]") {
  const ProcessResult run = run_process({"/bin/echo", "a b", "$HOME", "*"}, {}, {});
  CHECK(run.end == End::exited);
  CHECK(run.out == "a b $HOME *\n");
}

TEST_CASE("process: a signal is reported as such", "[process]") {
  const ProcessResult run = sh("kill -SEGV $$");
  CHECK(run.end == End::signalled);
  CHECK(run.signal == SIGSEGV);
}

TEST_CASE("process: at the time limit the whole process group is killed", "[process]") {
  const std::string pid_file = std::filesystem::temp_directory_path() / ("jobwait-process-" + std::to_string(::getpid()));
  ProcessLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult run = sh("sleep 30 & echo $! > " + pid_file + "; wait", limits);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(run.end == End::timed_out);
  CHECK(took < std::chrono::seconds(5));  // nowhere near the 30 s the command wanted
  std::ifstream in(pid_file);
  pid_t sleeper = 0;
  in >> sleeper;
  std::filesystem::remove(pid_file);
  REQUIRE(sleeper > 0);
  // The grandchild went with the group (reaped by init shortly after the kill).
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = ::kill(sleeper, 0) != 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(gone);
}

TEST_CASE("process: a command that closes its output but runs on still gets its time limit", "[process]") {
  ProcessLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  const ProcessResult run = sh("exec >&- 2>&-; sleep 30", limits);
  CHECK(run.end == End::timed_out);
}

TEST_CASE("process: stdout past the limit stops the command", "[process]") {
  ProcessLimits limits;
  limits.max_stdout = 1000;
  const ProcessResult run = sh("while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done", limits);
  CHECK(run.end == End::too_large);
  CHECK(run.out.size() == 1000);
}

TEST_CASE("process: only the tail of stderr is kept", "[process]") {
  ProcessLimits limits;
  limits.stderr_tail = 16;
  const ProcessResult run = sh("i=0; while [ $i -lt 2000 ]; do echo noise >&2; i=$((i+1)); done; echo last-line >&2", limits);
  CHECK(run.end == End::exited);
  CHECK(run.err_tail.size() <= 16);
  CHECK(run.err_tail.find("last-line\n") != std::string::npos);
}

TEST_CASE("process: a program that cannot start says why", "[process]") {
  const ProcessResult run = run_process({"/nonexistent/jobwait-helper"}, {}, {});
  CHECK(run.end == End::not_started);
  CHECK_FALSE(run.error.empty());
}

TEST_CASE("process: find_executable takes paths as they are and names from PATH", "[process]") {
  CHECK(jobwait::find_executable("/bin/sh") == "/bin/sh");
  CHECK_FALSE(jobwait::find_executable(JOBWAIT_SOURCE_DIR "/README.md"));  // not executable
  CHECK_FALSE(jobwait::find_executable("/bin"));           // a directory
  CHECK_FALSE(jobwait::find_executable("no-such-program-jobwait"));
  const auto sh = jobwait::find_executable("sh");
  REQUIRE(sh);
  CHECK(sh->find("/sh") != std::string::npos);
}
