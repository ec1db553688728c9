// The few values a pipeline branches on after a run, named once for every CI: GitHub step
// outputs, the dotenv report (JOBWAIT_OUTCOME=...), and through it Jenkins, Tekton and Argo.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "output/reporter.hpp"

namespace jobwait::output {

// In this order: outcome, state, exit_code, job_id, result, message. `state` is the job's last
// normalized state ("unknown" when none was read); `result` the artifact's path.
std::vector<std::pair<std::string, std::string>> run_outputs(const RunEnd& end);

// Appends `text` to the file (CI runners hand us files to append to). Returns why it failed.
tl::expected<void, std::string> append_to_file(const std::string& path, std::string_view text);

}  // namespace jobwait::output
