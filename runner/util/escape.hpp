// Text from outside jobwait (a job API's status, message, task names and reasons, error
// bodies, a command's output) is data. Before it reaches a terminal, a CI log, a CI file or an
// annotation, it passes escape_untrusted, the one place that knows what must not get through:
//
// * Line breaks and control characters, escaped visibly: \n \r \t, \x1b (ESC, which starts
//   terminal escape sequences and GitLab's section markers), \x00-\x1f and \x7f; C1 controls
//   and the Unicode line and paragraph separators as \u0085, \u2028, \u2029; bytes that are
//   not UTF-8 as \xHH (a lone 0x9b is CSI to an 8-bit terminal). So API text can never end a
//   line, and never begins one: GitHub Actions reads a workflow command (`::error::`,
//   `::add-mask::`, `::stop-commands::`) only at the start of a line, GitLab a section only
//   after ESC.
// * Invisible format characters (zero-width spaces, bidi overrides, the BOM, soft hyphen), as
//   \u200b etc.: they reorder what a reader sees, and .NET's culture-aware string search (the
//   GitHub runner's) skips them, so "\u200b::error::" would still start with "::".
// * The GitHub runner's legacy command prefix "##[", which it finds anywhere in a line:
//   written "##\x5b".
// * A "::" that begins the text (after spaces or other non-ASCII, which the runner trims):
//   written "\x3a:", in case the text is ever printed at the start of a line (an output a
//   workflow echoes).
//
// Backslashes are kept as they are, so the function is idempotent: text escaped at the poll
// loop and again by a reporter reads the same.
#pragma once

#include <string>
#include <string_view>

namespace jobwait {

std::string escape_untrusted(std::string_view text);

}  // namespace jobwait
