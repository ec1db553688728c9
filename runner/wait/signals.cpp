#include "wait/signals.hpp"

#include <atomic>
#include <cerrno>
#include <algorithm>
#include <csignal>
#include <ctime>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace jobwait {

namespace {

std::atomic<int> g_stop_signal{0};
// Self-pipe: the handler writes a byte so a sleeper in poll() wakes at once; checking a
// flag before sleeping would race with a signal that lands in between.
int g_wake_pipe[2] = {-1, -1};

void on_stop_signal(int signal_number) {
  g_stop_signal.store(signal_number);
  if (g_wake_pipe[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] ssize_t ignored = write(g_wake_pipe[1], &byte, 1);
  }
}

}  // namespace

void install_stop_handlers() {
  if (g_wake_pipe[0] < 0 && pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_wake_pipe[0] = g_wake_pipe[1] = -1;  // sleeping still works, only less promptly woken
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_stop_signal.load(); }

int stop_wake_fd() { return g_wake_pipe[0]; }

void set_stop_signal_for_testing(int signal_number) { g_stop_signal.store(signal_number); }

void wait_for_stop(std::chrono::nanoseconds timeout) {
  using namespace std::chrono;
  const auto until = steady_clock::now() + timeout;
  while (stop_signal() == 0) {
    const nanoseconds left = until - steady_clock::now();
    if (left.count() <= 0) return;
    // Without the pipe, sleep in short slices so a signal is still noticed within a second.
    const nanoseconds slice = g_wake_pipe[0] < 0 ? std::min<nanoseconds>(left, milliseconds(200)) : left;
    const timespec span{static_cast<time_t>(duration_cast<seconds>(slice).count()),
                        static_cast<long>((slice % seconds(1)).count())};
    if (g_wake_pipe[0] < 0) {
      nanosleep(&span, nullptr);
      continue;
    }
    pollfd fd{g_wake_pipe[0], POLLIN, 0};
    const int ready = ppoll(&fd, 1, &span, nullptr);
    if (ready > 0) {
      char drain[16];
      while (read(g_wake_pipe[0], drain, sizeof drain) > 0) {
      }
    }
  }
}

}  // namespace jobwait
