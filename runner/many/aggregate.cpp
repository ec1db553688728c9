#include "many/aggregate.hpp"

#include <array>

namespace jobwait::many {

namespace {

constexpr std::array k_precedence{Outcome::interrupted, Outcome::config_error, Outcome::auth_error,
                                  Outcome::failed,      Outcome::cancelled,    Outcome::not_found,
                                  Outcome::api_error,   Outcome::timed_out,    Outcome::succeeded};

std::string count_of(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

int severity_rank(Outcome outcome) {
  for (std::size_t i = 0; i < k_precedence.size(); ++i) {
    if (k_precedence[i] == outcome) return static_cast<int>(i);
  }
  return 0;
}

Aggregate aggregate(const std::vector<JobRecord>& jobs, bool any) {
  Aggregate out;
  const JobRecord* decisive = nullptr;  // the job whose outcome is the step's: the first of its kind
  std::size_t same = 0, abandoned = 0;
  for (const JobRecord& job : jobs) {
    abandoned += job.abandoned ? 1 : 0;
    if (any && decisive == nullptr && !job.abandoned && job.wait.outcome == Outcome::succeeded) decisive = &job;
  }
  if (decisive == nullptr) {
    for (const JobRecord& job : jobs) {
      if (job.abandoned) continue;
      if (decisive == nullptr || severity_rank(job.wait.outcome) < severity_rank(decisive->wait.outcome)) {
        decisive = &job;
      }
    }
  }
  if (decisive == nullptr) {  // every job was abandoned: cannot happen without a stop
    out.outcome = Outcome::interrupted;
    out.message = "no job ended";
    return out;
  }
  out.outcome = decisive->wait.outcome;
  out.signal = decisive->wait.signal;
  for (const JobRecord& job : jobs) same += !job.abandoned && job.wait.outcome == out.outcome ? 1 : 0;

  const std::string total = count_of(jobs.size(), "job");
  const std::string first = "job " + decisive->id + ": " + decisive->wait.message;
  if (out.outcome == Outcome::interrupted) {
    out.message = decisive->wait.message + " while waiting on " + total;
  } else if (any && out.outcome == Outcome::succeeded) {
    out.message = first + (abandoned > 0 ? " (" + std::to_string(abandoned) + " others no longer waited on)" : "");
  } else if (out.outcome == Outcome::succeeded) {
    out.message = "all " + total + " succeeded";
  } else {
    out.message = std::to_string(same) + " of " + total + " " + std::string(to_string(out.outcome)) + "; first: " + first;
    if (abandoned > 0) out.message += " (" + std::to_string(abandoned) + " no longer waited on)";
  }
  return out;
}

}  // namespace jobwait::many
