#include "output/json_log.hpp"

#include <boost/json.hpp>

#include "output/run_outputs.hpp"
#include "result/json_text.hpp"
#include "util/escape.hpp"

namespace jobwait::output {

namespace json = boost::json;

namespace {

// Compact JSON (one line), keys in insertion order. Numbers as plain decimals to the
// microsecond (20, 0.000562, 12.5): a log line is read by people and by tools. String values
// are escaped (util/escape.hpp): JSON itself escapes only what is below 0x20, and a log line is
// read by people and CI log viewers as well as by parsers. Each string is redacted before it
// is escaped, so a secret is matched in the text as it came.
void write_compact(std::string& out, const json::value& value, const Redactor& redactor) {
  if (const auto* object = value.if_object()) {
    out += '{';
    bool first = true;
    for (const auto& member : *object) {
      if (!first) out += ',';
      first = false;
      out += json::serialize(json::string(member.key()));
      out += ':';
      write_compact(out, member.value(), redactor);
    }
    out += '}';
  } else if (const auto* array = value.if_array()) {
    out += '[';
    bool first = true;
    for (const auto& element : *array) {
      if (!first) out += ',';
      first = false;
      write_compact(out, element, redactor);
    }
    out += ']';
  } else if (value.is_double()) {
    append_json_number(out, value.get_double(), 6);
  } else if (const auto* text = value.if_string()) {
    out += json::serialize(json::string(escape_untrusted(redactor.apply(*text))));
  } else {
    out += json::serialize(value);
  }
}

json::object status_fields(const JobStatus& status) {
  json::object out{{"status", status.status}, {"state", to_string(status.state)}};
  out["progress"] = status.progress ? json::value(*status.progress) : json::value(nullptr);
  int done = 0;
  for (const Task& task : status.tasks) done += is_terminal(task.state) ? 1 : 0;
  out["tasks_done"] = done;
  out["tasks_total"] = status.tasks.size();
  return out;
}

class JsonLogReporter final : public Reporter {
 public:
  JsonLogReporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity)
      : m_out(out), m_redactor(redactor), m_verbosity(verbosity) {}

  void start(const RunStart& start) override {
    emit("start", {{"step_file", start.step_file},
                   {"step_name", start.step_name},
                   {"provider", start.provider},
                   {"job_id", start.job_id},
                   {"url", start.url},
                   {"timeout_seconds", static_cast<double>(start.timeout.count()) / 1000.0}});
  }
  void on_poll(const PollTrace& trace) override {
    if (m_verbosity != Verbosity::verbose) return;
    json::object fields{{"poll", trace.number},
                        {"elapsed_seconds", trace.elapsed_seconds},
                        {"duration_seconds", trace.duration_seconds},
                        {"ok", trace.ok},
                        {"text", trace.text}};
    fields["http_status"] = trace.http_status == 0 ? json::value(nullptr) : json::value(trace.http_status);
    emit("poll", std::move(fields));
  }
  void on_update(const JobStatus& status, bool new_status, double elapsed) override {
    json::object fields = status_fields(status);
    fields["new_status"] = new_status;
    fields["elapsed_seconds"] = elapsed;
    emit("update", std::move(fields));
  }
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    json::object fields{{"message", error.message}, {"consecutive", consecutive}, {"elapsed_seconds", elapsed}};
    fields["http_status"] = error.http_status == 0 ? json::value(nullptr) : json::value(error.http_status);
    fields["code"] = error.code.empty() ? json::value(nullptr) : json::value(error.code);
    emit("retry", std::move(fields));
  }
  void on_warning(std::string_view text) override { emit("warning", {{"message", text}}); }
  void on_heartbeat(const JobStatus* last, double elapsed, double next_poll_in) override {
    json::object fields{{"elapsed_seconds", elapsed}, {"next_poll_seconds", next_poll_in}};
    fields["status"] = last ? json::value(last->status) : json::value(nullptr);
    emit("heartbeat", std::move(fields));
  }
  void finish(const RunEnd& end) override {
    json::object fields;
    for (const auto& [name, value] : run_outputs(end)) fields[name] = value;
    fields["exit_code"] = process_exit_code(end.run);
    fields["elapsed_seconds"] = end.run.elapsed_seconds;
    emit("finish", std::move(fields), true);
  }

 private:
  void emit(std::string_view event, json::object fields, bool always = false) {
    if (m_verbosity == Verbosity::quiet && !always) return;
    json::object line{{"time", format_utc(std::chrono::system_clock::now())}, {"event", event}};
    for (auto& field : fields) line[field.key()] = std::move(field.value());
    std::string compact;
    write_compact(compact, line, m_redactor);
    const std::string text = m_redactor.apply(compact);
    std::fprintf(m_out, "%s\n", text.c_str());
    std::fflush(m_out);
  }

  std::FILE* m_out;
  const Redactor& m_redactor;
  Verbosity m_verbosity;
};

}  // namespace

std::unique_ptr<Reporter> make_json_log_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity) {
  return std::make_unique<JsonLogReporter>(out, redactor, verbosity);
}

}  // namespace jobwait::output
