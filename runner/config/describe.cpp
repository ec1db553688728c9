#include "config/describe.hpp"

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

#include "config/duration.hpp"
#include "config/endpoint.hpp"
#include "config/keys.hpp"
#include "providers/registry.hpp"

namespace jobwait::config {

namespace {

constexpr std::string_view k_redacted = "<redacted>";

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// As a step file would write it; an empty array or table is "" (not set).
std::string text_of(const ConstFieldRef& value) {
  if (const auto* const* text = std::get_if<const std::string*>(&value)) return **text;
  if (const auto* const* duration = std::get_if<const Duration*>(&value)) return format_duration(**duration);
  if (const auto* const* items = std::get_if<const std::vector<std::string>*>(&value)) {
    std::string out;
    for (const std::string& item : **items) out += (out.empty() ? "[" : ", ") + quoted(item);
    return out.empty() ? out : out + "]";
  }
  if (const auto* const* items = std::get_if<const StringMap*>(&value)) {
    std::string out;
    for (const auto& [name, item] : **items) out += (out.empty() ? "{ " : ", ") + name + " = " + quoted(item);
    return out.empty() ? out : out + " }";
  }
  if (const auto* const* flag = std::get_if<const bool*>(&value)) return **flag ? "true" : "false";
  return std::to_string(*std::get<const int*>(value));
}

// Belt and braces: a secret pasted into another value (a token in an endpoint) stays hidden.
std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + k_redacted.size())) {
      text.replace(at, secret.size(), k_redacted);
    }
  }
  return text;
}

std::string base_url_text(const StepConfig& config) {
  const providers::ProviderEntry* entry = providers::find_entry(config.job.provider);
  if (entry != nullptr && entry->kind == providers::ProviderKind::exec) return "(none: exec runs a command)";
  if (config.job.endpoint.empty() && config.job.region.empty()) return "(needs job.region or job.endpoint)";
  if (entry == nullptr && config.job.endpoint.empty()) return "(needs a known job.provider)";
  const std::string_view service = entry == nullptr                ? std::string_view{}
                                   : entry->builtin != nullptr     ? entry->builtin().service()
                                                                   : std::string_view(config.job.service);
  return base_url(config.job, service);
}

}  // namespace

std::string describe(const StepConfig& config) {
  const StepConfig defaults;
  const std::vector<std::string> secrets = config.secrets();

  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("step file", config.file);
  const providers::ProviderEntry* entry = providers::find_entry(config.job.provider);
  for (const KeyInfo& key : step_keys()) {
    // [job.http] means nothing to a built-in provider: rows of "(not set)" would hide the rest.
    if (entry != nullptr && providers::misplaced_key(*entry, key.name)) continue;
    std::string value = text_of(key.value(config));
    if (value.empty()) {
      value = "(not set)";
    } else if (key.secret) {
      value = k_redacted;
    } else if (!key.default_text.empty() && value == text_of(key.value(defaults))) {
      value += " (default)";
    }
    rows.emplace_back(key.name, std::move(value));
  }
  rows.emplace_back("base URL", base_url_text(config));

  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [label, value] : rows) {
    out += label;
    out.append(width - label.size() + 2, ' ');
    out += redact(value, secrets);
    out += '\n';
  }
  return out;
}

}  // namespace jobwait::config
