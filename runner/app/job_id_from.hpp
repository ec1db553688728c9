// --job-id-from: the job id read out of the JSON document the create call returned, so
// `curl ... | jobwait run step.toml --job-id-from -` needs no jq. The place is a JSON Pointer
// (RFC 6901), by default where the provider's create calls answer with it.
#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace jobwait {

// Where a provider's create calls put the job id: CCE answers with the cluster or node, its id
// at /status/jobID; ServiceStage, CAE, IEF, CFW and the v1 jobs answer {"job_id": ...}.
std::string_view default_job_id_pointer(std::string_view provider);

// The string (or integer, as digits) at `pointer` in `json_text`. The error is one line that
// names the pointer and what was found instead; it never quotes the document, except for an
// error the create call answered with (its error_code and error_msg), which it names.
tl::expected<std::string, std::string> job_id_from_json(std::string_view json_text, std::string_view pointer);

// Reads `source` (a file path, or "-" for stdin) and finds the id in it.
tl::expected<std::string, std::string> read_job_id(const std::string& source, std::string_view pointer);

}  // namespace jobwait
