// What `jobwait run` waits on: the step's job behind the poll loop's JobSource, whichever kind
// of provider it has (a built-in or declared HTTP API, or an external command), and what the
// artifact says about how it was asked.
#pragma once

#include <memory>
#include <string>

#include "http/http_client.hpp"
#include "model/http_stats.hpp"
#include "model/step_config.hpp"
#include "wait/poll_loop.hpp"

namespace jobwait {

class Watcher;

class WatchedJob : public JobSource {
 public:
  // What is asked, for the log and the artifact's `url`: the status URL (credentials travel in
  // headers, never here), or "exec:" and the command line.
  virtual const std::string& url() const = 0;
  // HTTP: requests and answers. exec: `requests` counts runs, `transport_errors` failed runs.
  virtual const HttpStats& stats() const = 0;
  // The request every poll sends (secret header values too: redact before printing); nullptr
  // when no HTTP request is sent (exec).
  virtual const http::Request* request() const { return nullptr; }
  // The HTTP watcher behind it, for an event loop that sends the requests itself; nullptr when
  // a poll is not one HTTP request (exec: the loop calls poll()).
  virtual Watcher* http_watcher() { return nullptr; }
};

// The job a loaded step file names (its provider is known: the loader checked). HTTP
// providers send through `client`; exec ignores it.
std::unique_ptr<WatchedJob> watch_job(const config::StepConfig& step, http::Client& client);

}  // namespace jobwait
