// GitHub Actions: plain progress lines plus workflow commands (::add-mask:: for every secret
// first, ::group:: around verbose polling, one ::error:: annotation when the run fails); and,
// in a reporter of their own that runs whatever the log format, step outputs appended to
// $GITHUB_OUTPUT and a Markdown report appended to $GITHUB_STEP_SUMMARY. Workflow commands go
// to stderr: the runner reads commands on both streams, and stdout stays free for --json.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

struct GithubFiles {
  std::string output;        // $GITHUB_OUTPUT; empty when unset
  std::string step_summary;  // $GITHUB_STEP_SUMMARY; empty when unset
};

// The lines on stderr (--log-format github).
std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity,
                                               std::vector<std::string> secrets);

// The files: outputs and step summary, appended at the end of the run (a path left empty is
// skipped); a file that cannot be written is said on `err`.
std::unique_ptr<Reporter> make_github_files_reporter(GithubFiles files, const Redactor& redactor, std::FILE* err);

// Workflow-command escaping: the message part (% CR LF) and a property value (also : and ,).
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

// The annotation for a run that did not succeed ("::error title=...::reason"); a mapped exit
// code of 0 makes it a warning. Empty for a success.
std::string github_annotation(const RunRecord& run);

// The Markdown report: the job, its tasks and the timeline of status changes.
std::string github_step_summary(const RunRecord& run);

// `name=value` lines for $GITHUB_OUTPUT (a heredoc block for a value with a newline).
std::string github_output_lines(const std::vector<std::pair<std::string, std::string>>& outputs);

}  // namespace jobwait::output
