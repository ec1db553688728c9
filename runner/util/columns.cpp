#include "util/columns.hpp"

#include <algorithm>

namespace jobwait {

std::string two_columns(const Rows& rows) {
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [label, value] : rows) {
    out += label;
    out.append(width - label.size() + 2, ' ');
    out += value;
    out += '\n';
  }
  return out;
}

}  // namespace jobwait
