// Runs the built jobwait binary the way a pipeline does: arguments, environment, a working
// directory; captures exit code, stdout, stderr, wall time and the result artifact.
#pragma once

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <boost/process.hpp>

namespace jobwait::e2e {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "jobwait-e2e-XXXXXX").string();
    m_path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return m_path; }
  fs::path operator/(const std::string& name) const { return m_path / name; }

 private:
  fs::path m_path;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
  std::optional<boost::json::value> artifact;  // the file at `result`, if written
};

struct RunOptions {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  // added to a minimal environment
  std::optional<fs::path> result;          // where to look for the artifact
  // Sends this signal after the delay, to test interruption.
  std::optional<std::pair<int, std::chrono::milliseconds>> signal_after;
  std::optional<std::string> stdin_text;  // fed to stdin; else stdin is /dev/null
};

inline RunResult run_jobwait(const TempDir& dir, const RunOptions& options) {
  namespace bp = boost::process;
  bp::environment env;
  env["PATH"] = "/usr/bin:/bin";
  for (const auto& [name, value] : options.env) env[name] = value;
  const fs::path out_path = dir / "stdout.txt", err_path = dir / "stderr.txt";

  // Boost.Process opens a redirect target without truncating it: a shorter output would end
  // with the tail of the previous run's.
  fs::remove(out_path);
  fs::remove(err_path);
  const fs::path in_path = dir / "stdin.txt";
  write_file(in_path, options.stdin_text.value_or(""));
  const auto start = std::chrono::steady_clock::now();
  bp::child child(JOBWAIT_BIN, bp::args(options.args), env, bp::start_dir(dir.path().string()),
                  bp::std_out > out_path.string(), bp::std_err > err_path.string(), bp::std_in < in_path.string());
  if (options.signal_after) {
    std::this_thread::sleep_for(options.signal_after->second);
    ::kill(child.id(), options.signal_after->first);
  }
  child.wait();
  RunResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = child.exit_code();
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  if (options.result && fs::exists(*options.result)) {
    result.artifact = boost::json::parse(read_file(*options.result));
  }
  return result;
}

}  // namespace jobwait::e2e
