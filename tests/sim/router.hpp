// From a request to a reply: the gateway's part (which API, who is calling), then the
// service's (its checks, the job lookup, the rendering). No I/O here: the server loop calls in.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "auth.hpp"
#include "faults.hpp"
#include "iam.hpp"
#include "job_state.hpp"
#include "message.hpp"
#include "scenario.hpp"
#include "services/service.hpp"
#include "stats.hpp"

namespace jobwait::sim {

class Router {
 public:
  // Both must outlive the router; the jobs are taken as submitted now.
  Router(const Scenario& scenario, Stats& stats);

  // Answers one request. Every reply gets Content-Type and X-Request-Id here.
  Reply handle(Request request);

 private:
  struct Route {
    const services::Service* service;
    std::vector<std::string> segments;  // "{project_id}" and "{job_id}" match any one segment
  };
  using JobKey = std::tuple<Provider, std::string, std::string>;  // provider, project, job

  Reply dispatch(const Request& request);
  Reply iam_with_faults(const Request& request, Reply answer);
  Reply stats(bool with_jobs) const;
  void count_request(std::chrono::steady_clock::time_point now);

  Stats* m_stats;
  Authenticator m_auth;
  Iam m_iam;  // POST /v3/auth/tokens, GET /v3/projects
  std::vector<Route> m_routes;
  std::vector<JobState> m_jobs;
  std::vector<JobFaults> m_faults;  // parallel to m_jobs
  JobFaults m_iam_faults;           // Scenario::iam_faults; counts every IAM request
  std::map<JobKey, std::size_t> m_index;
  std::deque<std::chrono::steady_clock::time_point> m_last_second;  // API requests, for the peak rate
};

}  // namespace jobwait::sim
