// What an exec provider's command prints (docs/exec-protocol.md) is untrusted text too.
#include <cstdint>

#include "check.hpp"
#include "providers/exec_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  auto status = providers::parse_exec_output(fuzz::as_text(data, size));
  if (!status) {
    FUZZ_CHECK(!status.error().message.empty());
    return 0;
  }
  if (status->progress) FUZZ_CHECK(*status->progress >= 0 && *status->progress <= 100);
  return 0;
}
