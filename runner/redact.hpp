// The last line of defence for secrets: every line jobwait prints and the artifact text pass
// through a Redactor that knows the run's secret values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobwait {

class Redactor {
 public:
  Redactor() = default;
  explicit Redactor(std::vector<std::string> secrets);

  // `text` with every occurrence of a secret (also in its JSON-escaped form) replaced by
  // "<redacted>".
  std::string apply(std::string_view text) const;

 private:
  std::vector<std::string> m_secrets;
};

}  // namespace jobwait
