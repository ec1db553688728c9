// runner/auth/token_cache.cpp: IAM tokens shared between runs, privately, until close to expiry.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/token_cache.hpp"
#include "temp_dir.hpp"

namespace {

using namespace jobwait::auth;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const Clock::time_point k_now = Clock::time_point(std::chrono::seconds(1'800'000'000));
const TokenKey k_key{"https://iam.eu-de.otc.t-systems.com", "my-account", "ci-bot", "name:eu-de"};

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("token cache: a stored token comes back until it is close to expiry", "[auth]") {
  jobwait::test::TempDir dir;
  const TokenCache cache(dir / "tokens");
  REQUIRE(cache.store(k_key, {"MIItoken-1", k_now + 2h}));
  const auto loaded = cache.load(k_key, k_now, std::chrono::minutes(5));
  REQUIRE(loaded);
  CHECK(loaded->token == "MIItoken-1");
  CHECK(loaded->expires_at == k_now + 2h);
  CHECK(cache.load(k_key, k_now + 2h - 4min, std::chrono::minutes(5)) == std::nullopt);
  CHECK(cache.load(k_key, k_now + 3h, std::chrono::minutes(5)) == std::nullopt);
}

TEST_CASE("token cache: the file is 0600 in a 0700 directory, whatever the umask", "[auth]") {
  jobwait::test::TempDir dir;
  const mode_t old_umask = ::umask(0);
  const TokenCache cache(dir / "tokens");
  const auto stored = cache.store(k_key, {"MIItoken-1", k_now + 2h});
  ::umask(old_umask);
  REQUIRE(stored);
  CHECK(mode_of(dir / "tokens") == 0700);
  CHECK(mode_of(cache.path_for(k_key)) == 0600);
}

TEST_CASE("token cache: keyed by IAM, domain, user and project", "[auth]") {
  jobwait::test::TempDir dir;
  const TokenCache cache(dir.path().string());
  REQUIRE(cache.store(k_key, {"MIItoken-1", k_now + 2h}));
  for (TokenKey other : {TokenKey{"https://iam.eu-nl.otc.t-systems.com", "my-account", "ci-bot", "name:eu-de"},
                         TokenKey{k_key.iam_url, "other-account", "ci-bot", "name:eu-de"},
                         TokenKey{k_key.iam_url, "my-account", "other-user", "name:eu-de"},
                         TokenKey{k_key.iam_url, "my-account", "ci-bot", "name:eu-nl"},
                         TokenKey{k_key.iam_url, "my-account", "ci-bot", "id:0123"}}) {
    INFO(other.iam_url << " " << other.domain << " " << other.user << " " << other.project);
    CHECK(cache.path_for(other) != cache.path_for(k_key));
    CHECK(cache.load(other, k_now, std::chrono::minutes(5)) == std::nullopt);
  }
  // Parts cannot run together: ("ab", "c") is not ("a", "bc").
  CHECK(cache.path_for({"x", "ab", "c", "p"}) != cache.path_for({"x", "a", "bc", "p"}));
}

TEST_CASE("token cache: the file name reveals nothing of the key", "[auth]") {
  const TokenCache cache("/cache");
  const std::string path = cache.path_for(k_key);
  CHECK(path.find("ci-bot") == std::string::npos);
  CHECK(path.find("my-account") == std::string::npos);
  CHECK_THAT(path, Catch::StartsWith("/cache/iam-token-"));
}

TEST_CASE("token cache: a file others may read, or a link, is not trusted", "[auth]") {
  jobwait::test::TempDir dir;
  const TokenCache cache(dir.path().string());
  REQUIRE(cache.store(k_key, {"MIItoken-1", k_now + 2h}));
  const std::string path = cache.path_for(k_key);
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  CHECK(cache.load(k_key, k_now, std::chrono::minutes(5)) == std::nullopt);

  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  std::filesystem::rename(path, dir / "elsewhere.json");
  std::filesystem::create_symlink(dir / "elsewhere.json", path);
  CHECK(cache.load(k_key, k_now, std::chrono::minutes(5)) == std::nullopt);
}

TEST_CASE("token cache: a damaged file is ignored, then replaced", "[auth]") {
  jobwait::test::TempDir dir;
  const TokenCache cache(dir.path().string());
  REQUIRE(cache.store(k_key, {"MIItoken-1", k_now + 2h}));
  std::ofstream(cache.path_for(k_key), std::ios::trunc) << "{\"token\": ";
  CHECK(cache.load(k_key, k_now, std::chrono::minutes(5)) == std::nullopt);
  REQUIRE(cache.store(k_key, {"MIItoken-2", k_now + 2h}));
  CHECK(cache.load(k_key, k_now, std::chrono::minutes(5))->token == "MIItoken-2");
}

TEST_CASE("token cache: a directory others may write to is refused", "[auth]") {
  jobwait::test::TempDir dir;
  const std::string shared = dir / "shared";
  REQUIRE(::mkdir(shared.c_str(), 0777) == 0);
  REQUIRE(::chmod(shared.c_str(), 0777) == 0);
  const auto stored = TokenCache(shared).store(k_key, {"MIItoken-1", k_now + 2h});
  REQUIRE_FALSE(stored);
  CHECK_THAT(stored.error(), Catch::Contains("writable by others (mode 0777)"));
}

TEST_CASE("token cache: a token in a directory others may write to is not loaded, and the problem is named",
          "[auth]") {
  jobwait::test::TempDir dir;
  const std::string tokens = dir / "tokens";
  const TokenCache cache(tokens);
  CHECK(cache.directory_problem() == std::nullopt);  // not there yet: store() makes it private
  REQUIRE(cache.store(k_key, {"MIItoken-1", k_now + 2h}));
  CHECK(cache.directory_problem() == std::nullopt);
  REQUIRE(cache.load(k_key, k_now, 5min));
  // Anyone could now have put that file there.
  REQUIRE(::chmod(tokens.c_str(), 0777) == 0);
  CHECK(cache.load(k_key, k_now, 5min) == std::nullopt);
  const std::optional<std::string> problem = cache.directory_problem();
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains(tokens) && Catch::Contains("writable by others (mode 0777)"));
  REQUIRE(::chmod(tokens.c_str(), 0770) == 0);  // group-writable is others too
  CHECK(cache.load(k_key, k_now, 5min) == std::nullopt);
  REQUIRE(::chmod(tokens.c_str(), 0700) == 0);
  CHECK(cache.load(k_key, k_now, 5min));
}

TEST_CASE("token cache: a directory of another user's, or a file, is not a cache", "[auth]") {
  jobwait::test::TempDir dir;
  // Another user's: as root, one made and given away; else "/", which is root's.
  std::string others = "/";
  if (::geteuid() == 0) {
    others = dir / "others";
    REQUIRE(::mkdir(others.c_str(), 0700) == 0);
    REQUIRE(::chown(others.c_str(), 65534, 65534) == 0);
  }
  const std::optional<std::string> problem = TokenCache(others).directory_problem();
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("owned by another user"));
  CHECK(TokenCache(others).load(k_key, k_now, 5min) == std::nullopt);
  const std::string file = dir / "file";
  std::ofstream(file) << "x";
  CHECK_THAT(TokenCache(file).directory_problem().value_or(""), Catch::Contains("is not a directory"));
}
