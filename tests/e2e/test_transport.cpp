// End-to-end: what jobwait says about the way to the server, against small canned servers on
// 127.0.0.1 (canned_server.hpp). A proxy that wants credentials (407) ends the wait at once and
// says "proxy", without the proxy's userinfo; one that cannot be reached is retried, named; a
// redirect is not followed, and its Location is named; a declared body over 8 MiB is refused
// from its header, not after the request timeout.
#include <catch2/catch.hpp>

#include "canned_server.hpp"
#include "world.hpp"

using namespace jobwait::e2e;

namespace {

const char* k_running_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Running", "Success"]
)";

// What a proxy that echoes the request's Proxy-Authorization might send back.
constexpr const char* k_proxy_user = "ci-proxy-user";
constexpr const char* k_proxy_password = "pr0xy-S3cret-pw";
constexpr const char* k_proxy_basic = "Y2ktcHJveHktdXNlcjpwcjB4eS1TM2NyZXQtcHc=";  // base64 of user:password

std::string proxy_407() {
  const std::string body = std::string("{\"error\":\"denied\",\"echo\":\"Basic ") + k_proxy_basic + "\"}";
  return "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"ci\"\r\n"
         "Content-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string step_at(const std::string& endpoint, int max_errors) {
  return "[job]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nendpoint = \"" + endpoint +
         "\"\n[auth]\ntoken = \"${E2E_TOKEN}\"\n[wait]\ntimeout = \"20s\"\ninterval = \"50ms\"\nmax_errors = " +
         std::to_string(max_errors) + "\n";
}

RunResult run_step(const TempDir& dir, const std::string& step, std::map<std::string, std::string> env) {
  write_file(dir / "step.toml", step);
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (dir / "result.json").string()};
  run.env = std::move(env);
  run.env["E2E_TOKEN"] = k_token;
  fs::remove(dir / "result.json");
  run.result = dir / "result.json";
  RunResult result = run_jobwait(dir, run);
  if (result.artifact) expect_valid_against_schema(dir / "result.json");
  return result;
}

// Neither the proxy's password nor its Basic form, nor the token, reaches any output.
void expect_no_secrets(const TempDir& dir, const RunResult& result) {
  for (const char* secret : {k_proxy_password, k_proxy_basic, k_token}) {
    CHECK(result.err.find(secret) == std::string::npos);
    CHECK(result.out.find(secret) == std::string::npos);
    CHECK(read_file(dir / "result.json").find(secret) == std::string::npos);
  }
  CHECK(result.err.find(k_proxy_user) == std::string::npos);
}

std::string message(const RunResult& result) { return std::string(result.artifact->at("message").as_string()); }

}  // namespace

TEST_CASE("transport: a proxy that answers 407 ends the wait at once, saying proxy, never its userinfo",
          "[e2e][transport]") {
  World world(k_running_job);
  const CannedServer proxy(proxy_407());
  const std::string with_user =
      std::string("http://") + k_proxy_user + ":" + k_proxy_password + "@" + proxy.address();
  struct Case {
    const char* name;
    std::string endpoint;
    std::string variable;
    std::string proxy_url;
    const char* first_line;  // of the request the proxy gets
    const char* fix;
  };
  const std::vector<Case> cases{
      // Plain http://: the request itself goes to the proxy, and the 407 is its answer.
      {"http, no credentials", world.sim.base_url(), "http_proxy", proxy.base_url(), "GET http://",
       "give them in http_proxy as http://USER:PASSWORD@HOST:PORT"},
      {"http, credentials refused", world.sim.base_url(), "http_proxy", with_user, "GET http://",
       "check the user and password in http_proxy"},
      // https://: the proxy refuses the tunnel (CONNECT); nothing reaches the sim either.
      {"https tunnel", "https://127.0.0.1:" + std::to_string(world.sim.port()), "HTTPS_PROXY", with_user,
       "CONNECT 127.0.0.1:", "check the user and password in HTTPS_PROXY"},
  };
  std::size_t seen = 0;
  for (const Case& each : cases) {
    INFO(each.name);
    {
      const RunResult result = run_step(world.dir, step_at(each.endpoint, 10), {{each.variable, each.proxy_url}});
      INFO(result.err);
      CHECK(result.exit_code == 6);
      CHECK(result.seconds < 5);  // not ten retries
      const std::string said = "the proxy " + proxy.base_url() + " (from " + each.variable +
                               ") refused the request: HTTP 407 Proxy Authentication Required";
      CHECK_THAT(result.err, Catch::Contains(said) && Catch::Contains(each.fix));
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "api_error");
      CHECK_THAT(message(result), Catch::Contains(said));
      CHECK(job0(result).at("http").at("requests") == 1);
      CHECK(job0(result).at("last_error").at("kind") == "config");
      const std::vector<std::string> requests = proxy.requests();
      REQUIRE(requests.size() == seen + 1);  // one request, not retried
      CHECK_THAT(requests.back(), Catch::StartsWith(each.first_line));
      CHECK(world.sim.stats().at("requests") == 0);
      expect_no_secrets(world.dir, result);
    }
    seen = proxy.requests().size();
  }
}

TEST_CASE("transport: a proxy that cannot be reached is retried, and the message names it without userinfo",
          "[e2e][transport]") {
  World world(k_running_job);
  const std::string address = "127.0.0.1:" + std::to_string(closed_port());
  const std::string proxy = std::string("http://") + k_proxy_user + ":" + k_proxy_password + "@" + address;
  const RunResult result = run_step(world.dir, step_at(world.sim.base_url(), 2), {{"http_proxy", proxy}});
  INFO(result.err);
  CHECK(result.exit_code == 6);
  const std::string said = "cannot connect: cannot reach the proxy http://" + address + " (from http_proxy)";
  CHECK_THAT(result.err, Catch::Contains("gave up after 2 consecutive errors; last: " + said));
  REQUIRE(result.artifact);
  CHECK_THAT(message(result), Catch::Contains(said));
  CHECK(job0(result).at("last_error").at("kind") == "transient");
  CHECK(job0(result).at("http").at("requests") == 2);
  CHECK(world.sim.stats().at("requests") == 0);
  expect_no_secrets(world.dir, result);
}

TEST_CASE("transport: a redirect is not followed: nothing reaches the other origin, and the Location is named",
          "[e2e][transport]") {
  TempDir dir;
  const CannedServer other("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
  const std::string location = other.base_url() + "/api/v3/projects/proj-1/jobs/job-1";
  for (const char* status : {"301 Moved Permanently", "302 Found", "307 Temporary Redirect", "308 Permanent Redirect"}) {
    INFO(status);
    {
      const CannedServer origin(std::string("HTTP/1.1 ") + status + "\r\nLocation: " + location +
                                "\r\nContent-Length: 0\r\n\r\n");
      const RunResult result = run_step(dir, step_at(origin.base_url(), 10), {});
      INFO(result.err);
      CHECK(result.exit_code == 6);
      CHECK(result.seconds < 5);
      const std::string said = "HTTP " + std::string(status).substr(0, 3) + " redirect to " + location + ", not followed";
      CHECK_THAT(result.err, Catch::Contains(said) && Catch::Contains("job.endpoint"));
      REQUIRE(result.artifact);
      CHECK_THAT(message(result), Catch::Contains(said));
      CHECK(job0(result).at("http").at("requests") == 1);
      CHECK(origin.requests().size() == 1);
      CHECK(other.connections() == 0);  // the token never went there
      CHECK(result.err.find(k_token) == std::string::npos);
    }
  }
}

TEST_CASE("transport: a Content-Length over 8 MiB is refused from the header, not after the request timeout",
          "[e2e][transport]") {
  TempDir dir;
  // Declares a gigabyte, sends a few bytes, then holds the connection open and silent.
  const CannedServer liar("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n"
                          "{\"status\":",
                          true);
  const RunResult result = run_step(dir, step_at(liar.base_url(), 1), {});
  INFO(result.err);
  CHECK(result.exit_code == 6);
  CHECK(result.seconds < 5);  // the request timeout (and the wait's) is 20 s
  CHECK_THAT(result.err, Catch::Contains("response too large: body over 8 MiB"));
  REQUIRE(result.artifact);
  CHECK(job0(result).at("last_error").at("message") == "response too large: body over 8 MiB");
  CHECK(liar.connections() == 1);
}
