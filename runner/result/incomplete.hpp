// The artifact while a run is under way. A run killed with SIGKILL (a CI runner's hard
// timeout) cannot write its result; if the previous run's artifact were still at the path, the
// next step would read its "succeeded" as this run's. So before the first request the run
// writes this placeholder over it: outcome "incomplete", exit_code, standard_exit_code and
// finished_at null. The run's end replaces it as usual.
#pragma once

#include <chrono>
#include <string>

#include "model/step_config.hpp"

namespace jobwait {

std::string incomplete_artifact_text(const std::string& step_file, const std::string& step_name,
                                     std::chrono::system_clock::time_point started, const config::WaitConfig& wait);

}  // namespace jobwait
