// The step-file loader (config::parse_step_text) on arbitrary bytes: any outcome but a crash,
// a hang or an error without a message. toml++ is only called from there.
#include <cstdint>
#include <string>

#include "check.hpp"
#include "config/step_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  config::LoadOptions options;
  // A fixed environment, so ${VAR} expansion is exercised too.
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") return std::string("fuzz-token");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
  };
  auto step = config::parse_step_text(fuzz::as_text(data, size), "fuzz.toml", options);
  if (!step) {
    FUZZ_CHECK(!step.error().message.empty());
    FUZZ_CHECK(!step.error().format().empty());
    return 0;
  }
  // What loads is ready to use: the checks the loader promises hold.
  FUZZ_CHECK(!step->job.provider.empty());
  FUZZ_CHECK(step->wait.interval <= step->wait.max_interval);
  FUZZ_CHECK(step->wait.timeout.count() > 0);
  FUZZ_CHECK(step->wait.max_errors >= 1);
  FUZZ_CHECK(step->wait.confirm >= 1);
  FUZZ_CHECK(step->wait.on_unknown == "wait" || step->wait.on_unknown == "fail");
  return 0;
}
