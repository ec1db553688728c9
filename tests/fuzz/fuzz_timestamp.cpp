// The timestamp normalizer: any text (and any epoch number) gives either no `utc` or one the
// artifact schema accepts, and always keeps the raw text.
#include <cstdint>
#include <cstring>

#include "check.hpp"
#include "util/timestamp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobwait;
  const std::string_view text = fuzz::as_text(data, size);
  const Timestamp stamp = normalize_timestamp(text);
  FUZZ_CHECK(stamp.raw == text);
  if (stamp.utc) FUZZ_CHECK(fuzz::is_artifact_utc(*stamp.utc));
  if (size >= sizeof(std::int64_t)) {
    std::int64_t epoch = 0;
    std::memcpy(&epoch, data, sizeof epoch);
    const Timestamp whole = normalize_timestamp(epoch);
    if (whole.utc) FUZZ_CHECK(fuzz::is_artifact_utc(*whole.utc));
    double real = 0;
    std::memcpy(&real, data, sizeof real);
    const Timestamp fraction = normalize_timestamp(real);
    if (fraction.utc) FUZZ_CHECK(fuzz::is_artifact_utc(*fraction.utc));
  }
  return 0;
}
