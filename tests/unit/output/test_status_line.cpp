#include <catch2/catch.hpp>

#include "output/status_line.hpp"

using namespace jobwait;
using namespace jobwait::output;

namespace {

StatusView running_view() {
  StatusView view;
  view.job = "cce job-1";
  JobStatus status;
  status.status = "Running";
  status.state = State::running;
  status.progress = 45.4;
  status.tasks = {{"a", "A", "Success", State::succeeded, "", {}}, {"b", "B", "Running", State::running, "", {}}};
  view.status = status;
  view.elapsed_seconds = 65;
  view.next_poll_in = 4;
  return view;
}

}  // namespace

TEST_CASE("status line: state, progress, tasks done/total, elapsed and next poll", "[status_line]") {
  CHECK(render_status_line(running_view(), 0) ==
        "jobwait: ● cce job-1: Running (running) 45%, tasks 1/2 done · 1m5s · next poll in 4s");
}

TEST_CASE("status line: before the first answer, and while retrying", "[status_line]") {
  StatusView view;
  view.job = "cce job-1";
  view.elapsed_seconds = 3;
  CHECK(render_status_line(view, 0) == "jobwait: ◌ cce job-1: no status yet · 3s");
  view.retrying = 2;
  CHECK(render_status_line(view, 0) == "jobwait: ◌ cce job-1: no status yet, retrying (2 failed) · 3s");
}

TEST_CASE("status line: never wider than the terminal", "[status_line]") {
  const std::string line = render_status_line(running_view(), 30);
  CHECK(line == "jobwait: ● cce job-1: Running…");  // 30 columns, the cut marked
}

TEST_CASE("status line: a symbol per state, coloured only when asked, and the colour is not counted as width",
          "[status_line]") {
  StatusView view = running_view();
  const std::pair<State, const char*> symbols[] = {{State::succeeded, "✔"}, {State::failed, "✖"},
                                                   {State::cancelled, "⊘"}, {State::pending, "◌"},
                                                   {State::running, "●"},   {State::unknown, "?"}};
  for (const auto& [state, symbol] : symbols) {
    view.status->state = state;
    CHECK_THAT(render_status_line(view, 0), Catch::StartsWith(std::string("jobwait: ") + symbol + " cce job-1: "));
  }
  view.status->state = State::failed;
  CHECK_THAT(render_status_line(view, 0, true), Catch::StartsWith("jobwait: \x1b[31m✖\x1b[0m cce job-1: "));
  CHECK(render_status_line(view, 0).find('\x1b') == std::string::npos);
  // Cut at the same place with colour as without: only the symbol gains the escapes.
  std::string plain = render_status_line(view, 30);
  plain.replace(9, std::string("✖").size(), "\x1b[31m✖\x1b[0m");
  CHECK(render_status_line(view, 30, true) == plain);
}
