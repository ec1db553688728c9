// GitLab CI: the wait's lines inside a collapsible log section (the summary outside it, so it
// shows when the section is folded). The dotenv report is dotenv.hpp; under GitLab it is on by
// default (see select.cpp).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

std::unique_ptr<Reporter> make_gitlab_reporter(std::FILE* out, const Redactor& redactor, Verbosity verbosity);

// The marker lines GitLab's log viewer folds on. `unix_seconds` is when the section starts or
// ends; GitLab shows the difference as the section's duration.
std::string gitlab_section_start(std::string_view name, long long unix_seconds, std::string_view header,
                                 bool collapsed);
std::string gitlab_section_end(std::string_view name, long long unix_seconds);

}  // namespace jobwait::output
