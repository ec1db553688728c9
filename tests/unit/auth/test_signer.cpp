// runner/auth/signer.cpp against the known-answer vectors in shared/api-docs/signing-vectors.json
// (read at test time, never copied), then spec-shaped cases from shared/api-docs/signing.md.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "auth/crypto.hpp"
#include "auth/signer.hpp"

namespace {

using namespace jobwait::auth;
namespace json = boost::json;
using jobwait::http::Header;

constexpr auto k_empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// ---- vector file -----------------------------------------------------------------------------

// The Go-SDK vectors carry this "sign_rule"; the Python ones have none (python_sdk rule).
constexpr std::string_view k_go_sign_rule =
    "sign all headers except names starting with 'content-type' or containing '_'; "
    "do not add Host";

json::value load_vectors() {
  const std::string path = JOBWAIT_API_DOCS_DIR "/signing-vectors.json";
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::string str(const json::object& object, std::string_view key) {
  return std::string(object.at(key).as_string());
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

SigningRequest request_from(const json::object& vector) {
  SigningRequest request;
  request.method = str(vector, "method");
  request.host = str(vector, "host");
  request.path = str(vector, "path");
  for (const auto& pair : vector.at("query").as_array()) {
    const auto& items = pair.as_array();
    request.query.emplace_back(std::string(items.at(0).as_string()),
                               std::string(items.at(1).as_string()));
  }
  for (const auto& [name, value] : vector.at("headers").as_object()) {
    request.headers.push_back(Header{std::string(name), std::string(value.as_string())});
  }
  request.body = str(vector, "body");
  return request;
}

struct VectorCounts {
  std::size_t run = 0;
  std::size_t go_rule = 0;
  std::size_t v11 = 0;
};

// Checks one vector with CHECKs (so every vector runs); false when it could not be run.
bool check_vector(const json::object& vector, VectorCounts& counts) {
  const SigningRequest request = request_from(vector);
  const Credentials credentials{str(vector, "ak"), str(vector, "sk"), ""};
  const std::string date = str(vector, "x_sdk_date");

  HeaderRule rule = HeaderRule::python_sdk;
  if (const auto* sign_rule = vector.if_contains("sign_rule")) {
    if (sign_rule->as_string() != k_go_sign_rule) {
      FAIL_CHECK("unknown sign_rule: " << sign_rule->as_string());
      return false;
    }
    rule = HeaderRule::go_sdk;
    ++counts.go_rule;
  }

  tl::expected<Signature, SignError> result;
  const std::string algorithm = str(vector, "algorithm");
  if (algorithm == "SDK-HMAC-SHA256") {
    result = sign(request, credentials, date, rule);
  } else if (algorithm == "V11-HMAC-SHA256") {
    const auto& derived = vector.at("derived").as_object();
    const DerivedScope scope{str(derived, "region_id"), str(derived, "derived_auth_service_name")};
    if (derived.contains("info")) CHECK(v11_info(date, scope) == str(derived, "info"));
    if (derived.contains("derivation_key_hex")) {
      CHECK(v11_derivation_key(credentials, v11_info(date, scope)) ==
            str(derived, "derivation_key_hex"));
    }
    result = sign_v11(request, credentials, date, scope, rule);
    ++counts.v11;
  } else {
    FAIL_CHECK("unknown algorithm: " << algorithm);
    return false;
  }
  if (!result) {
    FAIL_CHECK("signing failed: " << result.error().message);
    return true;
  }

  const Signature& got = *result;
  const auto& expected = vector.at("expected").as_object();
  CHECK(got.canonical_request == str(expected, "canonical_request"));
  CHECK(sha256_hex(got.canonical_request) == str(expected, "canonical_request_sha256"));
  CHECK(got.string_to_sign == str(expected, "string_to_sign"));
  CHECK(got.signed_headers == str(expected, "signed_headers"));
  CHECK(got.signature == str(expected, "signature"));
  CHECK(got.authorization == str(expected, "authorization"));
  if (vector.contains("upstream_expected_authorization")) {
    CHECK(got.authorization == str(vector, "upstream_expected_authorization"));
  }
  if (const auto* doc = vector.if_contains("doc_check")) {
    CHECK(sha256_hex(got.canonical_request) ==
          str(doc->as_object(), "doc_hashed_canonical_request"));
  }
  if (expected.contains("sent_request_target")) {
    CHECK(got.request_target == str(expected, "sent_request_target"));
  }
  if (const auto* sent = expected.if_contains("sent_headers")) {
    // What arrives: the request's headers (HTTP drops edge whitespace) plus the signer's.
    std::map<std::string, std::string> arriving;
    for (const auto& header : request.headers) arriving[header.name] = trim(header.value);
    for (const auto& header : got.headers) arriving[header.name] = header.value;
    std::map<std::string, std::string> wanted;
    for (const auto& [name, value] : sent->as_object()) {
      wanted[std::string(name)] = std::string(value.as_string());
    }
    CHECK(arriving == wanted);
  }
  return true;
}

// ---- spec-shaped helpers ---------------------------------------------------------------------

const Credentials k_credentials{"HPUABCDEFGHIJKLMNOPQ", "qwertyuiopasdfghjklzxcvbnm0123456789ABCD",
                                ""};
constexpr auto k_date = "20240606T155531Z";

SigningRequest cce_job_get() {
  SigningRequest request;
  request.method = "GET";
  request.host = "cce.ap-southeast-1.myhuaweicloud.com";
  request.path = "/api/v3/projects/0123456789abcdef0123456789abcdef/jobs/354331b2c-229a";
  request.headers = {{"Content-Type", "application/json"}};
  return request;
}

Signature must_sign(const SigningRequest& request, const Credentials& credentials = k_credentials,
                    HeaderRule rule = HeaderRule::python_sdk) {
  auto result = sign(request, credentials, k_date, rule);
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result);
  return *result;
}

std::string payload_hash(const Signature& signature) {
  return signature.canonical_request.substr(signature.canonical_request.rfind('\n') + 1);
}

std::string header_value(const Signature& signature, std::string_view name) {
  for (const auto& header : signature.headers) {
    if (header.name == name) return header.value;
  }
  return "<absent>";
}

bool canonical_has_line(const Signature& signature, const std::string& line) {
  return ("\n" + signature.canonical_request + "\n").find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

// ---- known-answer vectors --------------------------------------------------------------------

TEST_CASE("signer: every known-answer vector in signing-vectors.json", "[signer]") {
  const json::value file = load_vectors();
  const auto& vectors = file.at("vectors").as_array();
  CHECK(vectors.size() >= 17);  // signing.md §9 lists 17

  VectorCounts counts;
  for (const auto& item : vectors) {
    const auto& vector = item.as_object();
    const std::string name = vector.contains("name") ? str(vector, "name") : "<unnamed>";
    INFO("vector " << name);
    try {
      if (check_vector(vector, counts)) ++counts.run;
    } catch (const std::exception& e) {
      FAIL_CHECK("vector " << name << " could not be read: " << e.what());
    }
  }
  CHECK(counts.run == vectors.size());  // none skipped
  CHECK(counts.go_rule >= 1);
  CHECK(counts.v11 >= 1);
}

// ---- signing.md §2.2 canonical URI -----------------------------------------------------------

TEST_CASE("signer: a trailing slash does not change the signature", "[signer]") {
  SigningRequest with_slash = cce_job_get();
  with_slash.path += '/';
  const Signature a = must_sign(cce_job_get());
  const Signature b = must_sign(with_slash);
  CHECK(a.signature == b.signature);
  CHECK(a.canonical_request == b.canonical_request);
  // ... but each is sent as given.
  CHECK(a.request_target == cce_job_get().path);
  CHECK(b.request_target == with_slash.path);
}

TEST_CASE("signer: canonical URI decodes, re-encodes each segment and ends with '/'", "[signer]") {
  CHECK(canonical_uri("") == "/");
  CHECK(canonical_uri("/") == "/");
  CHECK(canonical_uri("/v1/jobs") == "/v1/jobs/");
  CHECK(canonical_uri("/v1/jobs/") == "/v1/jobs/");
  CHECK(canonical_uri("/jobs/job%20id-%C3%A9") == "/jobs/job%20id-%C3%A9/");
  CHECK(canonical_uri("/jobs/a%2ab*c~d") == "/jobs/a%2Ab%2Ac~d/");  // upper-case hex, '~' kept
  CHECK(canonical_uri("/a%2Fb") == "/a/b/");  // the Python SDK decodes first (§2.2 item 6)
}

// ---- signing.md §2.3 canonical query ---------------------------------------------------------

TEST_CASE("signer: canonical query sorts by raw name then value and encodes like the path",
          "[signer]") {
  CHECK(canonical_query({}).empty());
  CHECK(canonical_query({{"b", "2"}, {"a", "x y"}, {"B", "+"}, {"a", ""}}) ==
        "B=%2B&a=&a=x%20y&b=2");
  CHECK(canonical_query({{"multi", "b"}, {"multi", "a"}}) == "multi=a&multi=b");
}

TEST_CASE("signer: the canonical query is what gets sent", "[signer]") {
  SigningRequest request = cce_job_get();
  request.query = {{"limit", "10"}, {"name", "a b"}};
  const Signature signature = must_sign(request);
  CHECK(signature.request_target == request.path + "?limit=10&name=a%20b");
  CHECK(request_target("", {}) == "/");
}

// ---- signing.md §2.4 canonical headers -------------------------------------------------------

TEST_CASE("signer: header values are trimmed at the ends only, inner spaces kept", "[signer]") {
  SigningRequest request = cce_job_get();
  request.headers.push_back({"X-Environment-ID", " \t env   id  1 \t "});
  const Signature signature = must_sign(request);
  CHECK(canonical_has_line(signature, "x-environment-id:env   id  1"));
  CHECK(signature.signed_headers == "content-type;host;x-environment-id;x-sdk-date");
}

TEST_CASE("signer: headers with '_' in the name are not signed", "[signer]") {
  SigningRequest request = cce_job_get();
  request.headers.push_back({"X_Custom_Underscore", "not-signed"});
  const Signature with = must_sign(request);
  CHECK(with.signed_headers == "content-type;host;x-sdk-date");
  CHECK(with.signature == must_sign(cce_job_get()).signature);
}

TEST_CASE("signer: X-Security-Token from the credentials is sent and signed", "[signer]") {
  Credentials temporary = k_credentials;
  temporary.security_token = "gQpjbi1ub3J0aC00iYnFakeToken==";
  const Signature from_credentials = must_sign(cce_job_get(), temporary);
  CHECK(from_credentials.signed_headers == "content-type;host;x-sdk-date;x-security-token");
  CHECK(header_value(from_credentials, "X-Security-Token") == temporary.security_token);

  // Same as sending the header yourself.
  SigningRequest with_header = cce_job_get();
  with_header.headers.push_back({"X-Security-Token", temporary.security_token});
  CHECK(must_sign(with_header).signature == from_credentials.signature);
}

TEST_CASE("signer: the python_sdk rule adds Host and X-Sdk-Date and signs them", "[signer]") {
  const Signature signature = must_sign(cce_job_get());
  CHECK(header_value(signature, "X-Sdk-Date") == k_date);
  CHECK(header_value(signature, "Host") == cce_job_get().host);
  CHECK(canonical_has_line(signature, "host:" + cce_job_get().host));
  CHECK(signature.headers.back().name == "Authorization");
  CHECK(signature.headers.back().value == signature.authorization);
}

TEST_CASE("signer: the go_sdk rule signs neither Host nor Content-Type", "[signer]") {
  const Signature signature = must_sign(cce_job_get(), k_credentials, HeaderRule::go_sdk);
  CHECK(signature.signed_headers == "x-sdk-date");
  CHECK(header_value(signature, "Host") == "<absent>");
  CHECK(
      signature.authorization.starts_with("SDK-HMAC-SHA256 Access=HPUABCDEFGHIJKLMNOPQ, "
                                          "SignedHeaders=x-sdk-date, Signature="));
}

TEST_CASE("signer: the method is signed upper-cased", "[signer]") {
  SigningRequest request = cce_job_get();
  request.method = "get";
  CHECK(must_sign(request).signature == must_sign(cce_job_get()).signature);
}

// ---- signing.md §2.5 payload hash ------------------------------------------------------------

TEST_CASE("signer: an empty body hashes to SHA-256 of nothing", "[signer]") {
  CHECK(payload_hash(must_sign(cce_job_get())) == k_empty_sha256);
}

TEST_CASE("signer: a JSON body is hashed as sent", "[signer]") {
  SigningRequest request = cce_job_get();
  request.method = "POST";
  request.body = R"({"name":"demo"})";
  for (const char* type :
       {"application/json", "application/json;charset=UTF-8", "application/bson"}) {
    INFO(type);
    request.headers = {{"Content-Type", type}};
    const Signature signature = must_sign(request);
    CHECK(payload_hash(signature) == sha256_hex(request.body));
    CHECK(header_value(signature, "X-Sdk-Content-Sha256") == "<absent>");
  }
}

TEST_CASE("signer: a non-JSON Content-Type signs UNSIGNED-PAYLOAD", "[signer]") {
  SigningRequest request = cce_job_get();
  request.method = "PUT";
  request.body = "hello world\n";
  request.headers = {{"Content-Type", "text/plain"}};
  const Signature signature = must_sign(request);
  CHECK(payload_hash(signature) == "UNSIGNED-PAYLOAD");
  CHECK(header_value(signature, "X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD");
  CHECK(signature.signed_headers == "content-type;host;x-sdk-content-sha256;x-sdk-date");

  SECTION("no Content-Type at all hashes the body") {
    request.headers.clear();
    CHECK(payload_hash(must_sign(request)) == sha256_hex(request.body));
  }
  SECTION("Python checks the prefix, Go looks anywhere in the value") {
    request.headers = {{"Content-Type", "text/x; see=application/json"}};
    CHECK(payload_hash(must_sign(request)) == "UNSIGNED-PAYLOAD");
    CHECK(payload_hash(must_sign(request, k_credentials, HeaderRule::go_sdk)) ==
          sha256_hex(request.body));
  }
  SECTION("a caller's X-Sdk-Content-Sha256 is the payload hash, and is signed") {
    request.headers.push_back({"X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"});
    const Signature own = must_sign(request);
    CHECK(payload_hash(own) == "UNSIGNED-PAYLOAD");
    CHECK(header_value(own, "X-Sdk-Content-Sha256") == "<absent>");  // not added twice
    CHECK(own.signature == signature.signature);
  }
}

// ---- signing.md §3-5 -------------------------------------------------------------------------

TEST_CASE("signer: format_sdk_date is YYYYMMDDTHHMMSSZ in UTC, seconds truncated", "[signer]") {
  using namespace std::chrono;
  CHECK(format_sdk_date(sys_days{year{2024} / 6 / 6} + 15h + 55min + 31s + 999ms) ==
        "20240606T155531Z");
  CHECK(format_sdk_date(system_clock::time_point{}) == "19700101T000000Z");
  CHECK(format_sdk_date(sys_days{year{2000} / 2 / 29} + 23h + 59min + 59s) == "20000229T235959Z");
  CHECK(format_sdk_date(sys_days{year{1970} / 1 / 1} - 1s) == "19691231T235959Z");
}

TEST_CASE("signer: V11 puts the scope in the Authorization header", "[signer]") {
  const DerivedScope scope{"ap-southeast-1", "cce"};
  auto result = sign_v11(cce_job_get(), k_credentials, k_date, scope);
  REQUIRE(result);
  CHECK(result->authorization.starts_with(
      "V11-HMAC-SHA256 Credential=HPUABCDEFGHIJKLMNOPQ/20240606/ap-southeast-1/cce, "
      "SignedHeaders=content-type;host;x-sdk-date, Signature="));
  CHECK(result->canonical_request == must_sign(cce_job_get()).canonical_request);
  CHECK_FALSE(sign_v11(cce_job_get(), k_credentials, k_date, {"", "cce"}));
  CHECK_FALSE(sign_v11(cce_job_get(), k_credentials, k_date, {"ap-southeast-1", "c/e"}));
}

// ---- what the signer refuses -----------------------------------------------------------------

namespace {

struct Input {
  SigningRequest request = cce_job_get();
  Credentials credentials = k_credentials;
  std::string date = k_date;
};

void check_refused(const Input& in) {
  const auto result = sign(in.request, in.credentials, in.date);
  CHECK_FALSE(result);
  if (!result) {
    CHECK_FALSE(result.error().message.empty());
    CHECK(result.error().message.find(k_credentials.sk) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("signer: a request that could not be sent as signed is refused", "[signer]") {
  struct Case {
    const char* what;
    void (*mutate)(Input&);
  };
  const Case cases[] = {
      {"date without Z", [](Input& in) { in.date.pop_back(); }},
      {"date with dashes", [](Input& in) { in.date = "2024-06-06T15:55"; }},
      {"empty AK", [](Input& in) { in.credentials.ak.clear(); }},
      {"AK with a comma", [](Input& in) { in.credentials.ak += ","; }},
      {"empty SK", [](Input& in) { in.credentials.sk.clear(); }},
      {"CR in the token", [](Input& in) { in.credentials.security_token = "t\r"; }},
      {"empty host", [](Input& in) { in.request.host.clear(); }},
      {"host with a path", [](Input& in) { in.request.host += "/x"; }},
      {"empty method", [](Input& in) { in.request.method.clear(); }},
      {"query in path", [](Input& in) { in.request.path += "?a=1"; }},
      {"fragment in path", [](Input& in) { in.request.path += "#x"; }},
      {"raw space in path", [](Input& in) { in.request.path += "/a b"; }},
      {"relative path", [](Input& in) { in.request.path = "v1/jobs"; }},
      {"bad escape in path", [](Input& in) { in.request.path += "/%G1"; }},
      {"path decoding to invalid UTF-8", [](Input& in) { in.request.path += "/%FF"; }},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Input in;
    c.mutate(in);
    check_refused(in);
  }
}

TEST_CASE("signer: headers the signer owns, duplicates and broken lines are refused", "[signer]") {
  const Header bad[] = {
      {"host", "x"},                   // the signer adds Host
      {"X-Sdk-Date", k_date},          // ... X-Sdk-Date
      {"Authorization", "x"},          // ... and Authorization
      {"content-type", "text/plain"},  // a second Content-Type
      {"X-A", "a\r\nX-B: b"},          // header injection
      {"X A", "a"},                    // not a token
  };
  for (const auto& header : bad) {
    INFO(header.name);
    Input in;
    in.request.headers.push_back(header);
    check_refused(in);
  }

  Input twice;  // the token both as a header and in the credentials
  twice.credentials.security_token = "t";
  twice.request.headers.push_back({"X-Security-Token", "t"});
  check_refused(twice);
}

// The trace helper that masked the token (redacted_trace) had no caller and is gone; what it
// relied on stays checked: the SK is in no intermediate value, and the token is in the
// canonical request only, which is why Signature says to redact it before printing.
TEST_CASE("signer: the intermediate values never show the SK, and the token is in the canonical request only", "[signer]") {
  Credentials temporary = k_credentials;
  temporary.security_token = "secret-token-value";
  const Signature signature = must_sign(cce_job_get(), temporary);
  CHECK(signature.canonical_request.find(temporary.sk) == std::string::npos);
  CHECK(signature.string_to_sign.find(temporary.sk) == std::string::npos);
  CHECK(signature.string_to_sign.find("secret-token-value") == std::string::npos);
  CHECK(signature.canonical_request.find("x-security-token:secret-token-value\n") != std::string::npos);
  CHECK(signature.canonical_request.find("host:cce.ap-southeast-1.myhuaweicloud.com\n") != std::string::npos);
}
