// `jobwait providers` and `jobwait schema`: what the binary knows, printed from the data it
// runs on (the provider registry and status maps, the schemas compiled in), never from a copy.
#pragma once

#include <string>

#include "model/exit_code.hpp"

namespace jobwait {

// Every provider with its request and status values → states, on stdout.
ExitCode list_providers();

// The JSON Schema `name` (step, result or exec) on stdout, as shipped in schemas/.
ExitCode print_schema(const std::string& name);

}  // namespace jobwait
