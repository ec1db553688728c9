// The blocking libcurl client (curl_transfer.hpp holds what it shares with the multi client).
// One easy handle lives as long as the client, so libcurl's connection cache keeps one TCP
// (and TLS) connection alive across every poll of a wait.
#include "http/http_client.hpp"

#include <memory>

#include "http/curl_transfer.hpp"

namespace jobwait::http {

namespace {

class CurlClient final : public Client {
 public:
  explicit CurlClient(ClientOptions options) : m_options(std::move(options)) {
    detail::ensure_global_init();
    m_handle.reset(curl_easy_init());
  }

  tl::expected<Response, TransportError> send(const Request& request) override {
    if (!m_handle) return tl::unexpected(TransportError{TransportErrorKind::other, "curl_easy_init failed"});
    CURL* easy = m_handle.get();
    detail::Transfer transfer;
    if (std::optional<TransportError> refused = detail::configure(easy, request, transfer, m_options)) {
      return tl::unexpected(*std::move(refused));
    }
    const CURLcode code = curl_easy_perform(easy);
    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    m_connections += connects;
    return detail::conclude(easy, code, transfer);
  }

  long connections_opened() const override { return m_connections; }

 private:
  ClientOptions m_options;
  detail::EasyHandle m_handle;
  long m_connections = 0;
};

}  // namespace

std::unique_ptr<Client> make_curl_client(const ClientOptions& options) {
  return std::make_unique<CurlClient>(options);
}

}  // namespace jobwait::http
