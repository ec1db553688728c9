#include "app/run_many.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>

#include "app/project_lookup.hpp"
#include "app/run_tail.hpp"
#include "auth/resolve.hpp"
#include "auth/session.hpp"
#include "http/multi_client.hpp"
#include "jobs/registry.hpp"
#include "many/aggregate.hpp"
#include "many/wait_many.hpp"

namespace jobwait {

namespace {

using many::Aggregate;
using many::ManyJob;
using many::ManyResult;
using many::ManySettings;

// What a Session depends on: jobs that agree on all of it share one (one IAM login, one project
// lookup, one signer).
std::string session_key(const config::JobEntry& entry) {
  const config::AuthConfig& a = entry.auth;
  const config::JobConfig& j = entry.job;
  std::string key;
  for (const std::string* part : {&a.token, &a.access_key, &a.secret_key, &a.security_token, &a.signing, &a.user,
                                  &a.password, &a.domain, &a.iam_endpoint, &a.token_cache, &j.provider, &j.service,
                                  &j.region, &j.project_id, &j.cloud, &j.domain}) {
    key += *part;
    key += '\x1f';
  }
  return key;
}

// The first byte below 0x20 or 0x7f (DEL) in `text`, if any.
std::optional<unsigned> control_character(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return byte;
  }
  return std::nullopt;
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> read_job_ids(const std::string& source) {
  std::ifstream file;
  if (source != "-") {
    file.open(source);
    if (!file) return tl::unexpected("cannot read " + source);
  }
  std::istream& in = source == "-" ? std::cin : file;
  const std::string name = source == "-" ? std::string("stdin") : source;
  std::vector<std::string> ids;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos || line[begin] == '#') continue;
    const std::size_t end = line.find_last_not_of(" \t\r");
    std::string id = line.substr(begin, end - begin + 1);
    // An id goes into a URL path and into every log line and CI file: a control character
    // there is a mistake or an attack (a forged log line, an escape sequence), refused before
    // anything is sent, as --set and --job-id-from refuse it. The id itself is not echoed.
    if (const auto bad = control_character(id)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%02x", *bad);
      return tl::unexpected(name + " line " + std::to_string(number) + ": the job id holds a control character (" +
                            hex + ")");
    }
    ids.push_back(std::move(id));
  }
  if (ids.empty()) return tl::unexpected(name + " lists no job ids");
  return ids;
}

tl::expected<void, config::ConfigError> settle_jobs(config::StepConfig& step, const std::vector<std::string>* ids,
                                                    const config::EnvLookup& env, std::vector<std::string>& warnings,
                                                    std::vector<auth::Resolution>* others) {
  if (ids != nullptr) {
    if (!step.jobs.empty()) {
      config::ConfigError error;
      error.file = step.file;
      error.key = "jobs";
      error.message = "--job-ids-from adds copies of the single [job]; this step lists [[jobs]]";
      error.result_path = step.output.result;
      return tl::unexpected(std::move(error));
    }
    step.jobs.reserve(ids->size());
    for (const std::string& id : *ids) {
      step.jobs.push_back({step.job, step.auth});
      step.jobs.back().job.id = id;
    }
    return {};
  }
  for (std::size_t i = 1; i < step.jobs.size(); ++i) {  // the first is step.job, settled already
    config::StepConfig one = step.single(i);
    auto resolved = auth::resolve(one, env);
    if (!resolved) return tl::unexpected(resolved.error());
    step.jobs[i] = {one.job, one.auth};
    for (const std::string& warning : resolved->warnings) {
      if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end()) warnings.push_back(warning);
    }
    if (others != nullptr) others->push_back(*std::move(resolved));
  }
  if (!step.jobs.empty()) step.jobs.front() = {step.job, step.auth};
  return {};
}

RunRecord run_jobs(config::StepConfig& step, output::Reporter& reporter, Clock& clock, bool verbose,
                   const std::vector<std::string>& warnings) {
  // IAM only, blocking
  auto transport = http::make_curl_client(http::client_options(step.tls.ca_file, step.tls.insecure));
  struct Group {
    std::unique_ptr<auth::Session> session;
    std::optional<WaitResult> refused;  // the project lookup failed: every job of the group ends so
    std::string project_id;
  };
  std::map<std::string, Group> groups;
  // One deadline for the project lookups and the polls, as for a single job: a lookup that
  // retries through an IAM outage spends the step's time, not time of its own.
  PollSettings poll = poll_settings(step.wait, reporter.heartbeat());
  poll.start = clock.now();
  std::vector<std::unique_ptr<Job>> watched;
  std::vector<ManyJob> jobs;
  std::set<std::string> origins;
  std::set<std::string> providers;
  std::vector<std::pair<std::string, std::string>> names;  // provider, id
  names.reserve(step.jobs.size());
  watched.reserve(step.jobs.size());
  jobs.reserve(step.jobs.size());
  for (std::size_t index = 0; index < step.jobs.size(); ++index) {
    const config::JobEntry& entry = step.jobs[index];
    auto [found, fresh] = groups.try_emplace(session_key(entry));
    Group& group = found->second;
    config::StepConfig one = step.single(index);
    if (fresh) {
      group.session = std::make_unique<auth::Session>(
          one, *transport, std::chrono::system_clock::now,
          [&reporter](const std::string& warning) { reporter.on_warning(warning); });
      // Once per group, before any poll; retried like a poll, and a stop signal ends it.
      group.refused = look_up_project(*group.session, one, clock, poll, reporter);
      group.project_id = one.job.project_id;
    }
    one.job.project_id = group.project_id;
    watched.push_back(providers::make_job(one, group.session->client()));
    ManyJob job;
    job.id = entry.job.id;
    job.job = watched.back().get();
    job.authenticator = &group.session->authenticator();
    job.ended = group.refused;
    jobs.push_back(std::move(job));
    if (watched.back()->http_job() != nullptr) origins.insert(many::origin_of(watched.back()->url()));
    providers.insert(entry.job.provider);
    names.push_back({entry.job.provider, entry.job.id});
  }
  step.jobs.clear();
  step.jobs.shrink_to_fit();

  const long per_host = step.wait.max_concurrent_per_host;
  http::MultiOptions multi_options;
  multi_options.tls = http::client_options(step.tls.ca_file, step.tls.insecure);
  multi_options.max_host_connections = per_host;
  multi_options.max_connections = per_host * static_cast<long>(std::max<std::size_t>(1, origins.size()));
  const std::unique_ptr<http::MultiClient> client = http::make_curl_multi_client(multi_options);

  ManySettings settings;
  settings.poll = poll;
  settings.limits.requests_per_second = step.wait.max_requests_per_second;
  settings.limits.per_host = step.wait.max_concurrent_per_host;
  settings.any = step.wait.mode == "any";
  settings.fail_fast = step.wait.fail_fast;
  settings.verbose = verbose;

  const std::string more = jobs.size() > 1 ? " and " + std::to_string(jobs.size() - 1) + " more" : "";
  std::string provider_text;
  for (const std::string& provider : providers) provider_text += (provider_text.empty() ? "" : "/") + provider;
  reporter.start({step.file, step.name, provider_text, jobs.front().id + more, watched.front()->url(), step.wait.timeout});
  for (const std::string& warning : warnings) reporter.on_warning(warning);

  std::vector<ManyResult> results = many::wait_for_jobs(jobs, *client, clock, settings, reporter);

  RunRecord run;
  run.mode = step.wait.mode;
  run.wait = step.wait;
  run.jobs.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    JobRecord record{std::move(names[i].first), std::move(names[i].second), watched[i]->url(),
                     std::move(results[i].wait), watched[i]->stats(), results[i].abandoned};
    run.jobs.push_back(std::move(record));
  }
  if (!run.jobs.empty()) {
    std::vector<std::string>& first = run.jobs.front().wait.warnings;
    first.insert(first.begin(), warnings.begin(), warnings.end());
  }
  const Aggregate sum = many::aggregate(run.jobs, settings.any);
  run.outcome = sum.outcome;
  run.message = sum.message;
  set_exit_codes(run, step.exit_codes, sum.signal);
  return run;
}

}  // namespace jobwait
