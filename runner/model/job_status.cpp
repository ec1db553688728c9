#include "model/job_status.hpp"

namespace jobwait {

std::string_view to_string(State state) {
  switch (state) {
    case State::pending: return "pending";
    case State::running: return "running";
    case State::succeeded: return "succeeded";
    case State::failed: return "failed";
    case State::cancelled: return "cancelled";
    case State::unknown: return "unknown";
  }
  return "unknown";
}

bool is_terminal(State state) {
  return state == State::succeeded || state == State::failed || state == State::cancelled;
}

}  // namespace jobwait
