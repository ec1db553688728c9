// "did you mean" for misspelt keys and provider names in scenario files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobwait::sim {

// ` (did you mean "x"?)` for the closest candidate within a small edit distance, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace jobwait::sim
