#include <catch2/catch.hpp>

#include "output/dotenv.hpp"
#include "sample_run.hpp"

using namespace jobwait;
using namespace jobwait::output;

TEST_CASE("dotenv: JOBWAIT_ variables a pipeline branches on, one line each", "[dotenv]") {
  RunRecord run = testing::sample_run(Outcome::failed);
  run.message = "job failed\nsecond line";
  CHECK(dotenv_text({run, "out/result.json"}) ==
        "JOBWAIT_OUTCOME=failed\nJOBWAIT_STATE=failed\nJOBWAIT_EXIT_CODE=1\nJOBWAIT_JOB_ID=job-1\n"
        "JOBWAIT_RESULT=out/result.json\nJOBWAIT_MESSAGE=job failed\\nsecond line\n");  // escaped, visibly
}

TEST_CASE("dotenv: the exit code is the one the process exits with", "[dotenv]") {
  RunRecord run = testing::sample_run(Outcome::timed_out);
  run.mapped_exit_code = 0;
  CHECK_THAT(dotenv_text({run, "r.json"}), Catch::Contains("JOBWAIT_OUTCOME=timed_out\nJOBWAIT_STATE=running\nJOBWAIT_EXIT_CODE=0\n"));
}

TEST_CASE("dotenv: a step file that did not load has no job id and state unknown", "[dotenv]") {
  RunRecord run;
  run.outcome = Outcome::config_error;
  run.exit_code = ExitCode::config_error;
  run.message = "bad";
  CHECK_THAT(dotenv_text({run, "r.json"}), Catch::StartsWith("JOBWAIT_OUTCOME=config_error\nJOBWAIT_STATE=unknown\nJOBWAIT_EXIT_CODE=2\nJOBWAIT_JOB_ID=\n"));
}

TEST_CASE("dotenv: a secret across the message cap is masked before the cut, so none of it is left", "[dotenv]") {
  const std::string token = "MIIsim-0123456789abcdef-XYZ12";
  RunRecord run = testing::sample_run(Outcome::auth_error);
  // The cap keeps 1021 characters: the token starts at 1017, so the cut leaves 4 of it,
  // too few to be recognised as a secret's start afterwards.
  run.message = std::string(1017, 'x') + token + " (check the token)";
  const Redactor redactor({token});
  const std::string text = dotenv_text({run, "r.json"}, redactor);
  const std::string message = text.substr(text.find("JOBWAIT_MESSAGE="));
  CHECK(message.find(token.substr(0, 4)) == std::string::npos);
  CHECK(message.size() <= std::string("JOBWAIT_MESSAGE=\n").size() + 1024);
}
