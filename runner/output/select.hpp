// Puts together the reporters a run uses: one for the log format (plain, tty, json, github,
// gitlab, jenkins) plus the report files the step asks for (JUnit, dotenv), behind one
// Reporter that passes every call to each.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "output/detect.hpp"
#include "output/github.hpp"
#include "output/reporter.hpp"
#include "redact.hpp"

namespace jobwait::output {

struct OutputSettings {
  LogFormat format = LogFormat::plain;
  Verbosity verbosity = Verbosity::normal;
  std::vector<std::string> secrets;  // for ::add-mask::
  GithubFiles github;
  std::string junit;   // output.junit; empty: none
  std::string dotenv;  // output.dotenv; empty: none (GitLab: jobwait.env)
  std::size_t width = 0;  // terminal columns, for the status line
};

// The dotenv path GitLab gets when output.dotenv is not set.
inline constexpr const char* k_gitlab_default_dotenv = "jobwait.env";

std::unique_ptr<Reporter> make_reporter(std::FILE* err, const Redactor& redactor, const OutputSettings& settings);

}  // namespace jobwait::output
