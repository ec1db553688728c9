// The multi client: libcurl's multi interface, one easy handle per request in flight (kept for
// the next one), one shared connection cache, curl_multi_poll woken by the stop signal's pipe.
#include <curl/curl.h>

#include <algorithm>
#include <vector>

#include "http/curl_transfer.hpp"
#include "http/multi_client.hpp"
#include "wait/signals.hpp"

namespace jobwait::http {

namespace {

struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

// An easy handle with the request it carries; reused, so its buffers and settings stay warm.
struct Slot {
  detail::EasyHandle easy;
  std::unique_ptr<detail::Transfer> transfer;
  std::size_t tag = 0;
};

class CurlMultiClient final : public MultiClient {
 public:
  explicit CurlMultiClient(const MultiOptions& options) : m_options(options) {
    detail::ensure_global_init();
    m_multi.reset(curl_multi_init());
    if (!m_multi) return;
    curl_multi_setopt(m_multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(m_multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
    curl_multi_setopt(m_multi.get(), CURLMOPT_MAXCONNECTS, options.max_connections);
  }

  ~CurlMultiClient() override {
    for (Slot& slot : m_slots) {
      if (slot.transfer && m_multi) curl_multi_remove_handle(m_multi.get(), slot.easy.get());
    }
  }

  CurlMultiClient(const CurlMultiClient&) = delete;
  CurlMultiClient& operator=(const CurlMultiClient&) = delete;

  void start(const Request& request, std::size_t tag) override {
    const std::size_t index = free_slot();
    Slot& slot = m_slots[index];
    slot.tag = tag;
    slot.transfer = std::make_unique<detail::Transfer>();
    CURL* easy = slot.easy.get();
    if (easy == nullptr || !m_multi) {
      fail_now(index, {TransportErrorKind::other, "cannot start the request (out of memory)"});
      return;
    }
    if (std::optional<TransportError> refused = detail::configure(easy, request, *slot.transfer, m_options.tls)) {
      fail_now(index, *std::move(refused));
      return;
    }
    // Wait for a connection that may multiplex (HTTP/2) rather than open another at once.
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, reinterpret_cast<void*>(index));
    if (curl_multi_add_handle(m_multi.get(), easy) != CURLM_OK) {
      fail_now(index, {TransportErrorKind::other, "cannot start the request"});
      return;
    }
    ++m_in_flight;
  }

  std::vector<Finished> wait(std::chrono::milliseconds timeout) override {
    std::vector<Finished> done = std::move(m_failed_early);
    m_failed_early.clear();
    if (!m_multi) return done;
    int running = 0;
    curl_multi_perform(m_multi.get(), &running);
    collect(done);
    if (!done.empty() || stop_signal() != 0) return done;
    curl_waitfd extra[1];
    unsigned extra_count = 0;
    if (const int fd = stop_wake_fd(); fd >= 0) {
      extra[0] = {fd, CURL_WAIT_POLLIN, 0};
      extra_count = 1;
    }
    const int ms = static_cast<int>(std::max<long long>(0, timeout.count()));
    curl_multi_poll(m_multi.get(), extra, extra_count, ms, nullptr);
    curl_multi_perform(m_multi.get(), &running);
    collect(done);
    return done;
  }

  std::size_t in_flight() const override { return m_in_flight; }

 private:
  std::size_t free_slot() {
    if (!m_free.empty()) {
      const std::size_t index = m_free.back();
      m_free.pop_back();
      return index;
    }
    m_slots.push_back({detail::EasyHandle(curl_easy_init()), nullptr, 0});
    return m_slots.size() - 1;
  }

  void fail_now(std::size_t index, TransportError why) {
    Slot& slot = m_slots[index];
    m_failed_early.push_back({slot.tag, tl::unexpected(std::move(why)), 0});
    slot.transfer.reset();
    m_free.push_back(index);
  }

  void collect(std::vector<Finished>& done) {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      void* index_ptr = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &index_ptr);
      const auto index = reinterpret_cast<std::size_t>(index_ptr);
      Slot& slot = m_slots[index];
      long connects = 0;
      curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
      curl_multi_remove_handle(m_multi.get(), easy);
      done.push_back({slot.tag, detail::conclude(easy, code, *slot.transfer), connects});
      slot.transfer.reset();
      m_free.push_back(index);
      --m_in_flight;
    }
  }

  MultiOptions m_options;
  MultiHandle m_multi;
  std::vector<Slot> m_slots;
  std::vector<std::size_t> m_free;
  std::vector<Finished> m_failed_early;  // could not start: reported by the next wait()
  std::size_t m_in_flight = 0;
};

}  // namespace

std::unique_ptr<MultiClient> make_curl_multi_client(const MultiOptions& options) {
  return std::make_unique<CurlMultiClient>(options);
}

}  // namespace jobwait::http
