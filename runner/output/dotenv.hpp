// The dotenv report: JOBWAIT_OUTCOME=..., one KEY=VALUE per line, for GitLab's
// `artifacts:reports:dotenv` and for any script or plugin that wants the outcome without a
// JSON parser (the Jenkins step, the Tekton Task and the Argo template read it).
#pragma once

#include <memory>
#include <string>

#include "output/reporter.hpp"
#include "util/redact.hpp"

namespace jobwait::output {

// Writes the file atomically at the end of the run; a failure to write is said on `err`.
std::unique_ptr<Reporter> make_dotenv_reporter(std::string path, const Redactor& redactor, std::FILE* err);

// JOBWAIT_OUTCOME, JOBWAIT_STATE, JOBWAIT_EXIT_CODE, JOBWAIT_JOB_ID, JOBWAIT_RESULT and
// JOBWAIT_MESSAGE. Values are single lines (GitLab rejects newlines), the message capped,
// each masked by `redactor` before it is capped (a cut secret is no longer one to find).
std::string dotenv_text(const RunEnd& end, const Redactor& redactor = Redactor());

}  // namespace jobwait::output
