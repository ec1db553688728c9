// "Did you mean" for step-file keys and provider names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobwait::config {

// Levenshtein distance: insertions, deletions and substitutions each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, only when it is close enough to be a likely typo
// (distance at most max(1, word.size() / 3)); the first one wins a tie. Case does not count:
// "CCE" is nearest to "cce", "Timeout" to "timeout".
std::optional<std::string> closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace jobwait::config
