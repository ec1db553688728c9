// write_atomically against a directory someone else can write: symlinks planted where the
// temporary file might go must never be written through (issue 12, "Files").
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "output/dotenv.hpp"
#include "output/junit.hpp"
#include "result/artifact.hpp"
#include "sample_run.hpp"
#include "temp_dir.hpp"
#include "util/redact.hpp"

using namespace jobwait;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Symlinks to `victim` at every name the old writer used (`target.tmp.<pid>`, for this process
// and its neighbours) and at other plausible guesses.
void plant(const fs::path& target, const fs::path& victim) {
  const std::string base = target.string();
  std::vector<std::string> names = {base + ".tmp", base + ".tmp.0", base + ".new", base + "~"};
  for (pid_t pid = ::getpid() - 5; pid <= ::getpid() + 5; ++pid) names.push_back(base + ".tmp." + std::to_string(pid));
  for (const std::string& name : names) fs::create_symlink(victim, name);
}

}  // namespace

TEST_CASE("atomic write: symlinks at predictable temporary names are never followed", "[artifact][files]") {
  const test::TempDir dir;
  const fs::path victim = dir / "victim.txt";
  { std::ofstream(victim) << "precious"; }
  const fs::path target = dir / "result.json";
  plant(target, victim);

  REQUIRE(write_atomically(target.string(), "{\"new\":true}\n"));
  CHECK(slurp(victim) == "precious");
  CHECK(slurp(target) == "{\"new\":true}\n");
  CHECK_FALSE(fs::is_symlink(target));
}

TEST_CASE("atomic write: a symlink at the target is replaced, not written through", "[artifact][files]") {
  const test::TempDir dir;
  const fs::path victim = dir / "victim.txt";
  { std::ofstream(victim) << "precious"; }
  const fs::path target = dir / "result.json";
  fs::create_symlink(victim, target);

  REQUIRE(write_atomically(target.string(), "new"));
  CHECK(slurp(victim) == "precious");
  CHECK_FALSE(fs::is_symlink(target));
  CHECK(slurp(target) == "new");
}

TEST_CASE("atomic write: mode 0644 less the umask, and no temporary file left", "[artifact][files]") {
  const test::TempDir dir;
  const fs::path target = dir / "result.json";
  const mode_t old_mask = ::umask(022);
  REQUIRE(write_atomically(target.string(), "x"));
  ::umask(old_mask);
  struct stat info {};
  REQUIRE(::stat(target.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);
}

TEST_CASE("atomic write: JUnit and dotenv reports do not follow planted symlinks either", "[junit][dotenv][files]") {
  const test::TempDir dir;
  const fs::path victim = dir / "victim.txt";
  { std::ofstream(victim) << "precious"; }
  const fs::path junit = dir / "junit.xml";
  const fs::path dotenv = dir / "jobwait.env";
  plant(junit, victim);
  plant(dotenv, victim);

  const Redactor redactor;
  const RunRecord run = testing::sample_run(Outcome::failed);
  output::make_junit_reporter(junit.string(), redactor, stderr)->finish({run, "r.json"});
  output::make_dotenv_reporter(dotenv.string(), redactor, stderr)->finish({run, "r.json"});

  CHECK(slurp(victim) == "precious");
  CHECK_THAT(slurp(junit), Catch::Contains("<testsuites"));
  CHECK_THAT(slurp(dotenv), Catch::Contains("JOBWAIT_OUTCOME=failed"));
}
