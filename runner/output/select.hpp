// Puts together the reporters a run uses: one for the log format (plain, tty, json, github,
// gitlab, jenkins) plus the files: the ones the step asks for (JUnit, dotenv) and the ones the
// CI around the run reads (GitHub's outputs and step summary, GitLab's default dotenv report),
// behind one Reporter that passes every call to each. The log format changes only the lines on
// stderr: under GitHub Actions with --log-format json the outputs are still written.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/detect.hpp"
#include "output/github.hpp"
#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

struct OutputSettings {
  LogFormat format = LogFormat::plain;  // the lines on stderr
  std::optional<LogFormat> ci;          // the CI system around the run (detect_ci), whatever the format
  Verbosity verbosity = Verbosity::normal;
  std::vector<std::string> secrets;  // for ::add-mask::
  GithubFiles github;
  std::string junit;   // output.junit; empty: none
  std::string dotenv;  // output.dotenv; empty: none (under GitLab CI: jobwait.env)
  std::size_t width = 0;  // terminal columns, for the status line
  bool colour = false;    // the status line may colour its state (a terminal, no NO_COLOR, TERM not dumb)
};

// The dotenv path GitLab gets when output.dotenv is not set.
inline constexpr const char* k_gitlab_default_dotenv = "jobwait.env";

std::unique_ptr<Reporter> make_reporter(std::FILE* err, const Redactor& redactor, const OutputSettings& settings);

}  // namespace jobwait::output
