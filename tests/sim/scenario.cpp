#include "scenario.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <utility>

#include <toml++/toml.h>

#include "duration.hpp"
#include "statuses.hpp"
#include "suggest.hpp"

namespace jobwait::sim {

namespace {

struct ProviderRow {
  Provider provider;
  std::string_view name;
};

constexpr std::array<ProviderRow, 6> k_providers{{
    {Provider::servicestage, "servicestage"},
    {Provider::cce,          "cce"},
    {Provider::cae,          "cae"},
    {Provider::ief,          "ief"},
    {Provider::cfw,          "cfw"},
    {Provider::v1_jobs,      "v1-jobs"},
}};

// Which job keys each provider takes. A key missing from a provider's list is one its API has
// no place for (CFW jobs have no tasks and no failure text; only CAE is scoped to an environment).
struct KeyRule {
  std::string_view key;
  std::vector<Provider> providers;  // empty = every provider
};

const std::vector<KeyRule>& job_key_rules() {
  using enum Provider;
  static const std::vector<KeyRule> rules{
      {"provider", {}},
      {"id", {}},
      {"project_id", {}},
      {"statuses", {}},
      {"every", {}},
      {"duration", {}},
      {"reason", {servicestage, cce, cae, ief, v1_jobs}},
      {"tasks", {servicestage, cce, cae, ief, v1_jobs}},
      {"environment_id", {cae}},
      {"progress", {cae}},
      {"error_code", {cfw}},
      {"error_msg", {cfw}},
      {"faults", {}},
      {"appear_after", {}},
      {"vanish_after", {}},
  };
  return rules;
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::none: return "nothing";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
  }
  return "a value";
}

// Reads one file, collecting every problem rather than stopping at the first, so a user fixes
// a scenario in one round.
class Loader {
 public:
  explicit Loader(std::string path) { m_scenario.path = std::move(path); }

  tl::expected<Scenario, std::string> load() {
    toml::table root;
    try {
      root = toml::parse_file(m_scenario.path);
    } catch (const toml::parse_error& e) {
      return tl::unexpected(where(e.source()) + std::string(e.description()));
    }
    read_root(root);
    if (!m_errors.empty()) return tl::unexpected(m_errors);
    return std::move(m_scenario);
  }

 private:
  std::string where(const toml::source_region& source) const {
    if (!source.begin) return m_scenario.path + ": ";  // e.g. the file could not be opened
    return m_scenario.path + ":" + std::to_string(source.begin.line) + ":" +
           std::to_string(source.begin.column) + ": ";
  }

  void error(const toml::source_region& source, const std::string& key, const std::string& what) {
    if (!m_errors.empty()) m_errors += '\n';
    m_errors += where(source) + key + ": " + what;
  }

  void warn(const toml::source_region& source, const std::string& key, const std::string& what) {
    m_scenario.warnings.push_back(where(source) + key + ": " + what);
  }

  void read_root(const toml::table& root) {
    const std::vector<std::string_view> root_keys{"token",      "job",  "job_set", "clock_skew",
                                                  "access_key", "user", "project", "iam_faults"};
    for (auto&& [key, node] : root) {
      if (std::find(root_keys.begin(), root_keys.end(), key.str()) == root_keys.end()) {
        error(key.source(), std::string(key.str()), "unknown key" + did_you_mean(key.str(), root_keys));
      }
    }
    read_identity(root);
    if (const toml::node* faults = root.get("iam_faults")) m_scenario.iam_faults = read_faults(*faults, "iam_faults");
    // Without access keys or users, the token is the only way in.
    const bool token_required = m_scenario.identity.access_keys.empty() && m_scenario.identity.users.empty();
    if (auto token = string_at(root, "token", "token", token_required)) m_scenario.token = *token;
    std::set<std::string> ids;
    read_job_sets(root, ids);
    const toml::node* jobs = root.get("job");
    if (jobs == nullptr) return;  // a scenario without jobs still serves 401s and 404s
    const toml::array* array = jobs->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      error(jobs->source(), "job", "expected [[job]] tables, got " + std::string(type_name(*jobs)));
      return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& table = *array->get(i)->as_table();
      const std::string key = "job[" + std::to_string(i) + "]";
      JobSpec job = read_job(table, key);
      if (!job.id.empty() && !ids.insert(job.id).second) {
        error(table.source(), key + ".id", "duplicate job id \"" + job.id + "\"");
      }
      m_scenario.jobs.push_back(std::move(job));
    }
  }

  // [[job_set]]: `count` jobs alike but for their ids, id_prefix + 1 .. id_prefix + count, so a
  // benchmark declares ten thousand jobs in five lines. Any [[job]] key but id.
  void read_job_sets(const toml::table& root, std::set<std::string>& ids) {
    const toml::node* sets = root.get("job_set");
    if (sets == nullptr) return;
    const toml::array* array = sets->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      error(sets->source(), "job_set", "expected [[job_set]] tables, got " + std::string(type_name(*sets)));
      return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& table = *array->get(i)->as_table();
      const std::string key = "job_set[" + std::to_string(i) + "]";
      const toml::node* count_node = table.get("count");
      const std::optional<std::int64_t> count = count_node != nullptr ? count_node->value<std::int64_t>() : std::nullopt;
      if (!count || *count < 1 || *count > 1'000'000) {
        error(count_node != nullptr ? count_node->source() : table.source(), key + ".count",
              "needs an integer from 1 to 1000000");
        continue;
      }
      const std::string prefix = path_segment_at(table, "id_prefix", key + ".id_prefix").value_or("");
      if (table.get("id") != nullptr) error(table.get("id")->source(), key + ".id", "a job set has id_prefix, not id");
      // One job read like a [[job]] (every check applies), then copied with each id.
      toml::table one = table;
      one.erase("count");
      one.erase("id_prefix");
      one.insert_or_assign("id", prefix + "1");
      const JobSpec model = read_job(one, key);
      m_scenario.jobs.reserve(m_scenario.jobs.size() + static_cast<std::size_t>(*count));
      for (std::int64_t n = 1; n <= *count; ++n) {
        JobSpec job = model;
        job.id = prefix + std::to_string(n);
        job.line = table.source().begin.line;
        if (!ids.insert(job.id).second) {
          error(table.source(), key, "duplicate job id \"" + job.id + "\"");
          break;
        }
        m_scenario.jobs.push_back(std::move(job));
      }
    }
  }

  // [[access_key]], [[user]], [[project]] and clock_skew (identity.hpp).
  void read_identity(const toml::table& root) {
    IdentitySpec& identity = m_scenario.identity;
    for_each_table(root, "access_key", {"ak", "sk", "security_token"}, [&](const toml::table& table, const std::string& key) {
      AccessKeySpec spec;
      spec.ak = string_at(table, "ak", key + ".ak", true).value_or("");
      spec.sk = string_at(table, "sk", key + ".sk", true).value_or("");
      spec.security_token = string_at(table, "security_token", key + ".security_token", false).value_or("");
      identity.access_keys.push_back(std::move(spec));
    });
    for_each_table(root, "user", {"name", "password", "domain", "token_ttl"}, [&](const toml::table& table, const std::string& key) {
      UserSpec spec;
      spec.name = string_at(table, "name", key + ".name", true).value_or("");
      spec.password = string_at(table, "password", key + ".password", true).value_or("");
      spec.domain = string_at(table, "domain", key + ".domain", true).value_or("");
      if (auto ttl = string_at(table, "token_ttl", key + ".token_ttl", false)) {
        if (auto parsed = parse_duration(*ttl)) {
          spec.token_ttl = *parsed;
        } else {
          error(table.get("token_ttl")->source(), key + ".token_ttl", "bad duration \"" + *ttl + "\"");
        }
      }
      identity.users.push_back(std::move(spec));
    });
    for_each_table(root, "project", {"id", "name"}, [&](const toml::table& table, const std::string& key) {
      ProjectSpec spec;
      spec.id = string_at(table, "id", key + ".id", true).value_or("");
      spec.name = string_at(table, "name", key + ".name", true).value_or("");
      identity.projects.push_back(std::move(spec));
    });
    if (auto skew = string_at(root, "clock_skew", "clock_skew", false)) {
      const bool behind = skew->starts_with('-');
      if (auto parsed = parse_duration(std::string_view(*skew).substr(behind ? 1 : 0))) {
        identity.clock_skew = behind ? -*parsed : *parsed;
      } else {
        error(root.get("clock_skew")->source(), "clock_skew", "bad duration \"" + *skew + "\" (e.g. 20m or -20m)");
      }
    }
  }

  // Calls `read` for each table of the [[name]] array at the root, after checking its keys.
  template <typename Read>
  void for_each_table(const toml::table& root, std::string_view name, const std::vector<std::string_view>& keys,
                      Read read) {
    const toml::node* node = root.get(name);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      error(node->source(), std::string(name), "expected [[" + std::string(name) + "]] tables, got " +
                                                   std::string(type_name(*node)));
      return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& table = *array->get(i)->as_table();
      const std::string key = std::string(name) + "[" + std::to_string(i) + "]";
      for (auto&& [field, value] : table) {
        if (std::find(keys.begin(), keys.end(), field.str()) == keys.end()) {
          error(field.source(), key + "." + std::string(field.str()), "unknown key" + did_you_mean(field.str(), keys));
        }
      }
      read(table, key);
    }
  }

  JobSpec read_job(const toml::table& table, const std::string& key) {
    JobSpec job;
    job.line = table.source().begin.line;
    std::optional<Provider> provider;
    if (auto name = string_at(table, "provider", key + ".provider", true)) {
      provider = provider_from_name(*name);
      if (!provider) {
        error(table.get("provider")->source(), key + ".provider",
              "unknown provider \"" + *name + "\"" + did_you_mean(*name, provider_names()));
      }
    }
    check_job_keys(table, key, provider);
    if (!provider) return job;
    job.provider = *provider;
    const std::string_view service = provider_name(*provider);

    if (auto id = path_segment_at(table, "id", key + ".id")) job.id = *id;
    if (auto project = path_segment_at(table, "project_id", key + ".project_id")) {
      job.project_id = *project;
    }
    if (auto every = table.get("every")) {
      if (auto text = string_at(table, "every", key + ".every", true)) {
        job.every = parse_duration(*text);
        if (!job.every) {
          error(every->source(), key + ".every",
                "bad duration \"" + *text + "\" (write e.g. 500ms, 2s, 1m, 1m30s)");
        }
      }
    }
    if (auto duration = table.get("duration")) {
      if (auto text = string_at(table, "duration", key + ".duration", true)) {
        job.duration = parse_duration(*text);
        if (!job.duration) {
          error(duration->source(), key + ".duration",
                "bad duration \"" + *text + "\" (write e.g. 500ms, 2s, 1m, 1m30s)");
        } else if (job.every) {
          error(duration->source(), key + ".duration", "a job has every or duration, not both");
        }
      }
    }
    job.reason = string_at(table, "reason", key + ".reason", false).value_or("");
    job.error_code = string_at(table, "error_code", key + ".error_code", false).value_or("");
    job.error_msg = string_at(table, "error_msg", key + ".error_msg", false).value_or("");
    if (!job.error_msg.empty() && job.error_code.empty()) {
      error(table.get("error_msg")->source(), key + ".error_msg", "needs error_code as well");
    }
    // With error_code every poll answers the error, so the statuses would never be seen.
    const bool needs_statuses = job.error_code.empty();
    if (table.get("statuses") != nullptr || needs_statuses) {
      job.statuses = status_list(table, key + ".statuses", job.provider, false);
    }
    if (job.provider == Provider::cae) {
      if (auto env = string_at(table, "environment_id", key + ".environment_id", true)) {
        job.environment_id = *env;
      }
      // With a duration the progress is a curve over time, not parallel to the statuses.
      job.progress = progress_list(table, key + ".progress", job.duration ? 0 : job.statuses.size());
    }
    if (const toml::node* tasks = table.get("tasks")) {
      job.tasks = read_tasks(*tasks, key + ".tasks", job.provider);
      time_tasks(job, *tasks, key + ".tasks");
    }
    if (const toml::node* faults = table.get("faults")) job.faults = read_faults(*faults, key + ".faults");
    job.appear_after = moment_at(table, "appear_after", key + ".appear_after");
    job.vanish_after = moment_at(table, "vanish_after", key + ".vanish_after");
    // ServiceStage, CAE and IEF have no job-level text: the sim puts it in the last task.
    // CCE (status.reason) and v1 jobs (fail_reason) have one.
    if (!job.reason.empty() && job.tasks.empty() && job.provider != Provider::cce && job.provider != Provider::v1_jobs) {
      error(table.get("reason")->source(), key + ".reason",
            "a " + std::string(service) +
                " job carries failure text only in a task: add tasks, or give the task a reason");
    }
    return job;
  }

  // Time-driven tasks: all of them or none, and the job lasts at least as long as they do.
  void time_tasks(JobSpec& job, const toml::node& node, const std::string& key) {
    std::chrono::milliseconds total{0};
    std::size_t timed = 0;
    for (const TaskSpec& task : job.tasks) {
      if (!task.duration) continue;
      total += *task.duration;
      ++timed;
    }
    if (timed == 0) return;
    if (timed != job.tasks.size()) {
      error(node.source(), key, "give every task a duration, or none");
      return;
    }
    if (job.every) {
      error(node.source(), key, "tasks with a duration need a time-driven job (duration), not every");
      return;
    }
    job.duration = std::max(job.duration.value_or(total), total);
  }

  void check_job_keys(const toml::table& table, const std::string& key,
                      std::optional<Provider> provider) {
    std::vector<std::string_view> all;
    for (const KeyRule& rule : job_key_rules()) all.push_back(rule.key);
    for (auto&& [name, node] : table) {
      const std::string_view key_name = name.str();  // clang 14 cannot capture bindings
      const auto rule = std::find_if(job_key_rules().begin(), job_key_rules().end(),
                                     [key_name](const KeyRule& r) { return r.key == key_name; });
      if (rule == job_key_rules().end()) {
        error(name.source(), key + "." + std::string(name.str()),
              "unknown key" + did_you_mean(name.str(), all));
      } else if (provider && !rule->providers.empty() &&
                 std::find(rule->providers.begin(), rule->providers.end(), *provider) ==
                     rule->providers.end()) {
        std::string owners;
        for (Provider p : rule->providers) {
          owners += (owners.empty() ? "" : ", ") + std::string(provider_name(p));
        }
        error(name.source(), key + "." + std::string(name.str()),
              "not a " + std::string(provider_name(*provider)) + " key (only for " + owners + ")");
      }
    }
  }

  std::vector<TaskSpec> read_tasks(const toml::node& node, const std::string& key,
                                   Provider provider) {
    std::vector<TaskSpec> tasks;
    const toml::array* array = node.as_array();
    if (array != nullptr && array->empty()) return tasks;
    if (array == nullptr || !array->is_array_of_tables()) {
      error(node.source(), key, "expected an array of tables like { name = \"x\", statuses = [...] }");
      return tasks;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& table = *array->get(i)->as_table();
      const std::string task_key = key + "[" + std::to_string(i) + "]";
      for (auto&& [name, value] : table) {
        if (name.str() != "name" && name.str() != "statuses" && name.str() != "reason" && name.str() != "duration") {
          error(name.source(), task_key + "." + std::string(name.str()),
                "unknown key" + did_you_mean(name.str(), {"name", "statuses", "reason", "duration"}));
        }
      }
      TaskSpec task;
      task.name = string_at(table, "name", task_key + ".name", true).value_or("");
      task.statuses = status_list(table, task_key + ".statuses", provider, true);
      task.reason = string_at(table, "reason", task_key + ".reason", false).value_or("");
      if (auto text = string_at(table, "duration", task_key + ".duration", false)) {
        task.duration = parse_duration(*text);
        if (!task.duration) error(table.get("duration")->source(), task_key + ".duration", "bad duration \"" + *text + "\"");
      }
      tasks.push_back(std::move(task));
    }
    return tasks;
  }

  // faults = [{ fault = "...", ... }]: see scenario.hpp. Each kind takes only its own keys.
  std::vector<FaultSpec> read_faults(const toml::node& node, const std::string& key) {
    struct KindRow {
      std::string_view name;
      FaultKind kind;
      std::vector<std::string_view> keys;  // beyond fault and requests
    };
    static const std::vector<KindRow> kinds{
        {"status", FaultKind::status, {"status", "retry_after", "retry_after_date"}},
        {"throttle", FaultKind::throttle, {"retry_after", "retry_after_date"}},
        {"not_found", FaultKind::not_found, {}},
        {"invalid_json", FaultKind::invalid_json, {}},
        {"truncate", FaultKind::truncate, {}},
        {"reset", FaultKind::reset, {}},
        {"latency", FaultKind::latency, {"delay"}},
        {"drip", FaultKind::drip, {"delay"}},
        {"huge_body", FaultKind::huge_body, {}},
        {"huge_headers", FaultKind::huge_headers, {}},
        {"echo_credentials", FaultKind::echo_credentials, {"at"}},
    };
    std::vector<FaultSpec> faults;
    const toml::array* array = node.as_array();
    if (array == nullptr || (!array->empty() && !array->is_array_of_tables())) {
      error(node.source(), key, "expected an array of tables like { fault = \"status\", status = 503 }");
      return faults;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& table = *array->get(i)->as_table();
      const std::string fault_key = key + "[" + std::to_string(i) + "]";
      const auto name = string_at(table, "fault", fault_key + ".fault", true);
      if (!name) continue;
      const auto row = std::find_if(kinds.begin(), kinds.end(), [&](const KindRow& r) { return r.name == *name; });
      if (row == kinds.end()) {
        std::vector<std::string_view> names;
        for (const KindRow& r : kinds) names.push_back(r.name);
        error(table.get("fault")->source(), fault_key + ".fault",
              "unknown fault \"" + *name + "\"" + did_you_mean(*name, names));
        continue;
      }
      FaultSpec fault;
      fault.kind = row->kind;
      for (auto&& [field, value] : table) {
        const std::string_view field_name = field.str();
        if (field_name == "fault" || field_name == "requests") continue;
        if (std::find(row->keys.begin(), row->keys.end(), field_name) == row->keys.end()) {
          error(field.source(), fault_key + "." + std::string(field_name),
                "not a key of fault \"" + *name + "\"" + did_you_mean(field_name, row->keys));
        }
      }
      fault.requests = request_ranges(table, fault_key + ".requests");
      if (const toml::node* status = table.get("status")) {
        const auto value = status->value<std::int64_t>();
        if (!status->is_integer() || !value || *value < 400 || *value > 599) {
          error(status->source(), fault_key + ".status", "expected an HTTP error status from 400 to 599");
        } else {
          fault.status = static_cast<int>(*value);
        }
      }
      if (const toml::node* at = table.get("at")) {
        const auto value = at->value<std::int64_t>();
        if (!at->is_integer() || !value || *value < 0 || *value > 100000) {
          error(at->source(), fault_key + ".at", "expected a character position from 0 to 100000");
        } else {
          fault.at = static_cast<std::size_t>(*value);
        }
      }
      fault.retry_after = string_at(table, "retry_after", fault_key + ".retry_after", false).value_or("");
      if (table.get("retry_after_date") != nullptr) {
        fault.retry_after_date = duration_at(table, "retry_after_date", fault_key + ".retry_after_date");
      }
      if (!row->keys.empty() && row->keys.front() == "delay") {
        if (table.get("delay") == nullptr) {
          error(table.source(), fault_key + ".delay", "missing (required)");
        } else {
          fault.delay = duration_at(table, "delay", fault_key + ".delay").value_or(std::chrono::milliseconds(0));
        }
      }
      faults.push_back(std::move(fault));
    }
    return faults;
  }

  // requests = [2, 3] or "2-4" / "5-" / "7"; absent means every request.
  std::vector<RequestRange> request_ranges(const toml::table& table, const std::string& key) {
    std::vector<RequestRange> ranges;
    const toml::node* node = table.get("requests");
    if (node == nullptr) return ranges;
    const std::string usage = "expected request numbers from 1: [2, 3], \"2-4\" or \"5-\"";
    if (const auto* text = node->as_string()) {
      if (auto range = parse_request_range(text->get())) {
        ranges.push_back(*range);
      } else {
        error(node->source(), key, usage);
      }
      return ranges;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr || array->empty()) {
      error(node->source(), key, usage);
      return ranges;
    }
    for (const toml::node& item : *array) {
      const auto value = item.value<std::int64_t>();
      if (!item.is_integer() || !value || *value < 1) {
        error(item.source(), key, usage);
        return {};
      }
      const auto number = static_cast<std::uint64_t>(*value);
      ranges.push_back({number, number});
    }
    return ranges;
  }

  std::optional<std::chrono::milliseconds> duration_at(const toml::table& table, std::string_view name,
                                                       const std::string& key) {
    const auto text = string_at(table, name, key, true);
    if (!text) return std::nullopt;
    auto parsed = parse_duration(*text);
    if (!parsed) error(table.get(name)->source(), key, "bad duration \"" + *text + "\" (write e.g. 500ms, 2s, 1m)");
    return parsed;
  }

  // appear_after / vanish_after: a number of requests (polls), or a duration string.
  std::optional<Moment> moment_at(const toml::table& table, std::string_view name, const std::string& key) {
    const toml::node* node = table.get(name);
    if (node == nullptr) return std::nullopt;
    if (node->is_integer()) {
      const std::int64_t value = node->as_integer()->get();
      if (value < 0) {
        error(node->source(), key, "expected a number of requests (0 or more) or a duration such as \"2s\"");
        return std::nullopt;
      }
      return Moment{static_cast<std::uint64_t>(value), std::nullopt};
    }
    if (!node->is_string()) {
      error(node->source(), key, "expected a number of requests or a duration such as \"2s\"");
      return std::nullopt;
    }
    const auto after = duration_at(table, name, key);
    if (!after) return std::nullopt;
    return Moment{std::nullopt, *after};
  }

  // A required string must be present and non-empty; an optional one may be absent.
  std::optional<std::string> string_at(const toml::table& table, std::string_view name,
                                       const std::string& key, bool required) {
    const toml::node* node = table.get(name);
    if (node == nullptr) {
      if (required) error(table.source(), key, "missing (required)");
      return std::nullopt;
    }
    const auto* value = node->as_string();
    if (value == nullptr) {
      error(node->source(), key, "expected a string, got " + std::string(type_name(*node)));
      return std::nullopt;
    }
    if (required && value->get().empty()) {
      error(node->source(), key, "must not be empty");
      return std::nullopt;
    }
    return value->get();
  }

  // Ids travel in URL paths: a '/' or '?' would make the job unreachable.
  std::optional<std::string> path_segment_at(const toml::table& table, std::string_view name,
                                             const std::string& key) {
    auto value = string_at(table, name, key, true);
    if (value && value->find_first_of("/?#% ") != std::string::npos) {
      error(table.get(name)->source(), key, "must not contain '/', '?', '#', '%' or spaces");
      return std::nullopt;
    }
    return value;
  }

  std::vector<std::string> status_list(const toml::table& table, const std::string& key,
                                       Provider provider, bool task) {
    std::vector<std::string> statuses;
    const toml::node* node = table.get("statuses");
    if (node == nullptr) {
      error(table.source(), key, "missing (required)");
      return statuses;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr || array->empty() || !array->is_homogeneous(toml::node_type::string)) {
      error(node->source(), key, "expected a non-empty array of strings");
      return statuses;
    }
    const auto& known = task ? known_task_statuses(provider) : known_job_statuses(provider);
    for (const toml::node& item : *array) {
      const std::string& value = item.as_string()->get();
      if (std::find(known.begin(), known.end(), value) == known.end()) {
        warn(item.source(), key,
             "\"" + value + "\" is not a known " + std::string(provider_name(provider)) +
                 " status" + did_you_mean(value, known) + "; served as is");
      }
      statuses.push_back(value);
    }
    return statuses;
  }

  std::vector<double> progress_list(const toml::table& table, const std::string& key,
                                    std::size_t status_count) {
    std::vector<double> progress;
    const toml::node* node = table.get("progress");
    if (node == nullptr) return progress;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      error(node->source(), key, "expected an array of numbers, got " +
                                     std::string(type_name(*node)));
      return progress;
    }
    for (const toml::node& item : *array) {
      const std::optional<double> value = item.value<double>();  // integers convert too
      if (!item.is_number() || !value || *value < 0 || *value > 100) {
        error(item.source(), key, "expected numbers from 0 to 100");
        return {};
      }
      progress.push_back(*value);
    }
    if (status_count != 0 && progress.size() != status_count) {
      error(node->source(), key,
            "has " + std::to_string(progress.size()) + " entries, statuses has " +
                std::to_string(status_count) + " (they are parallel)");
      return {};
    }
    return progress;
  }

  Scenario m_scenario;
  std::string m_errors;
};

}  // namespace

std::string_view provider_name(Provider provider) {
  for (const ProviderRow& row : k_providers) {
    if (row.provider == provider) return row.name;
  }
  return "?";
}

std::optional<Provider> provider_from_name(std::string_view name) {
  for (const ProviderRow& row : k_providers) {
    if (row.name == name) return row.provider;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& provider_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> result;
    for (const ProviderRow& row : k_providers) result.push_back(row.name);
    return result;
  }();
  return names;
}

tl::expected<Scenario, std::string> load_scenario(const std::string& path) {
  return Loader(path).load();
}

}  // namespace jobwait::sim
