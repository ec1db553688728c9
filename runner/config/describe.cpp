#include "config/describe.hpp"

#include <utility>
#include <variant>
#include <vector>

#include "config/keys.hpp"
#include "jobs/registry.hpp"
#include "providers/endpoint.hpp"
#include "util/columns.hpp"
#include "util/duration.hpp"
#include "util/redact.hpp"

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

std::string base_url_text(const StepConfig& config) {
  const providers::ProviderEntry* entry = providers::find_entry(config.job.provider);
  if (entry != nullptr && !providers::asks_an_api(*entry)) return "(none: exec runs a command)";
  if (config.job.endpoint.empty() && config.job.region.empty()) return "(needs job.region or job.endpoint)";
  if (entry == nullptr && config.job.endpoint.empty()) return "(needs a known job.provider)";
  const std::string_view service = entry == nullptr                ? std::string_view{}
                                   : entry->builtin != nullptr     ? entry->builtin().service()
                                                                   : std::string_view(config.job.service);
  return base_url(config.job, service);
}

// The rows for the keys `wanted` picks, then the base URL, aligned in two columns. Without
// KeysShown::all, only the keys set to something other than their default.
template <typename Wanted>
std::string described(const StepConfig& config, Wanted wanted, KeysShown shown) {
  const StepConfig defaults;
  // Belt and braces: a secret pasted into another value (a token in an endpoint) stays hidden,
  // by the same rules as everything else printed.
  const Redactor redactor(config.secrets());

  Rows rows;
  if (wanted("step file")) rows.emplace_back("step file", config.file);
  const providers::ProviderEntry* entry = providers::find_entry(config.job.provider);
  for (const KeyInfo& key : step_keys()) {
    if (!wanted(key.name)) continue;
    // [job.http] means nothing to a built-in provider: rows of "(not set)" would hide the rest.
    if (entry != nullptr && providers::misplaced_key(*entry, key.name)) continue;
    std::string value = text_of(key.value(config));
    const bool is_default = value.empty() || (!key.default_text.empty() && value == text_of(key.value(defaults)));
    if (shown == KeysShown::set && is_default) continue;
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

  for (auto& row : rows) row.second = redactor.apply(row.second);
  return two_columns(rows);
}

}  // namespace

std::string describe(const StepConfig& config, KeysShown shown) {
  return described(config, [](std::string_view) { return true; }, shown);
}

std::string describe_job(const StepConfig& config, KeysShown shown) {
  return described(
      config, [](std::string_view key) { return key.starts_with("job.") || key.starts_with("auth."); }, shown);
}

}  // namespace jobwait::config
