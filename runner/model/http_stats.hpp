// What the artifact reports about the HTTP side of one wait.
#pragma once

#include <map>
#include <string>

namespace jobwait {

struct HttpStats {
  int requests = 0;
  std::map<int, int> by_status;  // HTTP status code -> responses
  int transport_errors = 0;      // requests that got no complete response
  int throttled = 0;             // 429 answers: the service asked us to slow down
  long connections_opened = 0;
  std::string last_request_id;
};

}  // namespace jobwait
