// What one poll learns about a job, in jobwait's normalized terms. Providers fill it from
// the service's own body; the poll loop and the artifact read it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/timestamp.hpp"

namespace jobwait {

// pending, running and unknown are not terminal; the other three are.
enum class State { pending, running, succeeded, failed, cancelled, unknown };

std::string_view to_string(State state);
bool is_terminal(State state);

// Named timestamps in a fixed vocabulary: "created", "updated", "started", "finished".
using Times = std::vector<std::pair<std::string, Timestamp>>;

struct Task {
  std::string id;
  std::string name;
  std::string status;  // raw, as the service sent it
  State state = State::unknown;
  std::string message;
  Times times;
};

struct JobStatus {
  std::string status;  // raw, as the service sent it
  State state = State::unknown;
  std::optional<double> progress;  // percent, 0-100, where the service reports it (CAE)
  std::string reason;              // why it failed, when the service says
  std::vector<Task> tasks;
  // How many tasks the service counts, where it lists only some of them (ServiceStage pages
  // its tasks; task_count is the total). Unset: `tasks` is all of them.
  std::optional<int> task_total;
  Times times;
  // True when the service reports a state that will not move without a user (IEF
  // "Stopping" means paused). The job still counts as running.
  bool stalled = false;
  // Provider remarks the user should see once, e.g. "CAE status 'skip' treated as success".
  std::vector<std::string> notes;
};

}  // namespace jobwait
