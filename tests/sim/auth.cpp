#include "auth.hpp"

#include <algorithm>
#include <cstdlib>

#include "ids.hpp"
#include "replies.hpp"
#include "signature.hpp"

namespace jobwait::sim {

namespace {

// The gateway's limit on the distance between X-Sdk-Date and its own clock (signing.md §1).
constexpr std::chrono::minutes k_max_skew{15};

Reply refused(std::string_view detail, const Request& request) {
  return error_reply(401, "APIGW.0301", "Incorrect IAM authentication information: " + std::string(detail), request);
}

// YYYYMMDDTHHMMSSZ; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_sdk_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t width) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = at; i < at + width; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(4, 2), day = number(6, 2);
  const auto hour = number(9, 2), minute = number(11, 2), second = number(13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second);
}

bool lists(std::string_view signed_headers, std::string_view name) {
  while (!signed_headers.empty()) {
    const std::size_t semicolon = signed_headers.find(';');
    if (signed_headers.substr(0, semicolon) == name) return true;
    signed_headers = semicolon == std::string_view::npos ? std::string_view() : signed_headers.substr(semicolon + 1);
  }
  return false;
}

}  // namespace

Authenticator::Authenticator(std::string token, const IdentitySpec& identity)
    : m_token(std::move(token)), m_identity(&identity) {}

std::chrono::system_clock::time_point Authenticator::now() const {
  return std::chrono::system_clock::now() + m_identity->clock_skew;
}

std::string Authenticator::issue_token(std::chrono::system_clock::time_point expires) {
  // Real IAM tokens are long base64 blobs starting "MII"; the shape is what matters here.
  std::string token = "MIIsim" + new_request_id() + new_request_id();
  m_issued[token] = expires;
  return token;
}

// The gateway answers every failure with 401 (APIGW.0301, or APIGW.0303 for the clock);
// only the text after the colon differs (job-states.md, "Errors"). Clients must not retry.
std::optional<Reply> Authenticator::check(const Request& request) const {
  if (const auto authorization = request.header("Authorization"); authorization && !authorization->empty()) {
    return check_signature(request, *authorization);
  }
  const std::optional<std::string_view> token = request.header("X-Auth-Token");
  if (!token || token->empty()) return refused("x-auth-token not found", request);
  return check_token(request, *token);
}

std::optional<Reply> Authenticator::check_token(const Request& request, std::string_view token) const {
  if (!m_token.empty() && token == m_token) return std::nullopt;
  const auto issued = m_issued.find(token);
  if (issued == m_issued.end()) return refused("decrypt token fail", request);
  if (now() >= issued->second) return refused("the token expires", request);
  return std::nullopt;
}

std::optional<Reply> Authenticator::check_signature(const Request& request, std::string_view value) const {
  const std::optional<SignedAuthorization> authorization = parse_authorization(value);
  if (!authorization) return refused("the Authorization header is not an AK/SK signature", request);
  const auto& keys = m_identity->access_keys;
  const auto key = std::find_if(keys.begin(), keys.end(),
                                [&](const AccessKeySpec& spec) { return spec.ak == authorization->access_key; });
  if (key == keys.end()) return refused("the access key does not exist", request);

  const std::optional<std::string_view> date_text = request.header("X-Sdk-Date");
  const auto date = date_text ? parse_sdk_date(*date_text) : std::nullopt;
  if (!date || !lists(authorization->signed_headers, "x-sdk-date")) {
    return refused("X-Sdk-Date is missing, malformed or not signed", request);
  }
  const auto skew = *date > now() ? *date - now() : now() - *date;
  if (skew > k_max_skew) {
    return error_reply(401, "APIGW.0303",
                       "Incorrect app authentication information: the request time is not within 15 minutes of "
                       "the server time",
                       request);
  }
  if (!key->security_token.empty()) {
    if (request.header("X-Security-Token").value_or("") != key->security_token ||
        !lists(authorization->signed_headers, "x-security-token")) {
      return refused("the security token is missing, wrong or not signed", request);
    }
  }
  if (authorization->algorithm == "V11-HMAC-SHA256" && authorization->scope.substr(0, 8) != date_text->substr(0, 8)) {
    return refused("verify aksk signature fail", request);
  }
  if (expected_signature(*authorization, request, key->sk) != authorization->signature) {
    return refused("verify aksk signature fail", request);
  }
  return std::nullopt;
}

}  // namespace jobwait::sim
