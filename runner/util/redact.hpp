// The last line of defence for secrets: every line jobwait prints and the artifact text pass
// through a Redactor that knows the run's secret values.
//
// Two rules keep the mask from breaking what it masks, while a secret placed anywhere a
// secret can go (a URL, a header, an error message) is still never shown:
//
// * Structure first. A text that is one JSON document (the artifact, a --log-format json
//   line) is redacted value by value: each string value is decoded, masked and encoded again,
//   so the result is always valid JSON. Keys are names jobwait chose, never data; they are
//   masked only by a long secret (see below), and numbers, booleans and punctuation never.
//   Anything else is masked as text.
//
// * Short secrets only as whole words. A secret under k_masked_anywhere characters (a token
//   "t" in a test, a 6-character password) is masked where it stands alone: not inside a
//   longer run of letters, digits and '_' ("t" in "outcome" is not the token; "t" in
//   "token=t&x" is). Masking every "t" would wreck every word and, by its pattern, spell out
//   the secret. Longer secrets are masked wherever they appear, glued to anything. GitLab
//   draws the same line: it refuses to mask variables shorter than 8 characters.
//
// * A secret cut short is still a secret. Texts are cut to fit a log line ("...", "…"); a cut
//   that falls inside a secret leaves its start, which is most of it. So where a text ends or
//   a cut mark stands, a start of a secret at least k_min_cut_prefix characters long is masked
//   too. Masking before cutting (what every writer should do) makes this a second line.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/secret_registry.hpp"

namespace jobwait {

class Redactor {
 public:
  // Secrets this long or longer are masked wherever they appear; shorter ones as whole words.
  static constexpr std::size_t k_masked_anywhere = 8;

  // The shortest start of a secret masked before a cut or at the end of a text.
  static constexpr std::size_t k_min_cut_prefix = 6;

  Redactor() = default;
  // These secrets, for good.
  explicit Redactor(std::vector<std::string> secrets);
  // Whatever `registry` holds at each apply(), secrets added later too; it must outlive this.
  explicit Redactor(const SecretRegistry& registry) : m_registry(&registry) {}

  // Where the secrets live, for those who must hear of new ones (GitHub's ::add-mask::).
  const SecretRegistry* registry() const { return m_registry; }

  // `text` with each secret (also in its JSON-escaped form) replaced by "<redacted>", by the
  // rules above: value by value when `text` is one JSON document, else as plain text.
  std::string apply(std::string_view text) const;

 private:
  using Forms = std::vector<std::string>;  // the secrets and their JSON-escaped forms, longest first
  std::string apply_text(std::string_view text, const Forms& forms) const;
  std::string apply_json(std::string_view text, const Forms& forms) const;

  std::shared_ptr<SecretRegistry> m_own;  // the fixed secrets of Redactor(vector)
  const SecretRegistry* m_registry = nullptr;
};

}  // namespace jobwait
