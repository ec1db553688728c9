// The HTTP seam. Only curl_client.cpp includes <curl/curl.h>; everything else, and every
// provider test, talks to this interface.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "http/ca_bundle.hpp"

namespace jobwait::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method = "GET";
  std::string url;  // absolute, query included
  std::vector<Header> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // whole request, connect included
  std::chrono::milliseconds connect_timeout{10000};  // TCP and TLS setup; never beyond `timeout`
};

struct Response {
  int status = 0;
  std::vector<Header> headers;
  std::string body;

  // First header with this name, compared case-insensitively; empty when absent.
  std::string header(std::string_view name) const;
};

enum class TransportErrorKind {
  resolve,  // the host name did not resolve: a typo in a region shows so
  connect,  // no connection (to the server, or to the proxy: the message says which)
  timeout,
  reset,
  tls,  // the TLS handshake broke off: a network fault that the next try may not meet
  // The server's certificate failed verification (unknown CA, another host's name, expired),
  // or the trust store could not be loaded: the same every time, so never worth a retry.
  certificate,
  proxy_refused,  // the proxy answered 407: it wants (other) credentials, which no retry brings
  too_large,
  interrupted,
  other,
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::other;
  std::string message;
};

class Client {
 public:
  virtual ~Client() = default;
  // Sends one request and waits for the whole response. Non-2xx statuses are responses,
  // not errors; an error means no complete response arrived from the server (a proxy's 407
  // is the proxy's, not the server's: proxy_refused).
  virtual tl::expected<Response, TransportError> send(const Request& request) = 0;
  // TCP connections opened so far; a kept-alive wait opens one.
  virtual long connections_opened() const = 0;
};

// How HTTPS servers are checked. Certificate and host name verification are on unless
// `insecure`. Proxies come from libcurl's usual environment variables (https_proxy or
// HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY), which it reads by itself.
struct ClientOptions {
  // The certificates servers are checked against (ca_bundle.hpp), never libcurl's built-in
  // default. None: an https:// request fails unsent with ca.problem; http:// needs none.
  CaTrust ca;
  bool insecure = false;  // tls.insecure: no verification at all (the caller warns)
};

// The options for a step's tls.ca_file and tls.insecure: the trust store chosen by
// ca_bundle.hpp's order from the process environment and the file system (none is needed
// with `insecure`).
ClientOptions client_options(const std::string& ca_file, bool insecure);

// The libcurl client: one easy handle, so the connection is reused across polls.
std::unique_ptr<Client> make_curl_client(const ClientOptions& options = {});

}  // namespace jobwait::http
