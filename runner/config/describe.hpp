// The resolved settings, as `jobwait check` prints them.
#pragma once

#include <string>

#include "model/step_config.hpp"

namespace jobwait::config {

// Which keys describe() lists: those set to something other than their default (`jobwait
// check`), or every key (`jobwait check --all`).
enum class KeysShown { set, all };

// One aligned line per step-file key (in key-table order), then the derived base URL. Secret
// keys show <redacted>, and a secret's text is redacted wherever else it turns up. Values equal
// to the default are marked "(default)"; empty optional keys show "(not set)".
std::string describe(const StepConfig& config, KeysShown shown = KeysShown::all);

// The same for one job of several: only the job.* and auth.* keys (the rest is the step's, and
// describe() of the first job shows it), then the base URL.
std::string describe_job(const StepConfig& config, KeysShown shown = KeysShown::all);

}  // namespace jobwait::config
