// Files compiled into the binary at build time (cmake/embed.cmake): the JSON Schemas that
// `jobwait schema` prints and the provider presets, so the installed binary needs no data
// directory and always carries the versions it was built with.
#pragma once

#include <optional>
#include <string_view>

namespace jobwait {

// A file by its path in the source tree ("schemas/step.schema.json"); nullopt if not embedded.
std::optional<std::string_view> embedded_file(std::string_view path);

}  // namespace jobwait
