// jobwait: wait for a cloud job to finish and exit with what happened.
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "app/info_commands.hpp"
#include "app/run_command.hpp"
#include "wait/signals.hpp"

#if JOBWAIT_STATIC
#include <openssl/crypto.h>
#endif

int main(int argc, char** argv) {
  using namespace jobwait;
#if JOBWAIT_STATIC
  // The static release carries its own OpenSSL: the host's openssl.cnf was written for another
  // build (RHEL's names providers and crypto policies this one lacks), so it is never read.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
#endif
  install_stop_handlers();
  try {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    auto options = parse_cli(args);
    if (!options) {
      // One line for what is wrong, one for where to read more: not the whole help.
      std::fprintf(stderr, "jobwait: %s\n%s\n", options.error().c_str(), usage_hint(args).c_str());
      return static_cast<int>(ExitCode::config_error);
    }
    switch (options->command) {
      case Command::help:
        std::fputs((options->help_for ? command_help_text(*options->help_for) : usage_text()).c_str(), stdout);
        return 0;
      case Command::version:
        std::puts("jobwait " JOBWAIT_VERSION);
        return 0;
      case Command::check:
        return static_cast<int>(check_step(*options));
      case Command::explain:
        return static_cast<int>(explain_step(*options));
      case Command::providers:
        return static_cast<int>(list_providers());
      case Command::schema:
        return static_cast<int>(print_schema(options->schema_name));
      case Command::run:
        return run_step(*options);
    }
  } catch (const std::exception& error) {
    // Nothing should get here; if something does, say so plainly rather than abort.
    std::fprintf(stderr, "jobwait: internal error: %s\n", error.what());
  }
  return static_cast<int>(ExitCode::api_error);
}
