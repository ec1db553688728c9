// The declared job API: [job.http] read as a Provider, for provider "http" and for the presets
// (v1-jobs), whose declaration the step-file loader has already merged into job.http. One
// engine for any JSON job-status API: a path template, JSON Pointers and value lists.
#pragma once

#include <memory>
#include <optional>

#include "model/step_config.hpp"
#include "providers/provider.hpp"
#include "providers/status_map.hpp"

namespace jobwait::providers {

// A provider named `job.provider`, on host label `job.service`, asking and reading as
// `job.http` declares. Check the declaration first (check_declaration).
std::unique_ptr<Provider> make_declared_provider(const config::JobConfig& job);

// The value lists as a map. A stalled value takes the state of the list it is also in
// (pending or running), else running.
StatusMap declared_statuses(const config::HttpSpec& http);

// What a declaration needs beyond each key's own type: a path with only {project_id} and
// {job_id}, a known method, a body only where one can be sent, header names jobwait does
// not set itself, task fields only with tasks, no value in two lists, and a host label.
std::optional<KeyProblem> check_declaration(const config::JobConfig& job);

}  // namespace jobwait::providers
