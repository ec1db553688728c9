#include "providers/declared.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "http/url.hpp"
#include "providers/json_fields.hpp"
#include "util/json_pointer.hpp"

namespace jobwait::providers {

namespace {

// Fills {project_id} and {job_id}; `encode` for the path, where they are one segment each.
std::string fill(std::string text, const config::JobConfig& job, bool encode) {
  const std::pair<std::string_view, const std::string*> fields[] = {{"{project_id}", &job.project_id},
                                                                    {"{job_id}", &job.id}};
  for (const auto& [placeholder, value] : fields) {
    const std::string replacement = encode ? http::percent_encode(*value) : *value;
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + replacement.size())) {
      text.replace(at, placeholder.size(), replacement);
    }
  }
  return text;
}

// name=value pairs of a template's query, decoded, then filled in (raw: encoded when sent).
std::vector<std::pair<std::string, std::string>> query_of(std::string_view query, const config::JobConfig& job) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t equals = part.find('=');
    const std::string_view value = equals == std::string_view::npos ? std::string_view{} : part.substr(equals + 1);
    pairs.emplace_back(fill(http::percent_decode(part.substr(0, equals)), job, false), fill(http::percent_decode(value), job, false));
  }
  return pairs;
}

// A pointer that is not set reads nothing (the empty pointer would mean the whole document).
const boost::json::value* at(const boost::json::value& root, const std::string& pointer) {
  return pointer.empty() ? nullptr : json::resolve(root, pointer);
}

class Declared final : public Provider {
 public:
  explicit Declared(const config::JobConfig& job)
      : m_name(job.provider), m_service(job.service), m_http(job.http), m_statuses(declared_statuses(job.http)) {}

  std::string_view name() const override { return m_name; }
  std::string_view service() const override { return m_service; }
  std::string_view path_template() const override { return m_http.path; }
  std::string_view status_field() const override { return m_http.status; }
  const StatusMap& statuses() const override { return m_statuses; }

  RequestSpec request(const config::JobConfig& job) const override {
    RequestSpec spec;
    // A query in the template (RDS: /v3/{project_id}/jobs?id={job_id}) goes into spec.query,
    // so the HttpJob and the AK/SK signer put it in canonical order and encode it once.
    const std::size_t question = m_http.path.find('?');
    spec.path = fill(m_http.path.substr(0, question), job, true);
    if (question != std::string::npos) spec.query = query_of(std::string_view(m_http.path).substr(question + 1), job);
    spec.method = m_http.method;
    spec.body = fill(m_http.body, job, false);
    for (const auto& [header, value] : m_http.headers) spec.headers.push_back({header, fill(value, job, false)});
    return spec;
  }

  tl::expected<JobStatus, Error> parse(std::string_view body) const override {
    auto root = json::parse_body(body, name());
    if (!root) return tl::unexpected(std::move(root.error()));
    auto status = json::text(at(*root, m_http.status));
    if (!status) return tl::unexpected(json::missing_field(*root, m_http.status));

    JobStatus out;
    out.status = *std::move(status);
    out.state = m_statuses.state_of(out.status);
    out.stalled = m_statuses.is_stalled(out.status);
    // The artifact promises 0-100; a value outside it is not a percentage we can report.
    if (const auto progress = json::number(at(*root, m_http.progress));
        progress && std::isfinite(*progress) && *progress >= 0 && *progress <= 100) {
      out.progress = *progress;
    }
    json::add_time(out.times, "started", json::timestamp(at(*root, m_http.started)));
    json::add_time(out.times, "finished", json::timestamp(at(*root, m_http.finished)));
    if (const auto* items = json::array(at(*root, m_http.tasks))) {
      out.tasks.reserve(items->size());
      for (const boost::json::value& item : *items) out.tasks.push_back(read_task(item));
    }
    if (out.state == State::failed || out.state == State::cancelled) out.reason = reason(*root, out.tasks);
    return out;
  }

 private:
  Task read_task(const boost::json::value& item) const {
    Task task;
    task.id = json::text_or_empty(at(item, m_http.task_id));
    task.name = json::text_or_empty(at(item, m_http.task_name));
    task.status = json::text_or_empty(at(item, m_http.task_status));
    task.state = m_statuses.state_of(task.status);
    task.message = json::excerpt(json::text_or_empty(at(item, m_http.task_message)), 500);
    // A sub-job shaped like its parent (v1-jobs: begin_time, end_time) has its times where the
    // parent's are: the wait engine reads how long the sub-jobs done took.
    json::add_time(task.times, "started", json::timestamp(at(item, m_http.started)));
    json::add_time(task.times, "finished", json::timestamp(at(item, m_http.finished)));
    return task;
  }

  // The job's own text, else its failed tasks' (many APIs leave the parent's reason empty).
  std::string reason(const boost::json::value& root, const std::vector<Task>& tasks) const {
    if (auto own = json::text(at(root, m_http.message)); own && !own->empty()) return json::excerpt(*own, 500);
    std::vector<std::string> parts;
    for (const Task& task : tasks) {
      if (task.state != State::failed) continue;
      const std::string& why = task.message.empty() ? task.status : task.message;
      parts.push_back(task.name.empty() ? why : task.name + ": " + why);
    }
    return json::join_bounded(parts);
  }

  std::string m_name;
  std::string m_service;
  config::HttpSpec m_http;
  StatusMap m_statuses;
};

}  // namespace

std::unique_ptr<Provider> make_declared_provider(const config::JobConfig& job) {
  return std::make_unique<Declared>(job);
}

StatusMap declared_statuses(const config::HttpSpec& http) {
  std::vector<StatusRule> rules;
  const std::pair<const std::vector<std::string>*, State> lists[] = {
      {&http.success, State::succeeded}, {&http.failure, State::failed}, {&http.cancelled, State::cancelled},
      {&http.pending, State::pending},   {&http.running, State::running}};
  for (const auto& [values, state] : lists) {
    for (const std::string& value : *values) {
      const bool stalled = std::find(http.stalled.begin(), http.stalled.end(), value) != http.stalled.end();
      rules.push_back({value, state, stalled});
    }
  }
  StatusMap listed(rules);
  for (const std::string& value : http.stalled) {
    if (listed.state_of(value) == State::unknown) rules.push_back({value, State::running, true});
  }
  return StatusMap(std::move(rules));
}

}  // namespace jobwait::providers
