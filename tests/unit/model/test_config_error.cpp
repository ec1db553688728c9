#include <catch2/catch.hpp>

#include "model/config_error.hpp"

using jobwait::config::ConfigError;

TEST_CASE("config error: at() fills file, key, message and place", "[config_error]") {
  const ConfigError error = ConfigError::at("deploy.toml", "wait.timeout", "invalid duration", 7, 11);
  CHECK(error.file == "deploy.toml");
  CHECK(error.key == "wait.timeout");
  CHECK(error.message == "invalid duration");
  CHECK(error.line == 7);
  CHECK(error.column == 11);
  CHECK_FALSE(error.from_override);
  CHECK_FALSE(error.result_path.has_value());
  const ConfigError placeless = ConfigError::at("deploy.toml", "job.region", "missing");
  CHECK(placeless.line == 0);
  CHECK(placeless.column == 0);
}

TEST_CASE("config error: format() reads file:line:column: key: message", "[config_error]") {
  CHECK(ConfigError::at("deploy.toml", "wait.timeout", "invalid duration", 7, 11).format() ==
        "deploy.toml:7:11: wait.timeout: invalid duration");
  CHECK(ConfigError::at("deploy.toml", "job.region", "missing").format() == "deploy.toml: job.region: missing");
  CHECK(ConfigError::at("deploy.toml", "", "cannot read the step file: No such file").format() ==
        "deploy.toml: cannot read the step file: No such file");
  CHECK(ConfigError::at("deploy.toml", "", "syntax", 3, 1).format() == "deploy.toml:3:1: syntax");
}

TEST_CASE("config error: a --set error names the --set, not a place", "[config_error]") {
  ConfigError error = ConfigError::at("deploy.toml", "wait.timeout", "invalid duration", 5, 2);
  error.from_override = true;
  CHECK(error.format() == "deploy.toml: --set wait.timeout: invalid duration");
}
