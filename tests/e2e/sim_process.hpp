// Test helpers for end-to-end tests against jobwait-sim:
//   SimProcess sim(scenario_toml);   // writes the scenario, starts the sim, reads its port
//   sim.port(); sim.base_url();      // 127.0.0.1 only
//   sim.stats();                     // GET /__sim/stats, parsed
//   // destruction: SIGTERM, then wait (SIGKILL after a grace period)
// and a tiny blocking HTTP/1.1 client (HttpConnection, http_get) for asserting on raw replies.
// JOBWAIT_SIM_BIN (the sim's path) comes from tests/e2e/CMakeLists.txt.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/process.hpp>

namespace jobwait::e2e {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  // First header with this name, compared case-insensitively; "" when absent.
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() == name.size() &&
          std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return value;
      }
    }
    return {};
  }
  bool has_header(std::string_view name) const { return !header(name).empty(); }
  // The body parsed as JSON; throws boost::system::system_error when it is not JSON.
  boost::json::value json() const { return boost::json::parse(body); }
};

// One TCP connection to 127.0.0.1:port, kept alive across get() calls. Reads bodies framed by
// Content-Length (all the sim sends); a reply without one is read to the end of the stream.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : m_port(port) {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0) throw std::runtime_error("socket() failed");
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(m_fd);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
  }
  ~HttpConnection() {
    if (m_fd >= 0) ::close(m_fd);
  }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request and reads its whole reply. Throws when the connection fails.
  HttpResult get(const std::string& target, const HttpHeaders& headers = {},
                 const std::string& method = "GET") {
    // A caller's own Host (a signed request carries the host it was signed for) replaces ours.
    const bool own_host = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
      return header.first.size() == 4 && std::equal(header.first.begin(), header.first.end(), "host", [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    });
    std::string request = method + " " + target + " HTTP/1.1\r\n";
    if (!own_host) request += "Host: 127.0.0.1:" + std::to_string(m_port) + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    for (std::size_t sent = 0; sent < request.size();) {
      const ssize_t n = ::send(m_fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed on " + target);
      sent += static_cast<std::size_t>(n);
    }
    std::size_t header_end;
    while ((header_end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!receive()) throw std::runtime_error("connection closed before a reply to " + target);
    }
    HttpResult result;
    std::istringstream head(m_buffer.substr(0, header_end));
    std::string line;
    std::getline(head, line);
    if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) {
      throw std::runtime_error("bad status line: " + line);
    }
    result.status = std::stoi(line.substr(9, 3));
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::size_t value_begin = colon + 1;
      while (value_begin < line.size() && line[value_begin] == ' ') ++value_begin;
      result.headers.emplace_back(line.substr(0, colon), line.substr(value_begin));
    }
    m_buffer.erase(0, header_end + 4);
    const std::string length = result.header("Content-Length");
    if (length.empty()) {
      while (receive()) {
      }
      result.body = std::move(m_buffer);
      m_buffer.clear();
      return result;
    }
    const std::size_t size = std::stoul(length);
    while (m_buffer.size() < size) {
      if (!receive()) throw std::runtime_error("connection closed mid-body on " + target);
    }
    result.body = m_buffer.substr(0, size);
    m_buffer.erase(0, size);
    return result;
  }

 private:
  bool receive() {
    char chunk[4096];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    m_buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  std::uint16_t m_port;
  int m_fd = -1;
  std::string m_buffer;
};

// One request on a fresh connection.
inline HttpResult http_get(std::uint16_t port, const std::string& target,
                           const HttpHeaders& headers = {}) {
  HttpConnection connection(port);
  return connection.get(target, headers);
}

namespace detail {

inline boost::filesystem::path write_temp_file(const std::string& pattern,
                                               const std::string& text) {
  const boost::filesystem::path path =
      boost::filesystem::temp_directory_path() / boost::filesystem::unique_path(pattern);
  std::ofstream out(path.string());
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path;
}

inline std::string read_file(const boost::filesystem::path& path) {
  std::ifstream in(path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace detail

// A running jobwait-sim serving the given scenario on 127.0.0.1:<an OS-picked port>.
class SimProcess {
 public:
  explicit SimProcess(const std::string& scenario_toml, std::vector<std::string> extra_args = {})
      : m_scenario(detail::write_temp_file("jobwait-sim-%%%%-%%%%-%%%%.toml", scenario_toml)),
        m_log(detail::write_temp_file("jobwait-sim-%%%%-%%%%-%%%%.log", "")) {
    namespace bp = boost::process;
    std::vector<std::string> args{m_scenario.string(), "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    try {
      m_child = bp::child(bp::exe = JOBWAIT_SIM_BIN, bp::args = args, bp::std_out > m_stdout,
                          bp::std_err > m_log, bp::std_in.close());
      m_port = read_port();
    } catch (...) {
      remove_files();
      throw;
    }
  }

  ~SimProcess() {
    try {
      stop();
    } catch (...) {  // a destructor must not throw; the child is gone or reaped either way
    }
    remove_files();
  }
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  std::uint16_t port() const { return m_port; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  const boost::filesystem::path& scenario_path() const { return m_scenario; }
  // Everything the sim wrote to stderr so far (one line per request with --verbose).
  std::string stderr_text() const { return detail::read_file(m_log); }

  // GET /__sim/stats: {"connections", "requests", "jobs": {"<id>": {"polls"}}}, counting API
  // traffic only (reading the stats, on any connection, changes none of them).
  boost::json::value stats() const { return http_get(m_port, "/__sim/stats").json(); }

  // Sends SIGTERM and waits for the exit (SIGKILL after `grace`); returns the exit code.
  // Later calls return the same code.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5)) {
    if (m_stopped) return m_exit_code;
    m_stopped = true;
    if (m_child.running()) {
      ::kill(m_child.id(), SIGTERM);
      const auto deadline = std::chrono::steady_clock::now() + grace;
      while (m_child.running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      if (m_child.running()) m_child.terminate();
    }
    m_child.wait();
    m_exit_code = m_child.exit_code();
    return m_exit_code;
  }

 private:
  // The first line of stdout is the bare port. Waits at most 10 s; if the sim exits first
  // (a bad scenario), the error carries what it wrote to stderr.
  std::uint16_t read_port() {
    std::string line;
    const int fd = m_stdout.native_source();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{fd, POLLIN, 0};
      char c[64];
      ssize_t n = 0;
      if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0 ||
          (n = ::read(fd, c, sizeof c)) <= 0) {
        stop();
        throw std::runtime_error("jobwait-sim printed no port (exit " +
                                 std::to_string(m_exit_code) + "): " + stderr_text());
      }
      line.append(c, static_cast<std::size_t>(n));
    }
    line.erase(line.find('\n'));
    return static_cast<std::uint16_t>(std::stoul(line));
  }

  void remove_files() {
    boost::system::error_code ignored;
    boost::filesystem::remove(m_scenario, ignored);
    boost::filesystem::remove(m_log, ignored);
  }

  boost::filesystem::path m_scenario;
  boost::filesystem::path m_log;
  boost::process::pipe m_stdout;
  boost::process::child m_child;
  std::uint16_t m_port = 0;
  bool m_stopped = false;
  int m_exit_code = -1;
};

struct SimExit {
  int exit_code = -1;
  std::string stderr_text;
  std::string scenario_path;
};

// Runs the sim on a scenario it is expected to reject and waits for it to exit; exit_code is
// -1 if it was still running after 10 s.
inline SimExit run_sim_to_exit(const std::string& scenario_toml,
                               std::vector<std::string> extra_args = {}) {
  namespace bp = boost::process;
  const auto scenario = detail::write_temp_file("jobwait-sim-%%%%-%%%%-%%%%.toml", scenario_toml);
  const auto log = detail::write_temp_file("jobwait-sim-%%%%-%%%%-%%%%.log", "");
  std::vector<std::string> args{scenario.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  bp::child child(bp::exe = JOBWAIT_SIM_BIN, bp::args = args, bp::std_out > bp::null,
                  bp::std_err > log, bp::std_in.close());
  // A scenario the sim accepts would be served for ever: give up after 10 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (child.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const bool exited = !child.running();
  if (!exited) child.terminate();
  child.wait();
  SimExit result{exited ? child.exit_code() : -1, detail::read_file(log), scenario.string()};
  boost::system::error_code ignored;
  boost::filesystem::remove(scenario, ignored);
  boost::filesystem::remove(log, ignored);
  return result;
}

}  // namespace jobwait::e2e
