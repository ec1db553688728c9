// A tiny HTTP/1.1 server for the libcurl client tests, on 127.0.0.1 and an ephemeral port: a
// thread per connection, keep-alive, and a handler that says what each request gets back (a
// raw answer, a delay, or a closed connection). Records every request and connection.
#pragma once

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jobwait::test {

struct Received {
  std::string method;
  std::string target;  // path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connection = 0;  // 1-based, in accept order

  // The first header with this name (exact lower-case compare of both), or "<absent>".
  std::string header(std::string name) const {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [key, value] : headers) {
      std::string lower = key;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == name) return value;
    }
    return "<absent>";
  }
};

struct Reply {
  std::string raw;  // written as is: status line, headers, body
  std::chrono::milliseconds delay{0};
  bool close = false;  // close the connection after writing (with raw empty: answer nothing)
};

// "HTTP/1.1 STATUS Reason" with Content-Length and the extra header lines (each ending "\r\n").
inline Reply reply(int status, const std::string& body, const std::string& extra_headers = "") {
  return {"HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
              extra_headers + "\r\n" + body,
          std::chrono::milliseconds(0), false};
}

class TinyServer {
 public:
  using Handler = std::function<Reply(const Received&)>;

  explicit TinyServer(Handler handler) : m_handler(std::move(handler)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen < 0) throw std::runtime_error("socket failed");
    const int yes = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(m_listen, 64) != 0) {
      ::close(m_listen);
      throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    }
    socklen_t length = sizeof address;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { accept_loop(); });
  }

  ~TinyServer() {
    m_stop = true;
    m_acceptor.join();
    ::close(m_listen);
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      threads.swap(m_connections);
    }
    for (std::thread& thread : threads) thread.join();
  }

  TinyServer(const TinyServer&) = delete;
  TinyServer& operator=(const TinyServer&) = delete;

  int port() const { return m_port; }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

  std::vector<Received> received() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_received;
  }
  int connections() const { return m_accepted.load(); }

 private:
  void accept_loop() {
    while (!m_stop) {
      pollfd ready{m_listen, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0) continue;
      const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const int number = ++m_accepted;
      std::lock_guard<std::mutex> lock(m_mutex);
      m_connections.emplace_back([this, fd, number] { serve(fd, number); });
    }
  }

  // Reads until `buffer` holds "\r\n\r\n" and the body Content-Length says; false on EOF/stop.
  bool read_request(int fd, std::string& buffer, Received& request) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!read_more(fd, buffer)) return false;
    }
    const std::string head = buffer.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const auto space1 = request_line.find(' ');
    const auto space2 = request_line.find(' ', space1 + 1);
    request.method = request_line.substr(0, space1);
    request.target = request_line.substr(space1 + 1, space2 - space1 - 1);
    std::size_t length = 0;
    while (line_end != std::string::npos && line_end < head.size()) {
      const std::size_t next = head.find("\r\n", line_end + 2);
      const std::string line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        request.headers.emplace_back(line.substr(0, colon), value);
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "content-length") length = std::stoul(value);
      }
      line_end = next;
    }
    buffer.erase(0, head_end + 4);
    while (buffer.size() < length) {
      if (!read_more(fd, buffer)) return false;
    }
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
  }

  bool read_more(int fd, std::string& buffer) {
    while (!m_stop) {
      pollfd ready{fd, POLLIN, 0};
      const int n = ::poll(&ready, 1, 50);
      if (n == 0) continue;
      if (n < 0) return false;
      char chunk[65536];
      const ssize_t got = ::read(fd, chunk, sizeof chunk);
      if (got <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(got));
      return true;
    }
    return false;
  }

  void serve(int fd, int number) {
    std::string buffer;
    while (!m_stop) {
      Received request;
      request.connection = number;
      if (!read_request(fd, buffer, request)) break;
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_received.push_back(request);
      }
      const Reply answer = m_handler(request);
      const auto until = std::chrono::steady_clock::now() + answer.delay;
      while (!m_stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::size_t written = 0;
      while (written < answer.raw.size()) {
        const ssize_t n = ::send(fd, answer.raw.data() + written, answer.raw.size() - written, MSG_NOSIGNAL);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
      }
      if (answer.close) break;
    }
    ::close(fd);
  }

  Handler m_handler;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_accepted{0};
  std::thread m_acceptor;
  mutable std::mutex m_mutex;
  std::vector<std::thread> m_connections;
  std::vector<Received> m_received;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace jobwait::test
