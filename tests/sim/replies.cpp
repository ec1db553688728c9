#include "replies.hpp"

#include <boost/json/serialize.hpp>

namespace jobwait::sim {

Reply json_reply(int status, const boost::json::value& body) {
  Reply reply;
  reply.status = status;
  reply.body = boost::json::serialize(body);
  return reply;
}

Reply error_reply(int status, std::string_view code, std::string_view message,
                  const Request& request) {
  return json_reply(status, {{"error_code", code},
                             {"error_msg", message},
                             {"request_id", request.request_id}});
}

Reply no_such_api(const Request& request) {
  return error_reply(404, "APIGW.0101",
                     "The API does not exist or has not been published in the environment",
                     request);
}

}  // namespace jobwait::sim
