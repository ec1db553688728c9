// jobwait-sim SCENARIO.toml [--port N] [--verbose]: serves the five job-status APIs from a
// scenario file on 127.0.0.1, printing the port it got as the first line of stdout.
#include <sys/resource.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "router.hpp"
#include "scenario.hpp"
#include "server.hpp"

namespace {

// 0: served until SIGINT/SIGTERM; 1: could not serve (port taken); 2: bad usage or scenario.
constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage =
    "usage: jobwait-sim SCENARIO.toml [--port N] [--verbose]\n"
    "Serves the job-status APIs of ServiceStage, CCE, CAE, IEF and CFW from a scenario file on\n"
    "127.0.0.1. Prints the port on the first line of stdout; runs until SIGINT or SIGTERM.\n";

struct Options {
  std::string scenario;
  jobwait::sim::ServerOptions server;
};

std::optional<Options> parse_arguments(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--verbose" || arg == "-v") {
      options.server.verbose = true;
    } else if (arg == "--port" && i + 1 < argc) {
      const std::string_view text = argv[++i];
      std::uint16_t port = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        std::cerr << "jobwait-sim: --port wants a number from 0 to 65535, got \"" << text
                  << "\"\n";
        return std::nullopt;
      }
      options.server.port = port;
    } else if (arg.starts_with("-") || !options.scenario.empty()) {
      std::cerr << "jobwait-sim: unexpected argument \"" << arg << "\"\n";
      return std::nullopt;
    } else {
      options.scenario = std::string(arg);
    }
  }
  if (options.scenario.empty()) return std::nullopt;
  return options;
}

// Thousands of concurrent pollers need thousands of descriptors: take what the hard limit allows.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << k_usage;
    return k_exit_ok;
  }
  const std::optional<Options> options = parse_arguments(argc, argv);
  if (!options) {
    std::cerr << k_usage;
    return k_exit_usage;
  }
  const auto scenario = jobwait::sim::load_scenario(options->scenario);
  if (!scenario) {
    std::cerr << scenario.error() << '\n';
    return k_exit_usage;
  }
  for (const std::string& warning : scenario->warnings) {
    std::cerr << "warning: " << warning << '\n';
  }
  raise_descriptor_limit();

  jobwait::sim::Stats stats;
  jobwait::sim::Router router(*scenario, stats);
  const auto served = jobwait::sim::serve(
      options->server, stats,
      [&router](jobwait::sim::Request request) { return router.handle(std::move(request)); },
      [](std::uint16_t port) {
        std::cout << port << std::endl;  // the bare port, flushed: scripts `read port`
      });
  if (!served) {
    std::cerr << "jobwait-sim: " << served.error() << '\n';
    return k_exit_failure;
  }
  return k_exit_ok;
}
