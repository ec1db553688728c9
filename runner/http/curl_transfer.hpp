// What the blocking client (curl_client.cpp) and the multi client (curl_multi.cpp) share: how
// one request becomes an easy handle's settings, and how its result becomes a Response or a
// TransportError. Internal to runner/http/: the only other place <curl/curl.h> is seen.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include <curl/curl.h>
#include <tl/expected.hpp>

#include "http/http_client.hpp"
#include "http/proxy.hpp"

namespace jobwait::http::detail {

// curl_global_init once per process, before the first handle.
void ensure_global_init();

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// One request in progress: what it sends (curl keeps pointers into it, so it must stay put
// until the transfer ends) and what has come back so far.
struct Transfer {
  Slist headers;
  std::string body;  // the request body
  char error[CURL_ERROR_SIZE] = {};
  Response response;
  std::size_t header_bytes = 0;
  // Which limit the answer broke ("body over 8 MiB", "headers over 64 KiB"); null: none. The
  // HttpJob prefixes "response too large: ", so this says only which part and why.
  const char* too_large = nullptr;
  // For the error messages: what the server's certificate was checked against (null: nothing,
  // tls.insecure), and the proxy the request goes through, without its userinfo.
  const CaTrust* ca = nullptr;
  std::optional<ProxyUse> proxy;
};

// Sets every option of `easy` for `request`, pointing it at `transfer`. An error: the request
// must not be sent (out of memory, or an https:// URL with no trust store to check it by).
std::optional<TransportError> configure(CURL* easy, const Request& request, Transfer& transfer,
                                        const ClientOptions& options);

// The transfer's outcome: the response, or why none came. Also detaches `transfer` from `easy`.
tl::expected<Response, TransportError> conclude(CURL* easy, CURLcode code, Transfer& transfer);

}  // namespace jobwait::http::detail
