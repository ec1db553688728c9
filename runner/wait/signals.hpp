// SIGINT/SIGTERM end the wait within a second, even mid-request: the handler only records
// the signal and wakes the sleeper; the poll loop and the HTTP client look at it and stop.
#pragma once

#include <chrono>

namespace jobwait {

// Installs the handlers (without SA_RESTART, so blocking calls return).
void install_stop_handlers();

// The signal that asked us to stop, or 0.
int stop_signal();

// Waits until `timeout` passes or a stop signal arrives, whichever is first. Nanosecond
// resolution: rounding a sleep down to whole milliseconds would leave the caller to spin
// through the remainder.
void wait_for_stop(std::chrono::nanoseconds timeout);

// A descriptor that becomes readable when a stop signal arrives, for event loops that wait on
// descriptors (the multi-job wait's curl_multi_poll); -1 before install_stop_handlers().
int stop_wake_fd();

// For tests: records `signal_number` as if it had arrived (0 clears it).
void set_stop_signal_for_testing(int signal_number);

}  // namespace jobwait
