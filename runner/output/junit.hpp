// The JUnit XML report, in the Ant/Jenkins dialect every CI test reporter reads (Jenkins'
// junit step, GitLab's artifacts:reports:junit, GitHub test-report actions). One test case per
// job and per task. Only a job that failed or was cancelled is a <failure>; a timeout or an API
// error is an <error> (the wait, not the job, went wrong), a task still open is <skipped>.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

std::unique_ptr<Reporter> make_junit_reporter(std::string path, const Redactor& redactor, std::FILE* err);

// The whole document. `hostname` goes into the testsuite element, as Ant writes it.
std::string junit_xml(const RunRecord& run, std::string_view hostname);

// Text safe inside an XML attribute or element: & < > " ' escaped, characters XML 1.0
// forbids (most control characters) dropped.
std::string xml_escape(std::string_view text);

}  // namespace jobwait::output
