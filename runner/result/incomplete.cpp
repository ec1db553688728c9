#include "result/incomplete.hpp"

#include <boost/json.hpp>

#include "result/artifact.hpp"
#include "result/json_text.hpp"

namespace jobwait {

std::string incomplete_artifact_text(const std::string& step_file, const std::string& step_name,
                                     std::chrono::system_clock::time_point started, const config::WaitConfig& wait) {
  RunRecord run;
  run.message = "the run has not finished: it is still waiting, or it was killed before it could write its result";
  run.step_file = step_file;
  run.step_name = step_name;
  run.started_at = started;
  run.finished_at = started;
  run.wait = wait;
  boost::json::object out = to_json(run);
  out["outcome"] = "incomplete";
  // No code and no end yet: whoever reads a placeholder must find nothing to branch on.
  out["exit_code"] = nullptr;
  out["standard_exit_code"] = nullptr;
  out["finished_at"] = nullptr;
  return to_pretty_json(out);
}

}  // namespace jobwait
