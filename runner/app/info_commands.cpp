#include "app/info_commands.hpp"

#include <cstdio>
#include <string_view>

#include "config/step_file.hpp"
#include "jobs/registry.hpp"
#include "providers/declared.hpp"
#include "util/embedded_files.hpp"

namespace jobwait {

namespace {

constexpr State k_states[] = {State::pending, State::running, State::succeeded, State::failed, State::cancelled};

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

std::string status_lines(std::string_view field, const providers::StatusMap& statuses) {
  std::string out = "  " + std::string(field) + ":\n";
  for (State state : k_states) {
    std::vector<std::string> values;
    for (const providers::StatusRule& rule : statuses.rules()) {
      if (rule.state != state) continue;
      values.push_back(rule.remark.empty() ? rule.value : rule.value + " (" + std::string(rule.remark) + ")");
    }
    if (values.empty()) continue;
    std::string label(to_string(state));
    label.resize(11, ' ');
    out += "    " + label + joined(values) + "\n";
  }
  if (const std::vector<std::string> stalled = statuses.stalled_values(); !stalled.empty()) {
    out += "    stalled    " + joined(stalled) + " (not terminal; will not move without someone acting)\n";
  }
  out += "    anything else: unknown (wait.on_unknown)\n";
  return out;
}

std::string describe(const providers::ProviderEntry& entry) {
  std::string out = std::string(entry.name) + ": " + std::string(entry.summary) + "\n";
  switch (entry.kind) {
    case providers::ProviderKind::builtin: {
      const providers::Provider& provider = entry.builtin();
      out += "  GET https://" + std::string(provider.service()) + ".{region}.myhuaweicloud.com" +
             std::string(provider.path_template()) + "\n";
      return out + status_lines(provider.status_field(), provider.statuses());
    }
    case providers::ProviderKind::declared: {
      if (entry.preset.empty()) {
        return out + "  [job.http]: path, method, headers, body; JSON Pointers to status, message, progress,\n"
                     "  tasks; value lists success, failure, cancelled, pending, running, stalled\n";
      }
      auto http = config::load_preset(entry.name, providers::preset_text(entry));
      if (!http) return out + "  (preset unreadable: " + http.error().format() + ")\n";
      out += "  " + http->method + " https://{job.service}.{region}.myhuaweicloud.com" + http->path + "\n";
      return out + status_lines(http->status, providers::declared_statuses(*http));
    }
    case providers::ProviderKind::exec:
      return out + "  job.command prints {\"state\": ...}: pending, running, succeeded, failed, cancelled, unknown\n";
  }
  return out;
}

}  // namespace

ExitCode list_providers() {
  std::string text;
  for (const providers::ProviderEntry& entry : providers::provider_entries()) {
    text += (text.empty() ? "" : "\n") + describe(entry);
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::succeeded;
}

ExitCode print_schema(const std::string& name) {
  const std::string path = "schemas/" + (name == "exec" ? std::string("exec-output") : name) + ".schema.json";
  const std::optional<std::string_view> text = embedded_file(path);
  if (!text) {
    std::fprintf(stderr, "jobwait: no schema %s in this build\n", path.c_str());
    return ExitCode::config_error;
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return ExitCode::succeeded;
}

}  // namespace jobwait
