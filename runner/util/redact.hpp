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
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jobwait {

class Redactor {
 public:
  // Secrets this long or longer are masked wherever they appear; shorter ones as whole words.
  static constexpr std::size_t k_masked_anywhere = 8;

  Redactor() = default;
  explicit Redactor(std::vector<std::string> secrets);

  // `text` with each secret (also in its JSON-escaped form) replaced by "<redacted>", by the
  // rules above: value by value when `text` is one JSON document, else as plain text.
  std::string apply(std::string_view text) const;

 private:
  std::string apply_text(std::string_view text) const;
  std::string apply_json(std::string_view text) const;

  std::vector<std::string> m_forms;  // the secrets and their JSON-escaped forms, longest first
};

}  // namespace jobwait
