#include "auth.hpp"

#include "replies.hpp"

namespace jobwait::sim {

// The gateway answers both cases with APIGW.0301; only the text after the colon differs
// (job-states.md, "Errors"). Clients must not retry it.
std::optional<Reply> Authenticator::check(const Request& request) const {
  const std::optional<std::string_view> token = request.header("X-Auth-Token");
  if (!token || token->empty()) {
    return error_reply(401, "APIGW.0301",
                       "Incorrect IAM authentication information: x-auth-token not found",
                       request);
  }
  if (*token != m_token) {
    return error_reply(401, "APIGW.0301",
                       "Incorrect IAM authentication information: decrypt token fail", request);
  }
  return std::nullopt;
}

}  // namespace jobwait::sim
