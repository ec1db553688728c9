// The man page is what `man jobwait` shows on a runner with no README at hand: its ENVIRONMENT
// section must name every variable jobwait reads, so it is checked against the code's own
// string literals (every name with a prefix jobwait reads variables by).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The ENVIRONMENT section of docs/jobwait.1, up to the next section heading.
std::string environment_section() {
  const std::string page = read(JOBWAIT_SOURCE_DIR "/docs/jobwait.1");
  const auto start = page.find("\n.SH ENVIRONMENT\n");
  if (start == std::string::npos) return {};
  return page.substr(start, page.find("\n.SH ", start + 1) - start);
}

// Names like "HW_PROJECT_ID" written anywhere in runner/: credentials, region and project
// fallbacks, CA bundles, CI detection. (JOBWAIT_* are set for exec commands, not read.)
std::set<std::string> variables_in_code() {
  static const std::regex name(R"re("((?:HW|OS|HUAWEICLOUD_SDK|SSL|CURL|GITHUB|GITLAB|JENKINS)_[A-Z0-9_]+)")re");
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(JOBWAIT_SOURCE_DIR "/runner")) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    const std::string text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) names.insert((*it)[1]);
  }
  return names;
}

}  // namespace

TEST_CASE("man page: ENVIRONMENT names every variable the code reads", "[docs]") {
  const std::string section = environment_section();
  REQUIRE_FALSE(section.empty());
  const std::set<std::string> names = variables_in_code();
  REQUIRE(names.count("HW_AUTH_TOKEN") == 1);  // the scan finds what it is meant to
  REQUIRE(names.count("SSL_CERT_FILE") == 1);
  for (const std::string& variable : names) {
    INFO(variable);
    CHECK(section.find(variable) != std::string::npos);
  }
}

TEST_CASE("man page: ENVIRONMENT names the proxy variables libcurl reads for jobwait", "[docs]") {
  const std::string section = environment_section();
  for (const char* variable : {"https_proxy", "HTTPS_PROXY", "http_proxy", "ALL_PROXY", "NO_PROXY"}) {
    INFO(variable);
    CHECK(section.find(variable) != std::string::npos);
  }
}
