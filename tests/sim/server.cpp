#include "server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace jobwait::sim {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Long enough for any sane poll interval on a kept-alive connection; the real gateways close
// idle connections too, so clients must reconnect either way.
constexpr std::chrono::seconds k_idle_timeout{120};
// After a failed accept (e.g. out of file descriptors), wait before trying again.
constexpr std::chrono::milliseconds k_accept_retry{100};

struct Shared {
  Stats* stats;
  const Handler* handler;
  bool verbose;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Shared& shared, std::uint64_t id)
      : m_stream(std::move(socket)), m_shared(&shared), m_id(id) {}

  ~Session() {
    if (m_counted) --m_shared->stats->open_connections;
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read(); }

 private:
  void read() {
    m_request = {};
    m_stream.expires_after(k_idle_timeout);
    http::async_read(m_stream, m_buffer, m_request,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      // end_of_stream, timeout or reset: the client is gone. Anything else is a malformed
      // request, which the sim answers by closing, as a gateway drops garbage.
      if (m_shared->verbose && ec != http::error::end_of_stream) {
        std::cerr << "jobwait-sim: connection " << m_id << ": " << ec.message() << '\n';
      }
      close();
      return;
    }
    Request request;
    request.method = std::string(m_request.method_string());
    request.target = std::string(m_request.target());
    for (const auto& field : m_request) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(m_request.body());
    Reply reply = (*m_shared->handler)(std::move(request));
    if (reply.api && !m_counted) {
      m_counted = true;
      Stats& stats = *m_shared->stats;
      ++stats.connections;
      stats.peak_open_connections = std::max(stats.peak_open_connections, ++stats.open_connections);
    }
    if (m_shared->verbose) {
      std::cerr << "jobwait-sim: connection " << m_id << ": " << m_request.method_string() << ' '
                << m_request.target() << " -> " << reply.status
                << (reply.job_id.empty() ? "" : " (job " + reply.job_id + ")") << '\n';
    }

    m_response = {};
    m_response.version(m_request.version());
    m_response.result(static_cast<unsigned>(reply.status));
    for (const auto& [name, value] : reply.headers) m_response.set(name, value);
    m_response.keep_alive(m_request.keep_alive());
    m_response.body() = std::move(reply.body);
    m_response.prepare_payload();
    if (m_request.method() == http::verb::head) m_response.body().clear();  // length stays
    m_delivery = reply.delivery;
    deliver();
  }

  // The fault hook (faults.hpp): a reply goes out at once and whole unless its Delivery says
  // late, dripped or cut off. Delays are timers on this one thread, never sleeps.
  void deliver() {
    if (m_delivery.delay.count() > 0) {
      m_timer.expires_after(std::exchange(m_delivery.delay, {}));
      m_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->deliver();
      });
      return;
    }
    m_stream.expires_after(k_idle_timeout);  // a long injected delay must not count as idle
    if (m_delivery.drip.count() == 0 && !m_delivery.cut_after) {
      http::async_write(m_stream, m_response,
                        beast::bind_front_handler(&Session::on_write, shared_from_this()));
      return;
    }
    std::ostringstream raw;
    raw << m_response;
    m_raw = raw.str();
    m_raw_header = m_raw.size() - m_response.body().size();
    m_raw_end = m_raw_header + std::min(m_delivery.cut_after.value_or(m_raw.size()), m_response.body().size());
    m_raw_sent = 0;
    write_raw();
  }

  // Writes the header at once, then the body whole or one byte per drip, up to the cut.
  void write_raw() {
    if (m_raw_sent >= m_raw_end) {
      if (m_delivery.cut_after) {
        reset();
      } else {
        on_write({}, 0);
      }
      return;
    }
    const bool dripping = m_delivery.drip.count() > 0 && m_raw_sent >= m_raw_header;
    const std::size_t chunk = dripping ? 1 : (m_delivery.drip.count() > 0 ? m_raw_header : m_raw_end) - m_raw_sent;
    m_stream.expires_after(k_idle_timeout);
    asio::async_write(m_stream, asio::buffer(m_raw.data() + m_raw_sent, chunk),
                      [self = shared_from_this(), dripping](beast::error_code ec, std::size_t written) {
                        if (ec) return self->close();  // the client gave up: fine
                        self->m_raw_sent += written;
                        if (!dripping) return self->write_raw();
                        self->m_timer.expires_after(self->m_delivery.drip);
                        self->m_timer.async_wait([self](beast::error_code wait_error) {
                          if (!wait_error) self->write_raw();
                        });
                      });
  }

  // SO_LINGER 0 makes close() send a RST: the client sees "connection reset", not an end.
  void reset() {
    beast::error_code ignored;
    m_stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
    m_stream.socket().close(ignored);
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!m_response.keep_alive()) {
      close();
      return;
    }
    read();
  }

  void close() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    m_stream.socket().close(ignored);
  }

  beast::tcp_stream m_stream;
  asio::steady_timer m_timer{m_stream.get_executor()};  // fault delays and drips
  Delivery m_delivery;
  std::string m_raw;  // a cut or dripped reply, serialized
  std::size_t m_raw_header = 0, m_raw_end = 0, m_raw_sent = 0;
  beast::flat_buffer m_buffer;
  http::request<http::string_body> m_request;
  http::response<http::string_body> m_response;
  const Shared* m_shared;
  std::uint64_t m_id;
  bool m_counted = false;  // in Stats::connections, once it carries an API request
};

class Listener {
 public:
  Listener(asio::io_context& io, tcp::acceptor& acceptor, const Shared& shared)
      : m_acceptor(&acceptor), m_retry(io), m_shared(&shared) {}

  void accept() {
    m_acceptor->async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        std::cerr << "jobwait-sim: accept failed: " << ec.message() << '\n';
        m_retry.expires_after(k_accept_retry);
        m_retry.async_wait([this](beast::error_code) { accept(); });
        return;
      }
      const std::uint64_t id = ++m_accepted;
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);  // small replies, answered at once
      std::make_shared<Session>(std::move(socket), *m_shared, id)->start();
      accept();
    });
  }

 private:
  tcp::acceptor* m_acceptor;
  asio::steady_timer m_retry;
  const Shared* m_shared;
  std::uint64_t m_accepted = 0;  // numbers connections in the request log
};

}  // namespace

tl::expected<void, std::string> serve(const ServerOptions& options, Stats& stats,
                                      const Handler& handler,
                                      const std::function<void(std::uint16_t)>& on_listening) {
  const Shared shared{&stats, &handler, options.verbose};
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  const tcp::endpoint endpoint{asio::ip::address_v4::loopback(), options.port};
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return tl::unexpected("cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " +
                          ec.message());
  }

  asio::signal_set signals{io, SIGINT, SIGTERM};
  signals.async_wait([&io](beast::error_code, int) { io.stop(); });

  Listener listener{io, acceptor, shared};
  listener.accept();
  on_listening(acceptor.local_endpoint().port());
  io.run();
  return {};
}

}  // namespace jobwait::sim
