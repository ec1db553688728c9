#include "model/error.hpp"

namespace jobwait {

Error Error::of(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::transient: return "transient";
    case ErrorKind::auth: return "auth";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::config: return "config";
    case ErrorKind::api: return "api";
  }
  return "api";
}

}  // namespace jobwait
