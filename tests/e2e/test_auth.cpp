// End-to-end: every way jobwait authenticates, against jobwait-sim's gateway and IAM. Each run
// uses distinctive secret values and searches stdout, stderr (with --verbose traces) and the
// artifact for them, for the tokens IAM issued, and for anything shaped like a signature.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

using Env = std::map<std::string, std::string>;

constexpr const char* k_static_token = "E2E-TOKEN-q7Zx91-static";
constexpr const char* k_ak = "E2EAK7Q2W3E4R5T6Y7U8";
constexpr const char* k_sk = "E2E-SK-p0o9i8u7y6t5r4";
constexpr const char* k_temp_ak = "E2ETEMPAK1Q2W3E4R5T6";
constexpr const char* k_temp_sk = "E2E-TEMP-SK-z1x2c3v4";
constexpr const char* k_sts = "E2E-STS-m1n2b3v4c5x6";
constexpr const char* k_user = "ci-bot";
constexpr const char* k_password = "E2E-PW-l0k9j8h7g6f5";
constexpr const char* k_domain = "e2e-account";

// A ServiceStage job whose id needs encoding in a path (':', '+', UTF-8) and whose task list is
// paged, so the signed request carries a query too.
constexpr const char* k_job_id = "job:1+\xC3\xBC~\xC3\xA9";
constexpr const char* k_encoded_job = "job%3A1%2B%C3%BC~%C3%A9";

// The scenario's own [[...]] tables follow any root keys given in `root`.
std::string identity(const std::string& root = "", const std::string& user_extra = "") {
  return root + "token = \"" + k_static_token + "\"\n" +
         "[[access_key]]\nak = \"" + k_ak + "\"\nsk = \"" + k_sk + "\"\n" +
         "[[access_key]]\nak = \"" + k_temp_ak + "\"\nsk = \"" + k_temp_sk + "\"\nsecurity_token = \"" + k_sts + "\"\n" +
         "[[user]]\nname = \"" + k_user + "\"\npassword = \"" + k_password + "\"\ndomain = \"" + k_domain + "\"\n" +
         user_extra + "[[project]]\nid = \"proj-1\"\nname = \"eu-de\"\n";
}

std::string servicestage_job(const std::string& statuses = R"(["RUNNING", "SUCCEEDED"])") {
  return std::string("[[job]]\nprovider = \"servicestage\"\nid = \"") + k_job_id +
         "\"\nproject_id = \"proj-1\"\nstatuses = " + statuses +
         "\ntasks = [{ name = \"build\", statuses = [\"SUCCEEDED\"] }, { name = \"deploy\", statuses = [\"RUNNING\", "
         "\"SUCCEEDED\"] }]\n";
}

struct Step {
  std::string job_extra;   // more [job] lines
  std::string auth;        // the [auth] lines (the table header is added when non-empty)
  std::string extra;       // more tables
  bool project_id = true;  // else looked up at IAM
  bool region = true;      // else from the environment
};

std::string step_text(const std::string& base_url, const Step& step) {
  std::string text = std::string("[job]\nprovider = \"servicestage\"\nid = \"") + k_job_id +
                     "\"\nendpoint = \"" + base_url + "\"\nlimit = 1\noffset = 1\ndesc = true\n" + step.job_extra;
  if (step.project_id) text += "project_id = \"proj-1\"\n";
  if (step.region) text += "region = \"eu-de\"\n";
  text += "[auth]\niam_endpoint = \"" + base_url + "\"\n" + step.auth;
  text += "[wait]\ntimeout = \"20s\"\ninterval = \"50ms\"\nmax_interval = \"100ms\"\n" + step.extra;
  return text;
}

// Every secret the runs can know, plus anything IAM issued (read back from a token cache).
std::vector<std::string> known_secrets(const fs::path& cache) {
  std::vector<std::string> out{k_static_token, k_sk, k_temp_sk, k_sts, k_password};
  if (fs::exists(cache)) {
    for (const auto& entry : fs::directory_iterator(cache)) {
      const json::value stored = json::parse(read_file(entry.path()));
      out.emplace_back(stored.at("token").as_string());
    }
  }
  return out;
}

// A request signature is 64 lower-case hex characters; request ids are 32.
bool has_signature_shape(const std::string& text) {
  static const std::regex k_hex64("[0-9a-f]{64}");
  return std::regex_search(text, k_hex64);
}

struct AuthWorld {
  explicit AuthWorld(const std::string& scenario_text) : sim(scenario_text) {}

  RunResult run(const Step& step, const Env& env, std::vector<std::string> args = {"--verbose"}) {
    write_file(dir / "step.toml", step_text(sim.base_url(), step));
    RunOptions run;
    run.args = {"run", "step.toml", "--result", (dir / "result.json").string()};
    run.args.insert(run.args.end(), args.begin(), args.end());
    run.env = env;
    run.result = dir / "result.json";
    RunResult result = run_jobwait(dir, run);
    INFO("stderr: " << result.err);
    expect_no_secrets(result);
    if (result.artifact) expect_valid_against_schema(dir / "result.json");
    return result;
  }

  RunResult check(const Step& step, const Env& env) {
    write_file(dir / "step.toml", step_text(sim.base_url(), step));
    RunOptions run;
    run.args = {"check", "step.toml"};
    run.env = env;
    RunResult result = run_jobwait(dir, run);
    expect_no_secrets(result);
    return result;
  }

  void expect_no_secrets(const RunResult& result) {
    const std::string artifact = fs::exists(dir / "result.json") ? read_file(dir / "result.json") : "";
    for (const std::string& secret : known_secrets(dir / "tokens")) {
      INFO("secret " << secret);
      CHECK(result.out.find(secret) == std::string::npos);
      CHECK(result.err.find(secret) == std::string::npos);
      CHECK(artifact.find(secret) == std::string::npos);
    }
    CHECK_FALSE(has_signature_shape(result.out + result.err + artifact));
    CHECK(artifact.find("HMAC-SHA256 ") == std::string::npos);
  }

  long sim_requests() const { return sim.stats().at("requests").as_int64(); }

  TempDir dir;
  SimProcess sim;
};

const std::string k_cache_line = "token_cache = \"tokens\"\n";

}  // namespace

TEST_CASE("e2e auth: every way to authenticate waits the job out, with nothing secret in sight", "[e2e][auth]") {
  struct Mode {
    std::string name;
    Step step;
    Env env;
    int extra_requests;  // besides the two polls: the project lookup, an IAM login
  };
  const std::string ak = std::string("access_key = \"${AK}\"\nsecret_key = \"${SK}\"\n");
  const std::vector<Mode> modes{
      {"token in the step file", {"", "token = \"${T}\"\n", "", true, true}, {{"T", k_static_token}}, 0},
      {"HW_AUTH_TOKEN, project looked up", {"", "", "", false, true}, {{"HW_AUTH_TOKEN", k_static_token}}, 1},
      {"AK/SK in the step file, project looked up (signed)", {"", ak, "", false, true}, {{"AK", k_ak}, {"SK", k_sk}}, 1},
      {"HW_ACCESS_KEY with a security token",
       {"", "", "", true, true},
       {{"HW_ACCESS_KEY", k_temp_ak}, {"HW_SECRET_KEY", k_temp_sk}, {"HW_SECURITY_TOKEN", k_sts}},
       0},
      {"HUAWEICLOUD_SDK_AK, project looked up",
       {"", "", "", false, true},
       {{"HUAWEICLOUD_SDK_AK", k_ak}, {"HUAWEICLOUD_SDK_SK", k_sk}},
       1},
      {"OS_ACCESS_KEY with OS_REGION_NAME and OS_PROJECT_ID",
       {"", "", "", false, false},
       {{"OS_ACCESS_KEY", k_ak}, {"OS_SECRET_KEY", k_sk}, {"OS_REGION_NAME", "eu-de"}, {"OS_PROJECT_ID", "proj-1"}},
       0},
      {"V11 derived signing", {"", ak + "signing = \"V11-HMAC-SHA256\"\n", "", true, true}, {{"AK", k_ak}, {"SK", k_sk}}, 0},
      {"password in the step file, token cached, project looked up",
       {"", "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\n" + k_cache_line, "", false, true},
       {{"PW", k_password}},
       2},
      {"HW_USER_NAME and friends",
       {"", k_cache_line, "", true, true},
       {{"HW_USER_NAME", k_user}, {"HW_USER_PASSWORD", k_password}, {"HW_DOMAIN_NAME", k_domain}},
       1},
  };
  for (const Mode& mode : modes) {
    DYNAMIC_SECTION(mode.name) {
      AuthWorld world(identity() + servicestage_job());
      const RunResult result = world.run(mode.step, mode.env);
      INFO(result.err);
      CHECK(result.exit_code == 0);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "succeeded");
      const json::value& job = job0(result);
      CHECK(job.at("url") == json::value(world.sim.base_url() + "/v3/proj-1/cas/jobs/" + k_encoded_job +
                                         "?desc=true&limit=1&offset=1"));
      CHECK(job.at("polls") == 2);
      CHECK(job.at("tasks").as_array().size() == 1);  // limit = 1: the sim paged as asked
      CHECK(world.sim_requests() == 2 + mode.extra_requests);
    }
  }
}

TEST_CASE("e2e auth: a password login is cached, so the next run does not log in", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job(R"(["SUCCEEDED"])"));
  const Step step{"", "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\n" + k_cache_line, "", true, true};
  REQUIRE(world.run(step, {{"PW", k_password}}).exit_code == 0);
  CHECK(world.sim_requests() == 2);  // login + poll
  REQUIRE(world.run(step, {{"PW", k_password}}).exit_code == 0);
  CHECK(world.sim_requests() == 3);  // the poll only
  REQUIRE(fs::exists(world.dir / "tokens"));
  for (const auto& entry : fs::directory_iterator(world.dir / "tokens")) {
    struct stat info {};
    REQUIRE(::stat(entry.path().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
  }
}

TEST_CASE("e2e auth: a wrong secret key ends the wait after exactly one request, exit 5", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job());
  const RunResult result = world.run({"", "", "", true, true}, {{"HW_ACCESS_KEY", k_ak}, {"HW_SECRET_KEY", "wrong-secret"}});
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "auth_error");
  const json::value& error = job0(result).at("last_error");
  CHECK(error.at("kind") == "auth");
  CHECK(error.at("code") == "APIGW.0301");
  CHECK(error.at("http_status") == 401);
  CHECK(error.at("request_id").as_string().size() == 32);
  CHECK_THAT(std::string(error.at("message").as_string()), Catch::Contains("verify aksk signature fail"));
  CHECK(world.sim_requests() == 1);
}

TEST_CASE("e2e auth: a skewed clock is exit 5 with APIGW.0303 and a word about the clock", "[e2e][auth]") {
  AuthWorld world(identity("clock_skew = \"20m\"\n") + servicestage_job());
  const RunResult result = world.run({"", "", "", true, true}, {{"HW_ACCESS_KEY", k_ak}, {"HW_SECRET_KEY", k_sk}});
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  const json::value& error = job0(result).at("last_error");
  CHECK(error.at("code") == "APIGW.0303");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("clock"));
  CHECK(world.sim_requests() == 1);
}

TEST_CASE("e2e auth: IAM refusing the password is exit 5 with IAM's answer, after one request", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job());
  const RunResult result =
      world.run({"", "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\n", "", true, true},
                {{"PW", "E2E-WRONG-PASSWORD-77"}});
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  const json::value& error = job0(result).at("last_error");
  CHECK(error.at("http_status") == 401);
  CHECK_THAT(std::string(error.at("message").as_string()), Catch::Contains("The username or password is wrong."));
  CHECK(error.at("request_id").is_string());
  CHECK(result.err.find("E2E-WRONG-PASSWORD-77") == std::string::npos);
  CHECK(world.sim_requests() == 1);
}

TEST_CASE("e2e auth: a token renewed before it expires keeps a long wait going", "[e2e][auth]") {
  // Tokens live 300 ms; the job needs ~1 s of polls: each poll finds its token near expiry.
  AuthWorld world(identity("", "token_ttl = \"300ms\"\n") + servicestage_job(R"(["RUNNING", "RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"])"));
  Step step{"", "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\n", "", true, true};
  step.extra = "";
  const RunResult result = world.run(step, {{"PW", k_password}});
  CHECK(result.exit_code == 0);
  CHECK(world.sim_requests() == 10);  // five logins, five polls
}

TEST_CASE("e2e auth: an expired token is refused, exit 5", "[e2e][auth]") {
  AuthWorld world(identity("", "token_ttl = \"1s\"\n") + servicestage_job(R"(["SUCCEEDED"])"));
  const Step login{"", "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\n" + k_cache_line, "", true, true};
  REQUIRE(world.run(login, {{"PW", k_password}}).exit_code == 0);
  const std::vector<std::string> secrets = known_secrets(world.dir / "tokens");
  const std::string issued = secrets.back();
  REQUIRE(issued.starts_with("MII"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const RunResult result = world.run({"", "", "", true, true}, {{"HW_AUTH_TOKEN", issued}});
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("last_error").at("code") == "APIGW.0301");
  CHECK_THAT(std::string(job0(result).at("last_error").at("message").as_string()), Catch::Contains("token expires"));
}

TEST_CASE("e2e auth: a project lookup with zero or several matches says so, exit 6", "[e2e][auth]") {
  SECTION("zero") {
    AuthWorld world(identity() + servicestage_job());
    Step step{"", "token = \"${T}\"\n", "", false, false};
    step.job_extra = "region = \"eu-nl\"\n";
    const RunResult result = world.run(step, {{"T", k_static_token}});
    CHECK(result.exit_code == 6);
    REQUIRE(result.artifact);
    CHECK_THAT(std::string(result.artifact->at("message").as_string()),
               Catch::Contains("no project named after region \"eu-nl\""));
    CHECK(job0(result).at("polls") == 0);
    CHECK(world.sim_requests() == 1);
  }
  SECTION("several") {
    AuthWorld world(identity() + "[[project]]\nid = \"proj-2\"\nname = \"eu-de\"\n" + servicestage_job());
    const RunResult result = world.run({"", "token = \"${T}\"\n", "", false, true}, {{"T", k_static_token}});
    CHECK(result.exit_code == 6);
    REQUIRE(result.artifact);
    CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("proj-1, proj-2"));
    CHECK(world.sim_requests() == 1);
  }
}

TEST_CASE("e2e auth: no credentials anywhere is exit 2 and nothing is sent", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job());
  const RunResult result = world.run({"", "", "", true, true}, {{"HW_ACCESS_KEY", k_ak}});
  CHECK(result.exit_code == 2);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "config_error");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("HW_SECRET_KEY"));

  const RunResult none = world.run({"", "", "", true, true}, {});
  CHECK(none.exit_code == 2);
  CHECK(world.sim_requests() == 0);
}

TEST_CASE("e2e auth: check says where each credential came from, never its value", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job());
  const RunResult result = world.check({"", "", "", false, false},
                                       {{"OS_ACCESS_KEY", k_ak}, {"OS_SECRET_KEY", k_sk}, {"OS_REGION_NAME", "eu-de"}});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("from OS_SECRET_KEY (environment)"));
  CHECK_THAT(result.out, Catch::Contains("from OS_REGION_NAME (environment)"));
  CHECK_THAT(result.out, Catch::Contains("looked up at IAM by region name (eu-de)"));
  CHECK(result.out.find(k_ak) == std::string::npos);
  CHECK(world.sim_requests() == 0);
}

TEST_CASE("e2e auth: TLS settings: a missing CA file is exit 2, insecure works and warns every run", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job(R"(["SUCCEEDED"])"));
  const RunResult missing = world.run({"", "token = \"${T}\"\n", "[tls]\nca_file = \"no-such-ca.pem\"\n", true, true},
                                      {{"T", k_static_token}});
  CHECK(missing.exit_code == 2);
  CHECK(world.sim_requests() == 0);

  for (int run = 0; run < 2; ++run) {
    const RunResult insecure = world.run({"", "token = \"${T}\"\n", "[tls]\ninsecure = true\n", true, true}, {{"T", k_static_token}});
    CHECK(insecure.exit_code == 0);
    REQUIRE(insecure.artifact);
    const json::array& warnings = job0(insecure).at("warnings").as_array();
    REQUIRE_FALSE(warnings.empty());
    CHECK_THAT(std::string(warnings.at(0).as_string()), Catch::Contains("tls.insecure"));
    CHECK_THAT(insecure.err, Catch::Contains("tls.insecure"));
  }
}

TEST_CASE("e2e auth: a tls.ca_file that is no PEM bundle (garbage, empty, a directory) is exit 2, nothing sent",
          "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job(R"(["SUCCEEDED"])"));
  write_file(world.dir / "garbage.pem", "this is not a certificate\n");
  write_file(world.dir / "empty.pem", "");
  write_file(world.dir / "broken.pem", "-----BEGIN CERTIFICATE-----\nMIIBnot base64!\n-----END CERTIFICATE-----\n");
  fs::create_directories(world.dir / "certs");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"no-such-ca.pem", "no such file"},
      {"garbage.pem", "no certificate in it"},
      {"empty.pem", "empty"},
      {"broken.pem", "not a PEM bundle OpenSSL can read"},
      {"certs", "a directory, not a file"},
  };
  for (const auto& [file, why] : cases) {
    INFO(file);
    const RunResult result = world.run({"", "token = \"${T}\"\n", "[tls]\nca_file = \"" + file + "\"\n", true, true},
                                       {{"T", k_static_token}});
    CHECK(result.exit_code == 2);
    const std::string said = "tls.ca_file: cannot use \"" + file + "\": " + why;
    CHECK_THAT(result.err, Catch::Contains(said));
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("outcome") == "config_error");
    CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains(said));
    CHECK(world.sim_requests() == 0);
  }
}

TEST_CASE("e2e auth: http_proxy is honoured, and NO_PROXY bypasses it", "[e2e][auth]") {
  AuthWorld world(identity() + servicestage_job(R"(["SUCCEEDED"])"));
  SimProcess proxy(identity());  // answers a proxied request (absolute URI) with APIGW.0101
  const Step step{"", "token = \"${T}\"\n", "", true, true};
  const RunResult proxied = world.run(step, {{"T", k_static_token}, {"http_proxy", proxy.base_url()}});
  CHECK(proxied.exit_code == 6);
  CHECK(proxy.stats().at("requests").as_int64() == 1);
  CHECK(world.sim_requests() == 0);

  const RunResult direct = world.run(step, {{"T", k_static_token}, {"http_proxy", proxy.base_url()}, {"NO_PROXY", "127.0.0.1"}});
  CHECK(direct.exit_code == 0);
  CHECK(proxy.stats().at("requests").as_int64() == 1);
  CHECK(world.sim_requests() == 1);
}

TEST_CASE("e2e auth: the sim accepts the official SDK's own signed requests, and nothing tampered", "[e2e][auth]") {
  std::ifstream in(std::string(JOBWAIT_API_DOCS_DIR) + "/signing-vectors.json", std::ios::binary);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const json::array vectors = json::parse(text.str()).at("vectors").as_array();
  int run = 0;
  for (const json::value& vector : vectors) {
    const json::object& v = vector.as_object();
    if (v.contains("sign_rule") || v.at("method") != "GET") continue;
    const std::string path(v.at("path").as_string());
    // Only requests for a route the sim serves reach its gateway's signature check.
    static const std::regex k_routes(R"(^/(api/v3/projects/[^/]+/jobs|v3/[^/]+/cas/jobs|v2/[^/]+/productmgr/jobs|v1/[^/]+/cae/jobs|v3/[^/]+/jobs)/[^/]+$)");
    const bool routed = std::regex_match(path, k_routes);
    if (!routed || path.ends_with("/")) continue;
    DYNAMIC_SECTION(std::string(v.at("name").as_string())) {
      // The sim's clock set to the vector's X-Sdk-Date: the skew from now, in seconds.
      const std::string date(v.at("x_sdk_date").as_string());
      std::tm tm{};
      strptime(date.c_str(), "%Y%m%dT%H%M%SZ", &tm);
      const long behind = static_cast<long>(std::time(nullptr) - timegm(&tm));
      std::string scenario = "clock_skew = \"-" + std::to_string(behind) + "s\"\n[[access_key]]\nak = \"" +
                             std::string(v.at("ak").as_string()) + "\"\nsk = \"" + std::string(v.at("sk").as_string()) +
                             "\"\n";
      const json::object& headers = v.at("headers").as_object();
      if (headers.contains("X-Security-Token")) {
        scenario += "security_token = \"" + std::string(headers.at("X-Security-Token").as_string()) + "\"\n";
      }
      SimProcess sim(scenario);
      const json::object& expected = v.at("expected").as_object();
      HttpHeaders sent;
      for (const auto& [name, value] : expected.at("sent_headers").as_object()) {
        if (name != "Host") sent.emplace_back(std::string(name), std::string(value.as_string()));
      }
      const std::string target(expected.at("sent_request_target").as_string());
      // The vector's Host is not the sim's; the signed host line needs the signed value.
      sent.emplace_back("Host", std::string(v.at("host").as_string()));
      const HttpResult accepted = http_get(sim.port(), target, sent);
      INFO(accepted.body);
      CHECK(accepted.status != 401);  // past the gateway: the service's own 404 for an unknown job

      HttpHeaders tampered = sent;
      for (auto& [name, value] : tampered) {
        if (name == "Authorization") value.back() = value.back() == '0' ? '1' : '0';
      }
      const HttpResult refused = http_get(sim.port(), target, tampered);
      CHECK(refused.status == 401);
      CHECK(refused.json().at("error_code") == "APIGW.0301");
    }
    ++run;
  }
  CHECK(run >= 4);
}
