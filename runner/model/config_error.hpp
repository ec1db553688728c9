// What is wrong with the input, and where: the step file's line, column and key, or the
// `--set` that gave the value. Every layer that checks input (the loader, the credentials,
// the endpoint) says so in this one form; the run reports it and exits 2.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace jobwait::config {

struct ConfigError {
  std::string file;     // the step file as named by the caller
  int line = 0;         // 1-based; 0 when there is no place in the file to point at
  int column = 0;       // 1-based; 0 with line 0
  std::string key;      // dotted, e.g. "wait.timeout"; empty for TOML syntax and read errors
  std::string message;  // one line, never a secret value
  // Where the result artifact goes despite the error (output.result, or the default when the
  // TOML parsed without one); empty when the file could not be read or parsed.
  std::optional<std::string> result_path;
  bool from_override = false;  // the value came from `--set key=...`, not from the file
  // The other problems found in the same run (at most k_most_reported in all, this one
  // included), so one run shows what to fix; this one is what the artifact records.
  std::vector<ConfigError> others;
  std::size_t not_reported = 0;  // problems found beyond those

  static constexpr std::size_t k_most_reported = 20;

  // One compiler-style line: `deploy.toml:7:11: wait.timeout: invalid duration ...`, or for an
  // override `deploy.toml: --set wait.timeout: invalid duration ...`.
  std::string format() const;

  // Every problem, one format() line each, in the order of their places in the file (--set
  // problems after the file's), then "N more problems" when some were not kept.
  std::vector<std::string> lines() const;

  // The first of `problems` (the one the artifact records) with the rest as its others, at
  // most k_most_reported in all. `problems` must not be empty.
  static ConfigError collect(std::vector<ConfigError> problems);

  // The one way to make one: an error at `key` of the step file `file`, at line:column when
  // there is a place in the file to point at (line 0: none). The loader and the credential
  // checks both build theirs here; result_path and from_override are the caller's to add.
  static ConfigError at(std::string file, std::string key, std::string message, int line = 0, int column = 0);
};

}  // namespace jobwait::config
