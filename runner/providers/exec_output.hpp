// Reads one run's output under the exec protocol (docs/exec-protocol.md,
// schemas/exec-output.schema.json). Pure: the process side is exec.cpp's.
#pragma once

#include <string_view>

#include <tl/expected.hpp>

#include "model/error.hpp"
#include "model/job_status.hpp"

namespace jobwait::providers {

// The status the command reported, or the error it reported (`error`: not_found, auth, api or
// transient). Output that is not one JSON object, or breaks the protocol, is a transient error.
tl::expected<JobStatus, Error> parse_exec_output(std::string_view text);

}  // namespace jobwait::providers
