#include "app/info_commands.hpp"

#include <cstdio>
#include <string_view>

#include "config/step_file.hpp"
#include "jobs/registry.hpp"
#include "util/embedded_files.hpp"

namespace jobwait {

namespace {

// The provider's name and summary, then what it asks and how it reads the answer.
std::string describe(const providers::ProviderEntry& entry) {
  const std::string out = std::string(entry.name) + ": " + std::string(entry.summary) + "\n";
  if (entry.preset.empty()) return out + providers::describe_provider(entry, nullptr);
  auto http = config::load_preset(entry.name, providers::preset_text(entry));
  if (!http) return out + "  (preset unreadable: " + http.error().format() + ")\n";
  return out + providers::describe_provider(entry, &*http);
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
