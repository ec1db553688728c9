#include "app/explain.hpp"

#include <algorithm>
#include <utility>

#include "auth/session.hpp"
#include "jobs/registry.hpp"
#include "model/exit_map.hpp"
#include "util/columns.hpp"
#include "util/duration.hpp"
#include "wait/backoff.hpp"
#include "wait/schedule.hpp"

namespace jobwait {

namespace {

using std::chrono::milliseconds;

// Past this many rows the schedule has long been at its cap in any sensible step file.
constexpr int k_max_rows = 16;

std::string dur(milliseconds duration) { return config::format_duration(duration); }

std::string range(milliseconds low, milliseconds high) {
  return low == high ? dur(low) : dur(low) + " to " + dur(high);
}

// How many polls fit before the deadline when every delay is `delay(n)`; the last one lands on
// the deadline, as the poll loop does it.
template <typename Delay>
long long polls_within(milliseconds timeout, Delay delay) {
  long long polls = 1;
  milliseconds at{0};
  for (int n = 1; at < timeout; ++n) {
    at = std::min(at + std::max(delay(n), milliseconds(1)), timeout);
    ++polls;
  }
  return polls;
}

void add(Rows& rows, std::string label, std::string value) { rows.emplace_back(std::move(label), std::move(value)); }

// What is asked for one job: the request (or the command), as `explain` shows it for every job.
void add_job_rows(Rows& rows, const config::StepConfig& one, const http::Request* request, const std::string& of) {
  add(rows, "job", one.job.provider + " job " + one.job.id + of);
  if (request != nullptr) {
    add(rows, "request", request->method + " " + request->url);
    bool first = true;
    for (const http::Header& header : request->headers) {
      add(rows, first ? "headers" : "", header.name + ": " + header.value);
      first = false;
    }
    if (!request->body.empty()) add(rows, "body", request->body);  // a declared API that POSTs
  }
  if (!one.job.command.empty()) {  // exec: what runs once per poll, argv as given
    std::string argv;
    for (const std::string& arg : one.job.command) argv += (argv.empty() ? "" : " ") + arg;
    add(rows, "command", argv);
  }
}

std::string of_jobs(std::size_t index, std::size_t count) {
  return count > 1 ? " (" + std::to_string(index + 1) + " of " + std::to_string(count) + ")" : "";
}

// Sends nothing: keeps what it is given, so the request can be shown exactly as authenticated.
class RecordingClient final : public http::Client {
 public:
  tl::expected<http::Response, http::TransportError> send(const http::Request& request) override {
    m_last = request;
    return tl::unexpected(http::TransportError{http::TransportErrorKind::interrupted, "explain sends nothing"});
  }
  long connections_opened() const override { return 0; }
  const std::optional<http::Request>& last() const { return m_last; }

 private:
  std::optional<http::Request> m_last;
};

// A signature is valid for a while after it is made: printing one would let a log reader replay it.
void hide_signature(http::Request& request) {
  for (http::Header& header : request.headers) {
    const std::size_t at = header.value.find("Signature=");
    if (at != std::string::npos) header.value = header.value.substr(0, at) + "Signature=<per request>";
  }
}

}  // namespace

std::optional<http::Request> request_as_sent(const config::StepConfig& step, const auth::Resolution& resolution) {
  RecordingClient recorder;
  if (resolution.credentials.method == auth::Method::password) {
    const std::unique_ptr<Job> job = providers::make_job(step, recorder);
    return job->request() ? std::optional<http::Request>(*job->request()) : std::nullopt;
  }
  auth::Session session(step, recorder);
  const std::unique_ptr<Job> job = providers::make_job(step, session.client());
  if (job->request() == nullptr) return std::nullopt;
  (void)session.client().send(*job->request());
  http::Request sent = recorder.last().value_or(*job->request());
  hide_signature(sent);
  return sent;
}

namespace {

// Polls in the whole wait at the fastest: every delay at `floor`; -1 when too many to count.
long long most_polls(const config::WaitConfig& wait, milliseconds floor) {
  return wait.timeout.count() / std::max<long long>(floor.count(), 1) < 10'000'000
             ? polls_within(wait.timeout, [&](int) { return floor; })
             : -1;
}

std::string polls_line(const config::WaitConfig& wait, long long fewest, long long most) {
  return "within the " + dur(wait.timeout) + " deadline: " + std::to_string(fewest) + " to " +
         (most < 0 ? std::string("many") : std::to_string(most)) + " polls; the last one lands on the deadline";
}

std::vector<std::string> fixed_schedule(const config::WaitConfig& wait) {
  const milliseconds low = wait.interval * 9 / 10, high = wait.interval * 11 / 10;
  return {"poll 1 at once", "every delay: " + range(low, high) + " (wait.interval, ±10%)",
          polls_line(wait, polls_within(wait.timeout, [&](int) { return high; }), most_polls(wait, low))};
}

// How adaptive decides, then the schedule it keeps while the job says nothing of its progress.
std::vector<std::string> adaptive_schedule(const config::WaitConfig& wait) {
  const milliseconds cap = std::max(wait.interval, wait.max_interval);
  const EvenBackoff even(wait.interval, cap, 0);
  const Backoff ceilings(wait.interval, cap, 0);
  std::vector<std::string> lines{
      "adaptive: each answer's progress %, tasks done of all and the job's start time estimate its end",
      "the end may fall in a window: where the recent rate and the last change's rate disagree",
      "ahead of it: aim a quarter of the time left (at least " + dur(wait.interval) + ") before it, each delay " +
          range(wait.interval, cap),
      "within it: 16 polls to its width (at least " + dur(wait.interval) + " apart)",
      "past it: " + dur(wait.interval) + " plus half the time overdue, up to " + dur(cap),
      "no signal: poll 1 at once"};
  milliseconds at{0};
  for (int n = 1; n <= k_max_rows; ++n) {
    const milliseconds ceiling = ceilings.ceiling(n);
    if (ceiling >= cap) {
      lines.push_back("delay " + std::to_string(n) + ": " + range(wait.interval, cap) + " (a random phase, once), poll " +
                      std::to_string(n + 1) + " at " + range(std::min(at + wait.interval, wait.timeout),
                                                              std::min(at + cap, wait.timeout)));
      lines.push_back("then every " + dur(even.spacing()) + " (backoff's mean delay at the cap, evenly spaced)");
      break;
    }
    const milliseconds middle = (wait.interval + ceiling) / 2;
    at += middle;
    if (at >= wait.timeout) break;
    lines.push_back("delay " + std::to_string(n) + ": " + dur(middle) + (n > 1 ? " (±10%)" : "") + ", poll " +
                    std::to_string(n + 1) + " at " + dur(at));
  }
  lines.push_back(polls_line(wait, polls_within(wait.timeout, [&](int) { return cap; }), most_polls(wait, wait.interval)));
  return lines;
}

}  // namespace

std::vector<std::string> delay_schedule(const config::WaitConfig& wait) {
  if (wait.strategy == "fixed") return fixed_schedule(wait);
  if (wait.strategy != "backoff") return adaptive_schedule(wait);
  const Backoff backoff(wait.interval, wait.max_interval, 0);
  std::vector<std::string> lines{"poll 1 at once"};
  milliseconds earliest{0}, latest{0};
  for (int n = 1; n <= k_max_rows; ++n) {
    const milliseconds ceiling = backoff.ceiling(n);
    earliest += wait.interval;
    latest += ceiling;
    if (earliest >= wait.timeout) break;
    std::string line = "delay " + std::to_string(n) + ": " + range(wait.interval, ceiling) + ", poll " +
                       std::to_string(n + 1) + " at " + range(earliest, std::min(latest, wait.timeout));
    if (ceiling >= wait.max_interval) {
      lines.push_back(line + " (the cap: every later delay is " + range(wait.interval, wait.max_interval) + ")");
      break;
    }
    lines.push_back(line);
  }
  // Polls in the whole wait for an answer that never ends it: all delays at their floor, or
  // all at their ceiling. The long-lived sequences below fit comfortably in a long long.
  const long long most = wait.timeout.count() / std::max<long long>(wait.interval.count(), 1) < 10'000'000
                             ? polls_within(wait.timeout, [&](int) { return wait.interval; })
                             : -1;
  const long long fewest = polls_within(wait.timeout, [&](int n) { return backoff.ceiling(n); });
  lines.push_back("within the " + dur(wait.timeout) + " deadline: " + std::to_string(fewest) + " to " +
                  (most < 0 ? std::string("many") : std::to_string(most)) +
                  " polls; the last one lands on the deadline");
  return lines;
}

std::string explain_text(const config::StepConfig& step, const http::Request* request, const ExplainExtras& extras) {
  Rows rows;
  add(rows, "step file", step.file);
  if (!step.name.empty()) add(rows, "name", step.name);
  add_job_rows(rows, step, request, of_jobs(0, step.jobs.size()));
  if (!extras.ca_bundle.empty()) add(rows, "ca bundle", extras.ca_bundle);
  const config::WaitConfig& wait = step.wait;
  add(rows, "budgets", "timeout " + dur(wait.timeout) + " (the run ends within it plus a second)");
  add(rows, "", "request timeout " + dur(wait.request_timeout) + " (shrinks near the deadline)");
  add(rows, "", std::to_string(wait.max_errors) + " transient errors in a row end the wait (exit " +
                    std::to_string(mapped_exit_code(step.exit_codes, Outcome::api_error)) + ")");
  add(rows, "strategy", wait.strategy);
  bool first = true;
  for (std::string& line : delay_schedule(wait)) {
    add(rows, first ? "schedule" : "", std::move(line));
    first = false;
  }
  std::string codes;
  for (const Outcome outcome : {Outcome::succeeded, Outcome::failed, Outcome::timed_out, Outcome::not_found,
                                Outcome::auth_error, Outcome::api_error, Outcome::cancelled}) {
    const int code = mapped_exit_code(step.exit_codes, outcome);
    codes += (codes.empty() ? "" : ", ") + std::string(to_string(outcome)) + " " + std::to_string(code);
    if (code != static_cast<int>(exit_code_for(outcome))) codes += " (mapped)";
  }
  add(rows, "exit codes", codes);
  add(rows, "result", extras.result_path);
  if (!step.output.junit.empty()) add(rows, "junit", step.output.junit);
  if (!step.output.dotenv.empty()) add(rows, "dotenv", step.output.dotenv);
  add(rows, "log format", extras.log_format);
  return two_columns(rows);
}

std::string explain_job_text(const config::StepConfig& one, const http::Request* request, std::size_t index,
                             std::size_t count) {
  Rows rows;
  add_job_rows(rows, one, request, of_jobs(index, count));
  return two_columns(rows);
}

}  // namespace jobwait
