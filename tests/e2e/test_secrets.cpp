// End-to-end: no secret reaches any output when servers echo them back. A gateway quotes the
// token in a long 401 (cut to fit a line right inside the token), IAM's token is quoted back by
// the job API, and a proxy answers 407 with the Proxy-Authorization it got. Every output a run
// leaves is searched: stderr (under GitHub Actions too, where only ::add-mask:: may name a
// secret), the artifact, JUnit, the dotenv report, $GITHUB_OUTPUT and the step summary.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

using Env = std::map<std::string, std::string>;

constexpr const char* k_user = "ci-bot";
constexpr const char* k_password = "E2E-PW-x8c7v6b5n4m3";

// What a run left, each output by name.
struct Outputs {
  std::map<std::string, std::string> texts;
  std::string err_lines_but_masks;  // stderr without the ::add-mask:: lines
};

Outputs outputs_of(const TempDir& dir, const RunResult& result) {
  Outputs out;
  std::istringstream lines(result.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("::add-mask::", 0) != 0) out.err_lines_but_masks += line + "\n";
  }
  out.texts["stdout"] = result.out;
  out.texts["stderr"] = out.err_lines_but_masks;
  for (const char* file : {"result.json", "junit.xml", "jobwait.env", "github_output.txt", "summary.md"}) {
    out.texts[file] = fs::exists(dir / file) ? read_file(dir / file) : "";
  }
  return out;
}

// No output holds `secret`, nor any start of it six characters or longer.
void expect_nowhere(const Outputs& outputs, const std::string& secret) {
  for (const auto& [name, text] : outputs.texts) {
    INFO(name << ": " << text);
    CHECK(text.find(secret.substr(0, 6)) == std::string::npos);
  }
}

const std::string k_output_files = "[output]\njunit = \"junit.xml\"\ndotenv = \"jobwait.env\"\n";

Env github_env(const TempDir& dir) {
  return {{"GITHUB_ACTIONS", "true"},
          {"GITHUB_OUTPUT", (dir / "github_output.txt").string()},
          {"GITHUB_STEP_SUMMARY", (dir / "summary.md").string()}};
}

RunResult run_step(const TempDir& dir, const std::string& step, Env env) {
  write_file(dir / "step.toml", step);
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (dir / "result.json").string(), "--verbose"};
  run.env = std::move(env);
  run.result = dir / "result.json";
  RunResult result = run_jobwait(dir, run);
  if (result.artifact) expect_valid_against_schema(dir / "result.json");
  return result;
}

std::string job_step(const std::string& base_url, const std::string& auth) {
  return "name = \"e2e\"\n[job]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nregion = \"eu-de\"\n"
         "endpoint = \"" + base_url + "\"\n[auth]\n" + auth +
         "[wait]\ntimeout = \"20s\"\ninterval = \"50ms\"\nmax_interval = \"100ms\"\n" + k_output_files;
}

// A forward proxy on 127.0.0.1 that answers every request 407, echoing Proxy-Authorization.
class EchoProxy {
 public:
  EchoProxy()
      : m_child(boost::process::exe = "/usr/bin/python3",
                boost::process::args =
                    std::vector<std::string>{std::string(JOBWAIT_SOURCE_DIR) + "/tests/helpers/echo_proxy.py"},
                boost::process::std_out > m_out) {
    std::string line;
    std::getline(m_out, line);
    m_port = std::stoi(line);
  }
  ~EchoProxy() {
    std::error_code ignored;
    m_child.terminate(ignored);
  }
  EchoProxy(const EchoProxy&) = delete;
  EchoProxy& operator=(const EchoProxy&) = delete;
  int port() const { return m_port; }

 private:
  boost::process::ipstream m_out;
  boost::process::child m_child;
  int m_port = 0;
};

}  // namespace

TEST_CASE("e2e secrets: a token a 401 quotes across its 300-character cut leaves nothing of itself anywhere",
          "[e2e][secrets]") {
  // The quote "X-Auth-Token: <token>" starts 271 characters in: the token spans 285 to 308, so
  // a cut at 300 before masking would leave its first 15 characters.
  World world(R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running"]
faults = [{ fault = "echo_credentials", at = 271 }]
)");
  StepOptions options;
  options.wait_extra = k_output_files;
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), options));
  Env env = github_env(world.dir);
  env["E2E_TOKEN"] = k_token;
  const RunResult result = run_step(world.dir, read_file(world.dir / "step.toml"), env);
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  const Outputs outputs = outputs_of(world.dir, result);
  expect_nowhere(outputs, k_token);
  // The message is still the gateway's, cut where the secret was.
  const std::string message(job0(result).at("last_error").at("message").as_string());
  CHECK_THAT(message, Catch::Contains("refused by policy") && Catch::Contains("X-Auth-Token: <redacted>"));
  CHECK_THAT(outputs.texts.at("jobwait.env"), Catch::Contains("JOBWAIT_OUTCOME=auth_error"));
  CHECK_THAT(outputs.texts.at("github_output.txt"), Catch::Contains("outcome=auth_error"));
  CHECK_THAT(outputs.texts.at("junit.xml"), Catch::Contains("<testsuite"));
  CHECK_THAT(outputs.err_lines_but_masks, Catch::Contains("::error "));
}

TEST_CASE("e2e secrets: the token of a password login, quoted back by the job API, is masked everywhere and "
          "sent to ::add-mask:: before its first use",
          "[e2e][secrets]") {
  SimProcess sim(std::string("token = \"unused-static-token-1\"\n[[user]]\nname = \"") + k_user + "\"\npassword = \"" +
                 k_password + "\"\ndomain = \"e2e-account\"\n[[project]]\nid = \"proj-1\"\nname = \"eu-de\"\n" +
                 "[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Running\"]\n"
                 "faults = [{ fault = \"echo_credentials\", at = 0 }]\n");
  TempDir dir;
  const std::string auth = "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\niam_endpoint = \"" +
                           sim.base_url() + "\"\ntoken_cache = \"tokens\"\n";
  Env env = github_env(dir);
  env["PW"] = k_password;
  const RunResult result = run_step(dir, job_step(sim.base_url(), auth), env);
  CHECK(result.exit_code == 5);
  REQUIRE(result.artifact);
  // The token IAM issued, read back from the cache the run wrote.
  REQUIRE(fs::exists(dir / "tokens"));
  std::string token;
  for (const auto& entry : fs::directory_iterator(dir / "tokens")) {
    token = json::parse(read_file(entry.path())).at("token").as_string().c_str();
  }
  REQUIRE(token.size() > 20);
  const Outputs outputs = outputs_of(dir, result);
  expect_nowhere(outputs, token);
  expect_nowhere(outputs, k_password);
  CHECK_THAT(std::string(job0(result).at("last_error").at("message").as_string()),
             Catch::Contains("X-Auth-Token: <redacted>"));
  // GitHub masks it in every later line of the log, other steps' too: told before the request
  // that carried it, so before the answer that echoed it.
  const std::size_t mask = result.err.find("::add-mask::" + token + "\n");
  REQUIRE(mask != std::string::npos);
  CHECK(mask < result.err.find("::error "));
}

TEST_CASE("e2e secrets: a proxy's 407 echoing Proxy-Authorization shows neither the credentials nor their Basic form",
          "[e2e][secrets]") {
  const std::string basic = "dXNlcjpwcm94eXB3";  // base64("user:proxypw")
  EchoProxy proxy;
  SimProcess sim(scenario("[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n"));
  TempDir dir;
  const std::string proxy_url = "http://user:proxypw@127.0.0.1:" + std::to_string(proxy.port());
  // Each variable libcurl reads for an http:// URL, alone: every spelling is masked.
  for (const char* variable : {"http_proxy", "ALL_PROXY", "all_proxy"}) {
    SECTION(variable) {
      for (const bool github : {false, true}) {
        Env env = github ? github_env(dir) : Env{};
        env["E2E_TOKEN"] = k_token;
        env[variable] = proxy_url;
        const RunResult result = run_step(dir, job_step(sim.base_url(), "token = \"${E2E_TOKEN}\"\n"), env);
        INFO("stderr: " << result.err);
        CHECK(result.exit_code != 0);
        REQUIRE(result.artifact);
        CHECK(sim.stats().at("requests").as_int64() == 0);  // it went to the proxy
        const Outputs outputs = outputs_of(dir, result);
        for (const std::string& secret : {std::string("user:proxypw"), basic, std::string("proxypw")}) {
          for (const auto& [name, text] : outputs.texts) {
            INFO(name << " holds " << secret << ": " << text);
            CHECK(text.find(secret) == std::string::npos);
          }
        }
        // The proxy's answer is still told, credentials masked.
        CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("407"));
        if (github) {
          CHECK_THAT(outputs.err_lines_but_masks, Catch::Contains("::error "));
          CHECK_THAT(result.err, Catch::Contains("::add-mask::" + basic + "\n"));
        }
      }
    }
  }
}

TEST_CASE("e2e secrets: a token cache directory others may write to is not used, and the run says so",
          "[e2e][secrets]") {
  SimProcess sim(std::string("token = \"unused-static-token-1\"\n[[user]]\nname = \"") + k_user + "\"\npassword = \"" +
                 k_password + "\"\ndomain = \"e2e-account\"\n[[project]]\nid = \"proj-1\"\nname = \"eu-de\"\n" +
                 "[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = [\"Success\"]\n");
  TempDir dir;
  fs::create_directory(dir / "shared");
  fs::permissions(dir / "shared", fs::perms::all);  // 0777, as /tmp without the sticky bit
  const std::string auth = "user = \"ci-bot\"\npassword = \"${PW}\"\ndomain = \"e2e-account\"\niam_endpoint = \"" +
                           sim.base_url() + "\"\ntoken_cache = \"shared\"\n";
  const RunResult result = run_step(dir, job_step(sim.base_url(), auth), {{"PW", k_password}});
  CHECK(result.exit_code == 0);  // the run works, it only logs in itself
  CHECK(fs::is_empty(dir / "shared"));
  CHECK_THAT(result.err, Catch::Contains("auth.token_cache is not used") && Catch::Contains("writable by others"));
  REQUIRE(result.artifact);
  CHECK_THAT(json::serialize(job0(result).at("warnings")), Catch::Contains("auth.token_cache is not used"));
}
