// Catch2 3 (Debian 13's catch2 package) under the Catch2 2 header the tests include: version 3
// split the single header and renamed a few matchers. tests/CMakeLists.txt puts this folder
// first on the include path only when it finds Catch2 3, whose Catch2WithMain also brings the
// main() that CATCH_CONFIG_MAIN gives in version 2.
#pragma once

#include <string>

#include <catch2/catch_all.hpp>

namespace Catch {
inline Matchers::StringContainsMatcher Contains(const std::string& text, CaseSensitive cs = CaseSensitive::Yes) {
  return Matchers::ContainsSubstring(text, cs);
}
using Matchers::EndsWith;
using Matchers::StartsWith;
}  // namespace Catch

using Catch::Approx;
