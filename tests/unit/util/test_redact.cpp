#include <catch2/catch.hpp>

#include "util/redact.hpp"

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

TEST_CASE("redact: a short secret is masked only where it stands alone", "[redact]") {
  const Redactor redactor({"t"});
  CHECK(redactor.apply("timed out: token t rejected at /jobs?x=t&y=1") ==
        "timed out: token <redacted> rejected at /jobs?x=<redacted>&y=1");
  CHECK(Redactor({"abc"}).apply("abcdef abc_1 (abc)") == "abcdef abc_1 (<redacted>)");
}

TEST_CASE("redact: a long secret is masked even when glued to other text", "[redact]") {
  CHECK(Redactor({"s3cr3t-T0KEN"}).apply("Bearers3cr3t-T0KENx") == "Bearer<redacted>x");
}

TEST_CASE("redact: JSON keeps its keys and stays valid, whatever the secret", "[redact]") {
  const std::string artifact =
      R"({"outcome": "timed_out", "url": "http://h/jobs/t?token=t", "t": "t", "n": 1, "message": "tok \"tok\" tokens"})";
  CHECK(Redactor({"t"}).apply(artifact) ==
        R"({"outcome": "timed_out", "url": "http://h/jobs/<redacted>?token=<redacted>", "t": "<redacted>", "n": 1, "message": "tok \"tok\" tokens"})");
  CHECK(Redactor({"tok"}).apply(artifact) ==
        R"({"outcome": "timed_out", "url": "http://h/jobs/t?token=t", "t": "t", "n": 1, "message": "<redacted> \"<redacted>\" tokens"})");
  // "url" is a key here and a value there: only the value goes.
  CHECK(Redactor({"url"}).apply(R"({"url": ["url", "curl"]})") == R"({"url": ["<redacted>", "curl"]})");
}

TEST_CASE("redact: a secret that escapes differently in JSON is masked inside a JSON value", "[redact]") {
  // "n" must not match the n of the escape \n: masking works on the decoded text.
  CHECK(Redactor({"n"}).apply(R"({"m": "a\nb n"})") == R"({"m": "a\nb <redacted>"})");
  CHECK(Redactor({R"(pa"ss)"}).apply(R"(["x pa\"ss y"])") == R"(["x <redacted> y"])");
}

TEST_CASE("redact: text that only looks like JSON is masked as text", "[redact]") {
  CHECK(Redactor({"t"}).apply("[job t] {not json") == "[job <redacted>] {not json");
  CHECK(Redactor({"t"}).apply("{\"a\": \"t\"} trailing t") == "{\"a\": \"<redacted>\"} trailing <redacted>");
}

TEST_CASE("redact: the start of a secret cut off by a \"...\" or at the end of a text is masked", "[redact]") {
  // The issue's case: a 29-character token echoed past the 300-character cut leaves 28.
  const std::string token = "MIIsim-0123456789abcdef-XYZ12";
  REQUIRE(token.size() == 29);
  const Redactor redactor({token});
  CHECK(redactor.apply("HTTP 401: token " + token.substr(0, 28) + "... (check the token)") ==
        "HTTP 401: token <redacted>... (check the token)");
  CHECK(redactor.apply("token " + token.substr(0, 6) + "\xE2\x80\xA6") == "token <redacted>\xE2\x80\xA6");
  CHECK(redactor.apply("ends in " + token.substr(0, 10)) == "ends in <redacted>");
  // Inside a JSON value (the artifact's message), cut and ended alike.
  CHECK(redactor.apply(R"({"message": "x )" + token.substr(0, 20) + R"(...", "m": "y )" + token.substr(0, 7) + "\"}") ==
        R"({"message": "x <redacted>...", "m": "y <redacted>"})");
}

TEST_CASE("redact: a start of a secret is left where it is not at a cut, or too short to matter", "[redact]") {
  const Redactor redactor({"MIIsim-0123456789abcdef"});
  CHECK(redactor.apply("MIIsim-01 then more") == "MIIsim-01 then more");  // not cut: text goes on
  CHECK(redactor.apply("ends in MIIsi...") == "ends in MIIsi...");       // 5 characters say nothing
  // A short secret's start counts only as the start of a word.
  CHECK(Redactor({"pw12345"}).apply("user:pw1234...") == "user:<redacted>...");
  CHECK(Redactor({"pw12345"}).apply("xpw1234...") == "xpw1234...");
}

TEST_CASE("redact: a Redactor on a registry masks secrets added after it was made", "[redact]") {
  jobwait::SecretRegistry registry;
  registry.add("given-secret-1");
  const Redactor redactor(registry);
  CHECK(redactor.apply("given-secret-1 obtained-token-2") == "<redacted> obtained-token-2");
  registry.add("obtained-token-2");
  CHECK(redactor.apply("given-secret-1 obtained-token-2") == "<redacted> <redacted>");
  CHECK(redactor.registry() == &registry);
}
