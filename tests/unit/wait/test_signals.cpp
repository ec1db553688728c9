#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include <poll.h>
#include <unistd.h>

#include "wait/signals.hpp"

using namespace jobwait;
using namespace std::chrono;

namespace {

struct ClearStop {
  ClearStop() { set_stop_signal_for_testing(0); }
  ~ClearStop() { set_stop_signal_for_testing(0); }
};

// Puts back whatever handled SIGTERM before the test, so a real SIGTERM still ends the runner.
struct SavedHandlers {
  SavedHandlers() {
    sigaction(SIGINT, nullptr, &m_int);
    sigaction(SIGTERM, nullptr, &m_term);
  }
  ~SavedHandlers() {
    sigaction(SIGINT, &m_int, nullptr);
    sigaction(SIGTERM, &m_term, nullptr);
  }
  struct sigaction m_int {};
  struct sigaction m_term {};
};

}  // namespace

TEST_CASE("signals: no signal, stop_signal() is 0, and the testing hook sets and clears it", "[signals]") {
  ClearStop clear;
  CHECK(stop_signal() == 0);
  set_stop_signal_for_testing(SIGINT);
  CHECK(stop_signal() == SIGINT);
  set_stop_signal_for_testing(0);
  CHECK(stop_signal() == 0);
}

TEST_CASE("signals: wait_for_stop waits its whole timeout when no signal comes", "[signals]") {
  ClearStop clear;
  const auto start = steady_clock::now();
  wait_for_stop(milliseconds(80));
  const auto waited = steady_clock::now() - start;
  CHECK(waited >= milliseconds(80));
  CHECK(waited < seconds(2));
}

TEST_CASE("signals: wait_for_stop keeps sub-millisecond precision and a zero timeout returns at once", "[signals]") {
  ClearStop clear;
  auto start = steady_clock::now();
  wait_for_stop(nanoseconds(0));
  CHECK(steady_clock::now() - start < milliseconds(500));
  start = steady_clock::now();
  wait_for_stop(microseconds(1500));
  CHECK(steady_clock::now() - start >= microseconds(1500));
}

TEST_CASE("signals: a signal already recorded ends wait_for_stop at once", "[signals]") {
  ClearStop clear;
  set_stop_signal_for_testing(SIGTERM);
  const auto start = steady_clock::now();
  wait_for_stop(seconds(30));
  CHECK(steady_clock::now() - start < milliseconds(500));
}

TEST_CASE("signals: a real SIGTERM is recorded, wakes a sleeper, and readies the wake descriptor", "[signals]") {
  ClearStop clear;
  SavedHandlers saved;
  install_stop_handlers();
  REQUIRE(stop_wake_fd() >= 0);
  // Install twice: the same pipe, no leak of a second one.
  const int fd = stop_wake_fd();
  install_stop_handlers();
  CHECK(stop_wake_fd() == fd);

  std::thread sender([] {
    std::this_thread::sleep_for(milliseconds(100));
    ::kill(::getpid(), SIGTERM);
  });
  const auto start = steady_clock::now();
  wait_for_stop(seconds(20));
  const auto waited = steady_clock::now() - start;
  sender.join();
  CHECK(stop_signal() == SIGTERM);
  CHECK(waited < seconds(5));
  // A SIGINT is recorded as SIGINT (exit 130, not 143).
  set_stop_signal_for_testing(0);
  ::kill(::getpid(), SIGINT);
  pollfd ready{stop_wake_fd(), POLLIN, 0};
  CHECK(::poll(&ready, 1, 2000) == 1);
  CHECK(stop_signal() == SIGINT);
  char drain[16];
  while (::read(stop_wake_fd(), drain, sizeof drain) > 0) {
  }
}
