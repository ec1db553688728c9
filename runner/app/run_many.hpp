// `jobwait run` for a step with several jobs ([[jobs]] or --job-ids-from): settle each job's
// credentials, authenticate once per distinct set of them, wait on all in one event loop
// (wait_many.hpp) and sum the outcomes up (aggregate.hpp) into one RunRecord.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "auth/resolve.hpp"
#include "config/step_file.hpp"
#include "output/reporter.hpp"
#include "result/artifact.hpp"
#include "util/env_expand.hpp"
#include "wait/clock.hpp"

namespace jobwait {

// --job-ids-from FILE|-: one job id per line; blank lines and lines starting with # are skipped,
// spaces around an id dropped. The error says why (unreadable, no ids).
tl::expected<std::vector<std::string>, std::string> read_job_ids(const std::string& source);

// After the step file loaded and its [job] was settled (auth/resolve.hpp): the [[jobs]] entries
// settled the same way (each with its own credentials), or `ids` (--job-ids-from) turned into
// entries, each a copy of the [job] with its id. Config errors: nothing has been sent.
// `others`, when given, gets how each [[jobs]] entry from the second on was settled, in order
// (`check` and `explain` say where every job's settings came from); copies made for `ids` are
// settled as the [job] was and add none.
tl::expected<void, config::ConfigError> settle_jobs(config::StepConfig& step, const std::vector<std::string>* ids,
                                                    const config::EnvLookup& env, std::vector<std::string>& warnings,
                                                    std::vector<auth::Resolution>* others = nullptr);

// Waits on every job of `step.jobs`. The record has the aggregate outcome, exit codes (with
// [exit_codes] applied), message, one JobRecord per job and the mode; the caller adds the step
// file and the start time, publishes it and reports it. `step.jobs` is emptied once each job
// has its Job: ten thousand entries are 16 MB the wait does not need.
RunRecord run_jobs(config::StepConfig& step, output::Reporter& reporter, Clock& clock, bool verbose,
                   const std::vector<std::string>& warnings);

}  // namespace jobwait
