// One provider's parse() on arbitrary bodies; built once per provider (JOBWAIT_FUZZ_PROVIDER).
// Any body gives a status or an error with a kind, never a crash; what parses is well-formed.
#include <cstdint>
#include <memory>
#include <string>

#include "check.hpp"
#include "config/step_file.hpp"
#include "providers/declared.hpp"
#include "providers/provider.hpp"

namespace {

// Built-ins come from the registry; a preset (v1-jobs) is declared, so it is loaded the way a
// step file naming it is.
std::unique_ptr<jobwait::providers::Provider> g_declared;

const jobwait::providers::Provider& provider() {
  using namespace jobwait;
  static const providers::Provider* const found = []() -> const providers::Provider* {
    if (const providers::Provider* builtin = providers::find_provider(JOBWAIT_FUZZ_PROVIDER)) return builtin;
    const std::string step = std::string("[job]\nprovider = \"") + JOBWAIT_FUZZ_PROVIDER +
                             "\"\nservice = \"ecs\"\nid = \"j\"\nproject_id = \"p\"\nregion = \"r\"\n"
                             "[auth]\ntoken = \"t\"\n";
    auto config = config::parse_step_text(step, "fuzz.toml", {});
    if (!config) {
      std::fprintf(stderr, "fuzz: cannot load provider %s: %s\n", JOBWAIT_FUZZ_PROVIDER,
                   config.error().format().c_str());
      std::abort();
    }
    g_declared = providers::make_declared_provider(config->job);
    return g_declared.get();
  }();
  return *found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  auto status = provider().parse(fuzz::as_text(data, size));
  if (!status) {
    FUZZ_CHECK(!status.error().message.empty());
    FUZZ_CHECK(status.error().kind == ErrorKind::transient || status.error().kind == ErrorKind::api);
    return 0;
  }
  if (status->progress) FUZZ_CHECK(*status->progress >= 0 && *status->progress <= 100);
  // The reason is printed on one line of the log; it must not be able to start another.
  FUZZ_CHECK(status->reason.find('\n') == std::string::npos);
  for (const auto& [name, stamp] : status->times) {
    if (stamp.utc) FUZZ_CHECK(fuzz::is_artifact_utc(*stamp.utc));
  }
  for (const Task& task : status->tasks) {
    for (const auto& [name, stamp] : task.times) {
      if (stamp.utc) FUZZ_CHECK(fuzz::is_artifact_utc(*stamp.utc));
    }
  }
  return 0;
}
