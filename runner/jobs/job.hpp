// The step's job as jobwait polls it: a JobSource (the wait engine's interface) that also says
// what it asks, for the log and the artifact. One kind per transport: HttpJob (http_job.hpp, one
// HTTP request per poll) and ExecJob (exec_job.hpp, one command run per poll). The registry
// (registry.hpp) makes the one the step's provider needs.
#pragma once

#include <string>

#include "http/http_client.hpp"
#include "model/http_stats.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait {

class HttpJob;

class Job : public JobSource {
 public:
  // What is asked, for the log and the artifact's `url`: the status URL (credentials travel in
  // headers, never here), or "exec:" and the command line.
  virtual const std::string& url() const = 0;
  // HTTP: requests and answers. exec: `requests` counts runs, `transport_errors` failed runs.
  virtual const HttpStats& stats() const = 0;
  // The request every poll sends (secret header values too: redact before printing); nullptr
  // when no HTTP request is sent (exec).
  virtual const http::Request* request() const { return nullptr; }
  // This job as an HttpJob, for an event loop that sends the requests itself; nullptr when a
  // poll is not one HTTP request (exec: the loop calls poll()).
  virtual HttpJob* http_job() { return nullptr; }
};

}  // namespace jobwait
