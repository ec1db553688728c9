// Two aligned columns of label and value, as `check`, `explain` and the auth lines print them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jobwait {

using Rows = std::vector<std::pair<std::string, std::string>>;

// One line per row: the label padded to the longest label plus two spaces, then the value.
std::string two_columns(const Rows& rows);

}  // namespace jobwait
