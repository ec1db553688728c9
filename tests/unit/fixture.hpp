// Test helpers shared by the provider tests: fixture bodies read at run time from
// tests/fixtures (JOBWAIT_FIXTURES_DIR), and spec-shaped parse helpers.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "model/job_status.hpp"
#include "providers/provider.hpp"

namespace jobwait::test {

// The bytes of tests/fixtures/<relative>; throws (failing the test) when it is missing.
inline std::string fixture(std::string_view relative) {
  const std::string path = std::string(JOBWAIT_FIXTURES_DIR) + "/" + std::string(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The text of an API page in ../shared/api-docs.
inline std::string api_page(std::string_view file) {
  const std::string path = std::string(JOBWAIT_API_DOCS_DIR) + "/" + std::string(file);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing API page " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// True when `body` appears in `page`, ignoring whitespace and the "|" table rules that the
// page renderer puts between lines: the page-example fixtures are copies, not rewrites.
inline bool page_shows(const std::string& page, const std::string& body) {
  const auto squeeze = [](const std::string& text) {
    std::string out;
    for (const char c : text) {
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '|') out.push_back(c);
    }
    return out;
  };
  return squeeze(page).find(squeeze(body)) != std::string::npos;
}

// The JobStatus a provider reads from `body`; fails the test with the error otherwise.
inline JobStatus parsed(const providers::Provider& provider, std::string_view body) {
  auto result = provider.parse(body);
  INFO("parse error: " << (result ? std::string() : result.error().message));
  REQUIRE(result.has_value());
  return *std::move(result);
}

// The Error a provider returns for `body`; fails the test if it parses.
inline Error parse_error(const providers::Provider& provider, std::string_view body) {
  auto result = provider.parse(body);
  INFO("parsed status: " << (result ? result->status : std::string()));
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

// The named time of a job or task, or an empty Timestamp (raw "") when absent.
inline Timestamp time_of(const Times& times, std::string_view name) {
  for (const auto& [key, stamp] : times) {
    if (key == name) return stamp;
  }
  return {};
}

}  // namespace jobwait::test
