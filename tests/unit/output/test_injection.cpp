// CI log injection (issue 12): every text that comes from the API is data. Each hostile string
// goes in as status, reason, task name and message, error body, warning and poll text, raw (as
// if the poll loop had not escaped it), through every reporter and log format; nothing of it
// may end or start a line, run a workflow command, open a GitLab section or move the cursor.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "output/select.hpp"
#include "sample_run.hpp"
#include "temp_dir.hpp"
#include "util/redact.hpp"

using namespace jobwait;
using namespace jobwait::output;

namespace {

const std::vector<std::string> k_hostile = {
    "\n::error::PWN",
    "\r::add-mask::PWN",
    "::stop-commands::PWN",
    "  ::set-output name=outcome::PWN",
    "\xc2\xa0::error::PWN",                      // NBSP: .NET's TrimStart drops it
    "\xe2\x80\x8b::error::PWN",                  // zero width space: culture-aware StartsWith skips it
    "x ##[set-output name=outcome;]PWN",         // the runner's legacy form, found anywhere in a line
    "\x1b[0Ksection_start:1:PWN\r\x1b[0KPWN",    // a GitLab section
    "\x1b[0Ksection_end:1:jobwait_wait\r\x1b[0KPWN",
    "\x1b]8;;http://evil/\x1b\\PWN\x1b]8;;\x1b\\",  // OSC 8 hyperlink
    "a\xc2\x85::error::PWN",                     // NEL
    "a\xe2\x80\xa8::error::PWN\xe2\x80\xa9",     // line and paragraph separators
    "\x9b" "2J PWN",                             // 8-bit CSI, not UTF-8
    "\xe2\x80\xae" "NWP",                        // right-to-left override
    std::string("nul\0PWN\x7f", 8),
    "%0A::error::PWN",                           // GitHub's own escapes must stay data
};

std::string read_stream(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  return text;
}

std::string read_path(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool valid_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                               : lead >= 0xf0 && lead <= 0xf4                  ? 4
                                                                               : 0;
    if (length == 0 || at + length > text.size()) return false;
    for (std::size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(text[at + i]) & 0xc0) != 0x80) return false;
    }
    at += length;
  }
  return true;
}

// Lines as the GitHub runner reads them (CR, LF or CRLF end one), leading spaces and anything
// not ASCII dropped as its TrimStart (and culture-aware comparison) would.
std::vector<std::string> runner_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (const char c : text) {
    if (c == '\n' || c == '\r') {
      lines.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  lines.push_back(line);
  for (std::string& each : lines) {
    std::size_t at = 0;
    while (at < each.size() && (each[at] == ' ' || static_cast<unsigned char>(each[at]) >= 0x80)) ++at;
    each.erase(0, at);
  }
  return lines;
}

// jobwait's own commands; anything else starting with "::" came from the data.
bool our_command(const std::string& line) {
  for (const char* prefix : {"::add-mask::", "::group::jobwait: ", "::endgroup::", "::error title=jobwait",
                             "::warning title=jobwait", "::error file=", "::warning file="}) {
    if (line.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// Nothing hostile survives in `text`, one of the outputs (`where`).
void check_clean(const std::string& where, std::string text) {
  INFO(where << ":\n" << text);
  // jobwait's own control sequences: the status line's redraw and its GitLab section markers.
  text = std::regex_replace(text, std::regex("\r\x1b\\[K"), "");
  text = std::regex_replace(
      text, std::regex("\x1b\\[0Ksection_(start|end):[0-9]+:jobwait_wait(\\[collapsed=true\\])?\r\x1b\\[0K"), "");
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    CHECK_FALSE(((byte < 0x20 && c != '\n') || byte == 0x7f));
  }
  CHECK(valid_utf8(text));
  for (const char* hidden : {"\xc2\x85", "\xc2\x9b", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\x8b", "\xe2\x80\xae"}) {
    CHECK(text.find(hidden) == std::string::npos);
  }
  CHECK(text.find("##[") == std::string::npos);
  for (const std::string& line : runner_lines(text)) {
    if (line.rfind("::", 0) == 0) CHECK(our_command(line));
  }
}

RunRecord hostile_run(const std::string& h) {
  RunRecord run = testing::sample_run(Outcome::failed);
  run.message = h;
  JobRecord& job = run.jobs[0];
  job.wait.message = h;
  JobStatus& status = *job.wait.last_status;
  status.status = h;
  status.reason = h;
  for (Task& task : status.tasks) task.name = task.status = task.message = h;
  status.tasks[1].state = State::failed;
  status.tasks[2].state = State::running;
  for (TimelineEntry& entry : job.wait.timeline) entry.status = h;
  Error error;
  error.message = h;
  error.code = "APIGW.0301";
  error.http_status = 400;
  job.wait.last_error = error;
  return run;
}

}  // namespace

TEST_CASE("injection: API text cannot forge lines or commands in any reporter or CI file", "[injection]") {
  struct Format {
    LogFormat format;
    Verbosity verbosity;
    std::size_t width = 0;
  };
  const std::vector<Format> formats = {
      {LogFormat::plain, Verbosity::verbose, 0},  {LogFormat::plain, Verbosity::normal, 0},
      {LogFormat::tty, Verbosity::normal, 200},   {LogFormat::json, Verbosity::verbose, 0},
      {LogFormat::github, Verbosity::verbose, 0}, {LogFormat::gitlab, Verbosity::verbose, 0},
      {LogFormat::jenkins, Verbosity::quiet, 0}};
  for (const std::string& h : k_hostile) {
    for (const Format& format : formats) {
      INFO("hostile " << h << " format " << to_string(format.format));
      const test::TempDir dir;
      OutputSettings settings;
      settings.format = format.format;
      settings.verbosity = format.verbosity;
      settings.width = format.width;
      settings.ci = LogFormat::github;
      settings.github = {dir / "github_output", dir / "step_summary.md"};
      settings.junit = dir / "junit.xml";
      settings.dotenv = dir / "jobwait.env";
      const Redactor redactor;
      const std::unique_ptr<std::FILE, int (*)(std::FILE*)> err(std::tmpfile(), std::fclose);
      REQUIRE(err);
      const RunRecord run = hostile_run(h);
      const std::unique_ptr<Reporter> reporter = make_reporter(err.get(), redactor, settings);

      // The id too: --job-id-from takes it from another command's output.
      reporter->start({"step.toml", "e2e", "cce", h, "https://cce.example/jobs/job-1", std::chrono::seconds(30)});
      reporter->on_poll({1, 0.5, 0.1, true, h + " (running)", 200});
      reporter->on_poll({2, 1.0, 0.1, false, h, 500});
      reporter->on_update(*run.jobs[0].wait.last_status, true, 1.0);
      reporter->on_retry(*run.jobs[0].wait.last_error, 1, 2.0);
      reporter->on_warning(h);
      reporter->on_heartbeat(&*run.jobs[0].wait.last_status, 3.0, 1.0);
      reporter->finish({run, (dir / "result.json")});

      const std::string log = read_stream(err.get());
      check_clean("stderr", log);
      for (const char* file : {"github_output", "step_summary.md", "junit.xml", "jobwait.env"}) {
        check_clean(file, read_path(dir.path() / file));
      }
      // Escaped, not dropped: the reader still sees what the service sent.
      if (format.format != LogFormat::jenkins) CHECK_THAT(log, Catch::Contains("PWN") || Catch::Contains("NWP"));
    }
  }
}

TEST_CASE("injection: escapes are visible in the plain log, the annotation and the outputs", "[injection]") {
  const test::TempDir dir;
  OutputSettings settings;
  settings.format = LogFormat::github;
  settings.github = {dir / "github_output", ""};
  settings.dotenv = dir / "jobwait.env";
  const Redactor redactor;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> err(std::tmpfile(), std::fclose);
  const RunRecord run = hostile_run("\n::error::PWN\x1b[31m");
  make_reporter(err.get(), redactor, settings)->finish({run, "r.json"});
  const std::string log = read_stream(err.get());
  CHECK_THAT(log, Catch::Contains("jobwait: failed after 42s, 7 polls: \\n::error::PWN\\x1b[31m"));
  CHECK_THAT(log, Catch::Contains("::error title=jobwait%3A failed (deploy web)::\\n::error::PWN\\x1b[31m"));
  CHECK_THAT(read_path(dir.path() / "github_output"), Catch::Contains("\nmessage=\\n::error::PWN\\x1b[31m\n"));
  CHECK_THAT(read_path(dir.path() / "jobwait.env"), Catch::Contains("\nJOBWAIT_MESSAGE=\\n::error::PWN\\x1b[31m\n"));
}
