// A tiny HTTP server on 127.0.0.1 (a port the OS picks) for what the simulator is not: a proxy
// that answers 407, a server that redirects, one that declares a body it never sends, and the
// other origin that must receive nothing. Every request head it reads is kept, and answered
// with the same canned reply; with `hold`, the connection then stays open, silent, until the
// server stops (as a server that declared more than it sends would leave it). An empty reply
// hangs up as soon as anything arrives.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace jobwait::e2e {

class CannedServer {
 public:
  explicit CannedServer(std::string reply, bool hold = false) : m_reply(std::move(reply)), m_hold(hold) {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(m_listen, 16) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("CannedServer: cannot listen on 127.0.0.1");
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~CannedServer() {
    m_stop = true;
    m_thread.join();
    for (const int fd : m_held) ::close(fd);
    ::close(m_listen);
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;

  int port() const { return m_port; }
  std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }
  std::string base_url() const { return "http://" + address(); }
  // The request heads read so far, in order.
  std::vector<std::string> requests() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_requests;
  }
  int connections() const { return m_connections; }

 private:
  void serve() {
    while (!m_stop) {
      pollfd ready{m_listen, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0) continue;
      const int fd = ::accept(m_listen, nullptr, nullptr);
      if (fd < 0) continue;
      ++m_connections;
      // One request per connection (a client that reuses it gets no second answer, so a
      // second request shows up as a second connection).
      std::string head;
      char buffer[4096];
      // An empty reply hangs up on the first bytes, whatever they are (a TLS ClientHello too).
      while ((m_reply.empty() ? head.empty() : head.find("\r\n\r\n") == std::string::npos) && !m_stop) {
        pollfd data{fd, POLLIN, 0};
        if (::poll(&data, 1, 50) <= 0) continue;
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got <= 0) break;
        head.append(buffer, static_cast<std::size_t>(got));
      }
      {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_requests.push_back(head);
      }
      std::size_t sent = 0;
      while (sent < m_reply.size()) {
        const ssize_t wrote = ::send(fd, m_reply.data() + sent, m_reply.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0) break;
        sent += static_cast<std::size_t>(wrote);
      }
      if (m_hold) {
        m_held.push_back(fd);
      } else {
        ::shutdown(fd, SHUT_WR);
        ::close(fd);
      }
    }
  }

  std::string m_reply;
  bool m_hold;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_requests;
  std::vector<int> m_held;  // only the server thread touches it until the join
  std::thread m_thread;
};

// A port on 127.0.0.1 that nothing listens on: bound by the OS, then closed.
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace jobwait::e2e
