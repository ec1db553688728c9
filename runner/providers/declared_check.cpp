// check_declaration (declared.hpp): the rules of a [job.http] declaration that no single key's
// type can express. Run by the loader once a preset has been merged in, so a preset and a
// step file's own declaration are held to the same rules.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "providers/declared.hpp"

#include "util/text.hpp"

namespace jobwait::providers {

namespace {

using config::HttpSpec;

// Not named quoted(): for a std::string argument, argument-dependent lookup also finds
// std::quoted (GCC 14's <chrono> includes <iomanip>), an exact match that wins over this
// string_view one and returns a stream manipulator, not a string.
std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// RFC 9110 token characters: what a header name may hold.
bool is_token(std::string_view name) {
  constexpr std::string_view k_extra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || k_extra.find(c) != std::string_view::npos;
  });
}

// A DNS label: the {service} part of https://{service}.{region}.myhuaweicloud.com.
bool is_host_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<KeyProblem> check_path(const std::string& path) {
  if (path.empty()) return std::nullopt;  // required_keys reports a missing one
  if (path.front() != '/') return KeyProblem{"job.http.path", "must start with '/', got " + in_quotes(path)};
  if (path.find('#') != std::string::npos) return KeyProblem{"job.http.path", "a request path has no #fragment"};
  for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const std::size_t close = path.find('}', open);
    const std::string_view name = std::string_view(path).substr(open, close == std::string::npos ? close : close - open + 1);
    if (name != "{project_id}" && name != "{job_id}") {
      return KeyProblem{"job.http.path", "unknown placeholder " + in_quotes(name) + " (only {project_id} and {job_id})"};
    }
  }
  return std::nullopt;
}

std::optional<KeyProblem> check_request(const HttpSpec& http) {
  constexpr std::array<std::string_view, 3> k_methods{"GET", "POST", "PUT"};
  if (std::find(k_methods.begin(), k_methods.end(), http.method) == k_methods.end()) {
    return KeyProblem{"job.http.method", "must be \"GET\", \"POST\" or \"PUT\", got " + in_quotes(http.method)};
  }
  if (!http.body.empty() && http.method == "GET") {
    return KeyProblem{"job.http.body", "a body needs method \"POST\" or \"PUT\""};
  }
  // The HttpJob sets these itself; a second copy would be ambiguous or a leak of auth.
  constexpr std::array<std::string_view, 5> k_reserved{"Host", "Content-Length", "X-Auth-Token", "Accept",
                                                       "Content-Type"};
  for (const auto& [name, value] : http.headers) {
    if (!is_token(name)) return KeyProblem{"job.http.headers", in_quotes(name) + " is not a header name"};
    for (std::string_view reserved : k_reserved) {
      if (iequals(name, reserved)) return KeyProblem{"job.http.headers", in_quotes(name) + " is set by jobwait itself"};
    }
  }
  return std::nullopt;
}

std::optional<KeyProblem> check_tasks(const HttpSpec& http) {
  const std::pair<std::string_view, const std::string*> fields[] = {{"job.http.task_id", &http.task_id},
                                                                    {"job.http.task_name", &http.task_name},
                                                                    {"job.http.task_status", &http.task_status},
                                                                    {"job.http.task_message", &http.task_message}};
  for (const auto& [key, pointer] : fields) {
    if (!pointer->empty() && http.tasks.empty()) {
      return KeyProblem{std::string(key), "needs job.http.tasks (where the tasks are)"};
    }
  }
  if (!http.tasks.empty() && http.task_status.empty()) {
    return KeyProblem{"job.http.task_status", "missing: job.http.tasks needs it (where each task's status is)"};
  }
  return std::nullopt;
}

// Each value means one thing: a value in two lists (or stalled and terminal) is refused.
std::optional<KeyProblem> check_lists(const HttpSpec& http) {
  const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
      {"job.http.success", &http.success}, {"job.http.failure", &http.failure},
      {"job.http.cancelled", &http.cancelled}, {"job.http.pending", &http.pending},
      {"job.http.running", &http.running}};
  for (std::size_t i = 0; i < std::size(lists); ++i) {
    for (const std::string& value : *lists[i].second) {
      for (std::size_t j = i; j < std::size(lists); ++j) {
        const auto& other = *lists[j].second;
        const auto copies = std::count(other.begin(), other.end(), value);
        if (copies > (i == j ? 1 : 0)) {
          return KeyProblem{std::string(lists[j].first),
                            in_quotes(value) + (i == j ? " is listed twice" : " is also in " + std::string(lists[i].first))};
        }
      }
    }
  }
  for (const std::string& value : http.stalled) {
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& terminal = *lists[i].second;
      if (std::find(terminal.begin(), terminal.end(), value) != terminal.end()) {
        return KeyProblem{"job.http.stalled", in_quotes(value) + " is in " + std::string(lists[i].first) +
                                                  ": a stalled value is not terminal"};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<KeyProblem> check_declaration(const config::JobConfig& job) {
  if (!job.service.empty() && !is_host_label(job.service)) {
    return KeyProblem{"job.service", "must be a host label such as \"ecs\" (a-z, 0-9, '-'), got " + in_quotes(job.service)};
  }
  if (job.service.empty() && job.endpoint.empty()) {
    return KeyProblem{"job.service", "missing: the host https://{service}." + job.region +
                                         ".myhuaweicloud.com needs it (v1-jobs: ecs, evs, ims or vpc), or set job.endpoint"};
  }
  if (auto problem = check_path(job.http.path)) return problem;
  if (auto problem = check_request(job.http)) return problem;
  if (auto problem = check_tasks(job.http)) return problem;
  return check_lists(job.http);
}

}  // namespace jobwait::providers
