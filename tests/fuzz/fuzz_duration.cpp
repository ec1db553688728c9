// The duration parser: never crashes, and what it accepts prints back to the same value.
#include <cstdint>

#include "check.hpp"
#include "util/duration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  auto parsed = config::parse_duration(fuzz::as_text(data, size));
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().empty());
    return 0;
  }
  FUZZ_CHECK(parsed->count() >= 0);
  FUZZ_CHECK(*parsed <= config::k_max_duration);
  const std::string text = config::format_duration(*parsed);
  auto again = config::parse_duration(text);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *parsed);
  return 0;
}
