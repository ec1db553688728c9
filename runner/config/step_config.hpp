// The resolved settings of one step file: what to wait for and how. Produced by the
// step-file loader (step_file.hpp) after environment expansion and --set overrides.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace jobwait::config {

using Duration = std::chrono::milliseconds;

struct JobConfig {
  std::string provider;  // servicestage | cce | cae | ief | cfw
  std::string id;
  std::string project_id;
  std::string region;                 // derives the host when `endpoint` is empty
  std::string endpoint;               // scheme://host[:port][/prefix], beats `region`
  std::string environment_id;         // CAE: X-Environment-ID (mandatory there)
  std::string enterprise_project_id;  // CAE: X-Enterprise-Project-ID
  std::string instance_id;            // IEF: ief-instance-id
};

struct AuthConfig {
  std::string token;  // secret: sent as X-Auth-Token, never printed
};

struct WaitConfig {
  Duration timeout = std::chrono::minutes(30);
  Duration interval = std::chrono::seconds(2);
  Duration max_interval = std::chrono::seconds(30);
  Duration request_timeout = std::chrono::seconds(30);
  int max_errors = 10;  // consecutive transient errors before giving up
};

struct OutputConfig {
  std::string result = "jobwait-result.json";
};

struct StepConfig {
  std::string file;  // the step file's path as given
  std::string name;
  JobConfig job;
  AuthConfig auth;
  WaitConfig wait;
  OutputConfig output;

  // Every secret value in the settings, for redaction of anything printed or written.
  std::vector<std::string> secrets() const;
};

}  // namespace jobwait::config
