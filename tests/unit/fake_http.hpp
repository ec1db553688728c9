// A scripted http::Client for unit tests: records every request it is given and answers each
// with the next queued response or transport error (then repeats the last).
#pragma once

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/http_client.hpp"

namespace jobwait::test {

using Answer = std::variant<http::Response, http::TransportError>;

inline http::Response response(int status, std::string body = "", std::vector<http::Header> headers = {}) {
  http::Response out;
  out.status = status;
  out.body = std::move(body);
  out.headers = std::move(headers);
  return out;
}

class FakeHttp final : public http::Client {
 public:
  void answer(Answer next) { m_answers.push_back(std::move(next)); }

  tl::expected<http::Response, http::TransportError> send(const http::Request& request) override {
    m_sent.push_back(request);
    Answer next = m_answers.empty() ? Answer(response(200, "{}")) : m_answers.front();
    if (m_answers.size() > 1) m_answers.pop_front();
    if (auto* error = std::get_if<http::TransportError>(&next)) return tl::unexpected(*error);
    return std::get<http::Response>(next);
  }
  long connections_opened() const override { return 1; }

  const std::vector<http::Request>& sent() const { return m_sent; }

 private:
  std::deque<Answer> m_answers;
  std::vector<http::Request> m_sent;
};

// The value of the first header with this name (case-insensitive); "" when absent.
inline std::string header_of(const http::Request& request, std::string_view name) {
  http::Response as_response;
  as_response.headers = request.headers;
  return as_response.header(name);
}

// How many headers have this name (case-insensitive).
inline int count_of(const http::Request& request, std::string_view name) {
  int count = 0;
  for (const http::Header& header : request.headers) {
    const bool same = header.name.size() == name.size() &&
                      std::equal(name.begin(), name.end(), header.name.begin(), [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                      });
    if (same) ++count;
  }
  return count;
}

}  // namespace jobwait::test
