#include "http/curl_transfer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/certificate_error.hpp"
#include "util/text.hpp"
#include "wait/signals.hpp"

namespace jobwait::http::detail {

namespace {

// A body larger than this is not a job status; stop reading rather than exhaust memory.
constexpr std::size_t k_max_body_bytes = 8 * 1024 * 1024;
constexpr std::size_t k_max_header_bytes = 64 * 1024;

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~GlobalInit() { curl_global_cleanup(); }
  GlobalInit(const GlobalInit&) = delete;
  GlobalInit& operator=(const GlobalInit&) = delete;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer.response.body.size() + bytes > k_max_body_bytes) {
    transfer.too_large = "body over 8 MiB";
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  transfer.response.body.append(data, bytes);
  return bytes;
}

// Whether a Content-Length header declares more than the body cap: a number too big for
// 64 bits does too.
bool declares_too_much(const std::string& name, const std::string& value) {
  if (!iequals(name, "content-length")) return false;
  std::uint64_t length = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (ec == std::errc::result_out_of_range) return true;
  return ec == std::errc{} && length > k_max_body_bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  transfer.header_bytes += bytes;
  if (transfer.header_bytes > k_max_header_bytes) {
    transfer.too_large = "headers over 64 KiB";
    return 0;  // likewise: curl fails the transfer with CURLE_WRITE_ERROR
  }
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    transfer.response.headers.clear();  // a new response (after 100 Continue) starts over
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    Header header{std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))};
    // A body declared over the cap is refused now, from its header: on_body would refuse it
    // only once 8 MiB had come, and a server that declares a lot and sends little would hold
    // the poll until the request timeout.
    if (declares_too_much(header.name, header.value)) {
      transfer.too_large = "body over 8 MiB";
      return 0;
    }
    transfer.response.headers.push_back(std::move(header));
  }
  return bytes;
}

// Called by curl at least once a second during a transfer: a non-zero return aborts it,
// which is how a stop signal cuts a hung request short.
int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return stop_signal() != 0 ? 1 : 0;
}

// A proxy's refusal of the tunnel (CONNECT) or of the request itself: 407 wants credentials.
TransportError proxy_refusal(long status, const Transfer& transfer) {
  const std::string who = transfer.proxy ? describe(*transfer.proxy) : "a proxy on the way (none is set for this URL)";
  if (status != 407) {
    return {TransportErrorKind::other, who + " refused the request: HTTP " + std::to_string(status)};
  }
  const std::string fix =
      transfer.proxy && transfer.proxy->with_credentials
          ? "check the user and password in " + transfer.proxy->variable
          : "give them in " + (transfer.proxy ? transfer.proxy->variable : std::string("https_proxy")) +
                " as http://USER:PASSWORD@HOST:PORT";
  return {TransportErrorKind::proxy_refused,
          who + " refused the request: HTTP 407 Proxy Authentication Required (the proxy wants credentials: " + fix +
              ")"};
}

TransportError translate(CURL* easy, CURLcode code, const char* detail, const Transfer& transfer) {
  std::string message = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  // With a proxy, every connection is to the proxy: a tunnel it refused, or no connection
  // at all, is the proxy's doing, and a message naming only an address would not say so.
  long connect_status = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &connect_status);
  if (connect_status >= 300) return proxy_refusal(connect_status, transfer);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return {TransportErrorKind::resolve, message};
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      if (transfer.proxy) {
        return {TransportErrorKind::connect, "cannot reach " + describe(*transfer.proxy) + ": " + message};
      }
      return {TransportErrorKind::connect, message};
    case CURLE_OPERATION_TIMEDOUT:
      return {TransportErrorKind::timeout, message};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return {TransportErrorKind::reset, message};
    case CURLE_PEER_FAILED_VERIFICATION: {
      long verify_result = 0;
      curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &verify_result);
      return {TransportErrorKind::certificate, certificate_failure(verify_result, message, transfer.ca)};
    }
    case CURLE_SSL_CACERT_BADFILE:
      return {TransportErrorKind::certificate, trust_store_failure(message, transfer.ca)};
    case CURLE_SSL_CONNECT_ERROR:  // a handshake cut short: the network's, not the certificate's
    case CURLE_SSL_CERTPROBLEM:
      return {TransportErrorKind::tls, message};
    case CURLE_ABORTED_BY_CALLBACK:
      return {TransportErrorKind::interrupted, "interrupted by a stop signal"};
    case CURLE_WRITE_ERROR:
      if (transfer.too_large != nullptr) return {TransportErrorKind::too_large, transfer.too_large};
      return {TransportErrorKind::other, message};
    default:
      return {TransportErrorKind::other, message};
  }
}

}  // namespace

void ensure_global_init() { static GlobalInit init; }

std::optional<TransportError> configure(CURL* easy, const Request& request, Transfer& transfer,
                                        const ClientOptions& options) {
  // Never libcurl's own default trust (a static build has none), never none: unverified only
  // when tls.insecure says so.
  const CaBundle* ca = options.ca.bundle ? &*options.ca.bundle : nullptr;
  if (ca == nullptr && !options.insecure && needs_ca(request.url)) {
    return TransportError{TransportErrorKind::tls, options.ca.problem};
  }
  for (const Header& header : request.headers) {
    const std::string line = header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
    curl_slist* grown = curl_slist_append(transfer.headers.get(), line.c_str());
    if (grown == nullptr) return TransportError{TransportErrorKind::other, "out of memory"};
    (void)transfer.headers.release();
    transfer.headers.reset(grown);
  }
  transfer.body = request.body;
  transfer.ca = options.insecure ? nullptr : &options.ca;
  transfer.proxy = proxy_for(request.url, config::process_environment());
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers.get());
  curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method == "GET" ? nullptr : request.method.c_str());
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer.body.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer.body.size()));
  }
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  const long connect_ms = std::max<long>(1, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, connect_ms));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // our own signal handlers stay in charge
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not a detour
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "jobwait/" JOBWAIT_VERSION);
  // Both set every time (null: none), so that only the chosen store is trusted: not also a
  // CAPATH or CAINFO compiled into libcurl, nor one left on a reused handle.
  curl_easy_setopt(easy, CURLOPT_CAINFO, ca != nullptr && !ca->file.empty() ? ca->file.c_str() : nullptr);
  curl_easy_setopt(easy, CURLOPT_CAPATH, ca != nullptr && !ca->dir.empty() ? ca->dir.c_str() : nullptr);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error);
  return std::nullopt;
}

tl::expected<Response, TransportError> conclude(CURL* easy, CURLcode code, Transfer& transfer) {
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);  // the list dies with the transfer
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return tl::unexpected(translate(easy, code, transfer.error, transfer));
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // Only a proxy sends 407 (RFC 9110, 15.5.8): the answer is the proxy's, not the server's,
  // and its body (which may echo Proxy-Authorization) is not an API error to print.
  if (status == 407) return tl::unexpected(proxy_refusal(status, transfer));
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace jobwait::http::detail
