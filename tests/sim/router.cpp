#include "router.hpp"

#include <algorithm>
#include <chrono>

#include <boost/json.hpp>

#include "ids.hpp"
#include "replies.hpp"
#include "services/registry.hpp"

namespace jobwait::sim {

namespace {

struct Match {
  std::string project_id;
  std::string job_id;
};

std::optional<Match> match(const std::vector<std::string>& pattern,
                           const std::vector<std::string>& segments) {
  if (pattern.size() != segments.size()) return std::nullopt;
  Match result;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{project_id}" || pattern[i] == "{job_id}") {
      if (segments[i].empty()) return std::nullopt;
      (pattern[i] == "{job_id}" ? result.job_id : result.project_id) = segments[i];
    } else if (pattern[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return result;
}

}  // namespace

Router::Router(const Scenario& scenario, Stats& stats)
    : m_stats(&stats),
      m_auth(scenario.token, scenario.identity),
      m_iam(scenario.identity, m_auth),
      m_iam_faults(scenario.iam_faults, std::nullopt, std::nullopt) {
  for (const services::Service& service : services::all_services()) {
    m_routes.push_back({&service, parse_target(service.path).segments});
  }
  const SysTime created = std::chrono::system_clock::now();
  m_jobs.reserve(scenario.jobs.size());
  for (const JobSpec& job : scenario.jobs) {
    m_index.emplace(JobKey{job.provider, job.project_id, job.id}, m_jobs.size());
    m_jobs.emplace_back(job, created);
    m_faults.emplace_back(job.faults, job.appear_after, job.vanish_after);
  }
}

Reply Router::handle(Request request) {
  request.request_id = new_request_id();
  Reply reply = dispatch(request);
  if (reply.api) {
    ++m_stats->requests;
    count_request(std::chrono::steady_clock::now());
  }
  // Every service answers with this exact spelling (the pages' default Content-Type); a
  // gateway's own error page (an injected 502) says text/html.
  const bool typed = std::any_of(reply.headers.begin(), reply.headers.end(),
                                 [](const auto& header) { return header.first == "Content-Type"; });
  if (!typed) reply.headers.emplace_back("Content-Type", "application/json;charset=utf8");
  reply.headers.emplace_back("X-Request-Id", request.request_id);
  return reply;
}

// The gateway decides first: an unknown path or method is APIGW.0101 whatever the
// credentials, then authentication; only then does the service look at the request.
Reply Router::dispatch(const Request& request) {
  const Target target = parse_target(request.target);
  if (target.segments == std::vector<std::string>{"__sim", "stats"} && request.method == "GET") {
    // ?jobs=none: the totals only, for scenarios with thousands of jobs.
    const auto jobs = target.query.find("jobs");
    Reply reply = stats(jobs == target.query.end() || jobs->second != "none");
    reply.api = false;
    return reply;
  }
  if (auto answer = m_iam.handle(request, target)) return iam_with_faults(request, std::move(*answer));
  if (request.method != "GET") return no_such_api(request);
  for (const Route& route : m_routes) {
    const std::optional<Match> found = match(route.segments, target.segments);
    if (!found) continue;
    if (auto denied = m_auth.check(request)) return *denied;
    const services::Service& service = *route.service;
    const auto entry = m_index.find(JobKey{service.provider, found->project_id, found->job_id});
    JobState* job = entry == m_index.end() ? nullptr : &m_jobs[entry->second];
    if (service.check != nullptr) {
      if (auto refused = service.check(request, job != nullptr ? &job->spec() : nullptr)) {
        return *refused;
      }
    }
    if (job == nullptr) return service.not_found(request, found->job_id);
    // Faults (faults.hpp): a replaced answer or a hidden job leaves the job where it was.
    const FaultDecision fault =
        m_faults[entry->second].on_request(request, std::chrono::steady_clock::now(), job->polls());
    Reply reply;
    if (fault.replace) {
      reply = *fault.replace;
    } else if (fault.hidden) {
      reply = service.not_found(request, found->job_id);
    } else {
      reply = service.render(request, job->poll(std::chrono::steady_clock::now(), std::chrono::system_clock::now()));
    }
    if (fault.mangle != nullptr) JobFaults::mangle(*fault.mangle, reply);
    reply.delivery.delay = fault.delivery.delay;
    reply.delivery.drip = fault.delivery.drip;
    reply.job_id = found->job_id;
    return reply;
  }
  return no_such_api(request);
}

// IAM's faults, numbered over its requests: a replaced answer stands in for IAM's own (a login
// it replaces issues a token nobody receives, which is harmless).
Reply Router::iam_with_faults(const Request& request, Reply answer) {
  const FaultDecision fault = m_iam_faults.on_request(request, std::chrono::steady_clock::now(), 0);
  Reply reply = fault.replace ? *fault.replace : fault.hidden ? no_such_api(request) : std::move(answer);
  if (fault.mangle != nullptr) JobFaults::mangle(*fault.mangle, reply);
  reply.delivery.delay = fault.delivery.delay;
  reply.delivery.drip = fault.delivery.drip;
  return reply;
}

void Router::count_request(std::chrono::steady_clock::time_point now) {
  m_last_second.push_back(now);
  while (now - m_last_second.front() >= std::chrono::seconds(1)) m_last_second.pop_front();
  m_stats->peak_requests_per_second = std::max<std::uint64_t>(m_stats->peak_requests_per_second, m_last_second.size());
}

Reply Router::stats(bool with_jobs) const {
  boost::json::object jobs;
  for (std::size_t i = 0; with_jobs && i < m_jobs.size(); ++i) {
    // polls: answered with the job; requests: every request for it, faulted ones included.
    jobs[m_jobs[i].spec().id] =
        boost::json::object{{"polls", m_jobs[i].polls()}, {"requests", m_faults[i].requests()}};
    // Time-driven jobs: when each ended and when a request first saw it, after its first poll.
    const auto seconds = [](std::optional<double> value) {
      return value ? boost::json::value(*value) : boost::json::value(nullptr);
    };
    boost::json::object& job = jobs[m_jobs[i].spec().id].as_object();
    job["ended_after_seconds"] = seconds(m_jobs[i].ended_after());
    job["seen_ended_after_seconds"] = seconds(m_jobs[i].seen_ended_after());
  }
  boost::json::object out{{"connections", m_stats->connections},
                          {"requests", m_stats->requests},
                          {"open_connections", m_stats->open_connections},
                          {"peak_open_connections", m_stats->peak_open_connections},
                          {"peak_requests_per_second", m_stats->peak_requests_per_second},
                          {"job_count", m_jobs.size()},
                          {"iam_requests", m_iam_faults.requests()}};
  if (with_jobs) out["jobs"] = std::move(jobs);
  return json_reply(200, std::move(out));
}

}  // namespace jobwait::sim
