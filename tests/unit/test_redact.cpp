#include <catch2/catch.hpp>

#include "redact.hpp"

using jobwait::Redactor;

TEST_CASE("redact: every occurrence of a secret is masked", "[redact]") {
  const Redactor redactor({"s3cr3t-T0KEN"});
  CHECK(redactor.apply("token s3cr3t-T0KEN and s3cr3t-T0KEN") == "token <redacted> and <redacted>");
}

TEST_CASE("redact: the JSON-escaped form of a secret is masked too", "[redact]") {
  const Redactor redactor({R"(pa"ss\word)"});
  CHECK(redactor.apply(R"({"x":"pa\"ss\\word"})") == R"({"x":"<redacted>"})");
}

TEST_CASE("redact: a secret containing another is masked whole", "[redact]") {
  const Redactor redactor({"abc", "xxabcxx"});
  CHECK(redactor.apply("xxabcxx abc") == "<redacted> <redacted>");
}

TEST_CASE("redact: empty secrets and no secrets change nothing", "[redact]") {
  CHECK(Redactor({""}).apply("plain text") == "plain text");
  CHECK(Redactor().apply("plain text") == "plain text");
}
