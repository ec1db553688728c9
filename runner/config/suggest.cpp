// Did-you-mean for unknown step-file keys and tables, and for unknown --set keys.
#include "config/suggest.hpp"

#include <algorithm>
#include <vector>

#include "config/keys.hpp"
#include "config/value.hpp"
#include "util/edit_distance.hpp"

namespace jobwait::config {

std::string did_you_mean(const std::optional<std::string>& suggestion) {
  return suggestion ? " (did you mean " + in_quotes(*suggestion) + "?)" : "";
}

namespace {

// A key in any table whose last part is near `leaf`: "tiemout" under [job] is "wait.timeout".
std::optional<std::string> suggest_anywhere(std::string_view leaf) {
  const std::vector<std::string_view> names = key_names();
  std::vector<std::string_view> leaves;
  for (std::string_view name : names) leaves.push_back(name.substr(name.rfind('.') + 1));  // npos + 1 == 0
  const std::optional<std::string> near = closest(leaf, leaves);
  if (!near) return std::nullopt;
  return std::string(names[static_cast<std::size_t>(std::find(leaves.begin(), leaves.end(), *near) - leaves.begin())]);
}

}  // namespace

std::optional<std::string> suggest_key(std::string_view table, std::string_view leaf) {
  std::vector<std::string_view> near = keys_in(table);
  for (std::string_view inner : table_names()) {  // tables inside this one: [job] holds [job.http]
    const std::size_t dot = inner.rfind('.');
    const std::string_view outer = dot == std::string_view::npos ? std::string_view{} : inner.substr(0, dot);
    if (outer == table) near.push_back(dot == std::string_view::npos ? inner : inner.substr(dot + 1));
  }
  if (auto suggestion = closest(leaf, near)) return suggestion;
  return suggest_anywhere(leaf);
}

std::optional<std::string> suggest_dotted(std::string_view name) {
  if (auto suggestion = closest(name, key_names())) return suggestion;
  return suggest_anywhere(name.substr(name.rfind('.') + 1));
}

}  // namespace jobwait::config
