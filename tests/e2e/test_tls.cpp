// End-to-end: where the trust for https:// comes from (runner/http/ca_bundle.hpp). `explain`
// names the bundle in use and its source; an explicit SSL_CERT_FILE that names no file ends an
// https:// run with exit 6 before anything is sent, while plain http:// needs no trust at all;
// and a real wait over TLS (openssl s_server serving a job's status, its certificate signed by
// a CA this test makes) succeeds with that CA from each source and fails without it. The
// "none found" message is checked at unit level (test_ca_bundle.cpp): this machine has bundles.
#include <catch2/catch.hpp>

#include <regex>

#include "canned_server.hpp"
#include "world.hpp"

using namespace jobwait::e2e;

namespace {

namespace bp = boost::process;

const char* k_success_job = R"(
[[job]]
provider = "cce"
id = "job-1"
project_id = "proj-1"
statuses = ["Success"]
)";

constexpr const char* k_openssl = "/usr/bin/openssl";

// Runs openssl with `args` in `dir`; its stdout.
std::string openssl(const fs::path& dir, const std::vector<std::string>& args) {
  bp::ipstream out;
  bp::child child(k_openssl, bp::args(args), bp::start_dir(dir.string()), bp::std_out > out, bp::std_err > bp::null,
                  bp::std_in < bp::null);
  std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  child.wait();
  INFO("openssl " << args.front());
  REQUIRE(child.exit_code() == 0);
  return text;
}

// A certificate and its key.
struct Issued {
  fs::path cert, key;
};

// A CA made for this test, and a certificate for 127.0.0.1 that it signed.
struct TestCa {
  explicit TestCa(const fs::path& dir) : ca(dir / "ca.pem"), m_dir(dir) {
    openssl(dir, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                  "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=jobwait e2e test CA"});
    const Issued server = issue("server", "IP:127.0.0.1", "2");
    cert = server.cert;
    key = server.key;
    // A directory as SSL_CERT_DIR wants it: the CA under its subject hash.
    hashed_dir = dir / "certs";
    fs::create_directories(hashed_dir);
    std::string hash = openssl(dir, {"x509", "-hash", "-noout", "-in", "ca.pem"});
    hash.erase(hash.find_last_not_of(" \n") + 1);
    fs::copy_file(ca, hashed_dir / (hash + ".0"));
  }

  // A certificate `name`.pem (key `name`.key) this CA signs for the subjectAltName `san`,
  // valid for `days` from now: "-1" makes one that expired a day before it was made.
  Issued issue(const std::string& name, const std::string& san, const std::string& days) const {
    openssl(m_dir, {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                    "-out", name + ".csr", "-subj", "/CN=" + name});
    write_file(m_dir / (name + ".ext"), "subjectAltName=" + san + "\n");
    openssl(m_dir, {"x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", days, "-extfile", name + ".ext"});
    return {m_dir / (name + ".pem"), m_dir / (name + ".key")};
  }

  fs::path ca, cert, key, hashed_dir;

 private:
  fs::path m_dir;
};

// openssl s_server -WWW on 127.0.0.1 (a port the OS picks): serves the files under `root` by
// URL path, over TLS with the test CA's certificate.
class TlsServer {
 public:
  TlsServer(const TestCa& ca, const fs::path& root, const fs::path& log) : TlsServer({ca.cert, ca.key}, root, log) {}
  TlsServer(const Issued& cert, const fs::path& root, const fs::path& log) {
    m_child = bp::child(k_openssl,
                        bp::args({"s_server", "-accept", "127.0.0.1:0", "-cert", cert.cert.string(), "-key",
                                  cert.key.string(), "-WWW"}),
                        bp::start_dir(root.string()), bp::std_out > log.string(), bp::std_err > bp::null,
                        bp::std_in < bp::null);
    // It says "ACCEPT 127.0.0.1:PORT" once it listens.
    const std::regex accept("ACCEPT 127\\.0\\.0\\.1:([0-9]+)\n");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::smatch match;
    std::string text;
    while (!std::regex_search(text = read_file(log), match, accept)) {
      if (!m_child.running() || std::chrono::steady_clock::now() > deadline) {
        FAIL("openssl s_server did not start: " << text);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_port = std::stoi(match[1]);
  }
  ~TlsServer() {
    std::error_code ignored;
    m_child.terminate(ignored);
    m_child.wait(ignored);
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;
  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(m_port); }

 private:
  bp::child m_child;
  int m_port = 0;
};

std::string step_at(const std::string& endpoint) {
  return "[job]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nendpoint = \"" + endpoint +
         "\"\n[auth]\ntoken = \"${E2E_TOKEN}\"\n[wait]\ntimeout = \"20s\"\ninterval = \"50ms\"\nmax_errors = 1\n";
}

RunResult run_with(const TempDir& dir, const std::string& command, std::map<std::string, std::string> env,
                   std::vector<std::string> extra_args = {}) {
  RunOptions run;
  run.args = {command, "step.toml"};
  if (command == "run") run.args.insert(run.args.end(), {"--result", (dir / "result.json").string()});
  run.args.insert(run.args.end(), extra_args.begin(), extra_args.end());
  run.env = std::move(env);
  run.env["E2E_TOKEN"] = k_token;
  fs::remove(dir / "result.json");
  run.result = dir / "result.json";
  RunResult result = run_jobwait(dir, run);
  if (result.artifact) expect_valid_against_schema(dir / "result.json");
  return result;
}

}  // namespace

TEST_CASE("tls: explain names the CA bundle in use and where it came from", "[e2e][tls]") {
  TempDir dir;
  write_file(dir / "step.toml", step_at("https://127.0.0.1:9"));  // explain sends nothing
  const TestCa ca(dir.path());
  const std::string pem = ca.ca.string();
  const std::string missing = (dir / "missing.pem").string();
  struct Case {
    std::map<std::string, std::string> env;
    std::vector<std::string> args;
    std::string line;
  };
  // Debian's ca-certificates bundle, first of the well-known ones (install-deps.sh installs it).
  REQUIRE(fs::exists("/etc/ssl/certs/ca-certificates.crt"));
  const std::vector<Case> cases{
      {{}, {}, "/etc/ssl/certs/ca-certificates.crt (system)"},
      {{{"SSL_CERT_FILE", pem}}, {}, pem + " (SSL_CERT_FILE)"},
      {{{"SSL_CERT_DIR", ca.hashed_dir.string()}}, {}, "directory " + ca.hashed_dir.string() + " (SSL_CERT_DIR)"},
      {{{"CURL_CA_BUNDLE", pem}}, {}, pem + " (CURL_CA_BUNDLE)"},
      {{{"SSL_CERT_FILE", ""}, {"CURL_CA_BUNDLE", pem}}, {}, pem + " (CURL_CA_BUNDLE)"},  // empty is unset
      {{{"SSL_CERT_FILE", missing}}, {"--set", "tls.ca_file=" + pem}, pem + " (tls.ca_file)"},  // step file first
      {{{"SSL_CERT_FILE", missing}}, {}, "SSL_CERT_FILE=" + missing + " is not a readable file"},
      {{}, {"--set", "tls.insecure=true"}, "none: certificates are not checked (tls.insecure = true)"},
  };
  for (const Case& each : cases) {
    const RunResult result = run_with(dir, "explain", each.env, each.args);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains("\nca bundle   " + each.line));
  }
}

TEST_CASE("tls: an SSL_CERT_FILE that names no file ends an https run with exit 6, nothing sent", "[e2e][tls]") {
  World world(k_success_job);
  const std::string missing = (world.dir / "missing.pem").string();
  // The simulator's own port behind https://: had anything been sent, the sim would count it.
  const std::string endpoint = "https://127.0.0.1:" + std::to_string(world.sim.port());
  write_file(world.dir / "step.toml", step_at(endpoint));
  const RunResult result = run_with(world.dir, "run", {{"SSL_CERT_FILE", missing}});
  INFO(result.err);
  CHECK(result.exit_code == 6);
  const std::string why = "nothing sent to " + endpoint + ": no CA certificates to verify https:// servers with: " +
                          "SSL_CERT_FILE=" + missing + " is not a readable file";
  CHECK_THAT(result.err, Catch::Contains(why));
  CHECK_THAT(result.err, Catch::Contains("point SSL_CERT_FILE at a PEM file"));
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains(why));
  CHECK(job0(result).at("http").at("requests") == 0);
  CHECK(result.seconds < 5);
  CHECK(world.sim.stats().at("connections") == 0);

  // Plain http:// needs no trust store: the same environment waits as usual.
  write_file(world.dir / "step.toml", step_at(world.sim.base_url()));
  const RunResult plain = run_with(world.dir, "run", {{"SSL_CERT_FILE", missing}});
  INFO(plain.err);
  CHECK(plain.exit_code == 0);
}

TEST_CASE("tls: several jobs with one on https and no trust: every job ends unsent, exit 6", "[e2e][tls]") {
  World world(k_success_job);
  const std::string missing = (world.dir / "missing.pem").string();
  const std::string https = "https://127.0.0.1:" + std::to_string(world.sim.port());
  write_file(world.dir / "step.toml",
             "[[jobs]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nendpoint = \"" +
                 world.sim.base_url() + "\"\n[[jobs]]\nprovider = \"cce\"\nid = \"job-2\"\nproject_id = \"proj-1\"\n" +
                 "endpoint = \"" + https + "\"\n[auth]\ntoken = \"${E2E_TOKEN}\"\n[wait]\ntimeout = \"20s\"\n");
  const RunResult result = run_with(world.dir, "run", {{"SSL_CERT_DIR", missing}});
  INFO(result.err);
  CHECK(result.exit_code == 6);
  CHECK_THAT(result.err, Catch::Contains("nothing sent to " + https + ": no CA certificates to verify https:// "
                                         "servers with: SSL_CERT_DIR=" + missing + " is not a directory"));
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  const auto& jobs = result.artifact->at("jobs").as_array();
  REQUIRE(jobs.size() == 2);
  for (const auto& job : jobs) CHECK(job.at("outcome") == "api_error");
  CHECK(world.sim.stats().at("requests") == 0);  // not even the http:// one: nothing half done
}

TEST_CASE("tls: a wait over https trusts the CA given by each source, and not without it", "[e2e][tls]") {
  TempDir dir;
  const TestCa ca(dir.path());
  const fs::path root = dir / "www";
  fs::create_directories(root / "api/v3/projects/proj-1/jobs");
  fs::copy_file(fs::path(JOBWAIT_FIXTURES_DIR) / "cce/status-Success.json", root / "api/v3/projects/proj-1/jobs/job-1");
  const TlsServer server(ca, root, dir / "s_server.log");
  write_file(dir / "step.toml", step_at(server.base_url()));

  const std::string pem = ca.ca.string();
  const std::vector<std::pair<std::map<std::string, std::string>, std::vector<std::string>>> trusted{
      {{{"SSL_CERT_FILE", pem}}, {}},
      {{{"SSL_CERT_DIR", ca.hashed_dir.string()}}, {}},
      {{{"CURL_CA_BUNDLE", pem}}, {}},
      {{}, {"--set", "tls.ca_file=" + pem}},
  };
  for (const auto& [env, args] : trusted) {
    const RunResult result = run_with(dir, "run", env, args);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("outcome") == "succeeded");
  }
  // The system's bundle does not hold the test CA: the server is not trusted.
  const RunResult untrusted = run_with(dir, "run", {});
  INFO(untrusted.err);
  CHECK(untrusted.exit_code == 6);
  CHECK_THAT(untrusted.err, Catch::Contains("TLS certificate verification failed"));
}

namespace {

// The www root s_server serves: one CCE job that has succeeded.
fs::path job_root(const TempDir& dir) {
  const fs::path root = dir / "www";
  fs::create_directories(root / "api/v3/projects/proj-1/jobs");
  fs::copy_file(fs::path(JOBWAIT_FIXTURES_DIR) / "cce/status-Success.json", root / "api/v3/projects/proj-1/jobs/job-1",
                fs::copy_options::overwrite_existing);
  return root;
}

}  // namespace

TEST_CASE("tls: a certificate that fails verification ends the wait at once, exit 6, saying why and the fix",
          "[e2e][tls]") {
  TempDir dir;
  const TestCa ca(dir.path());
  const fs::path root = job_root(dir);
  struct Case {
    const char* name;
    Issued cert;
    std::map<std::string, std::string> env;  // the trust
    std::string reason;
  };
  const std::string pem = ca.ca.string();
  const std::vector<Case> cases{
      // The system's bundle does not hold the test CA.
      {"unknown CA", ca.issue("unknown-ca", "IP:127.0.0.1", "2"), {},
       "the server's certificate is not signed by a CA this machine trusts"},
      {"another host's name", ca.issue("other-name", "DNS:api.example.test", "2"), {{"SSL_CERT_FILE", pem}},
       "the server's certificate is not issued for the host in the URL"},
      {"expired", ca.issue("expired", "IP:127.0.0.1", "-1"), {{"SSL_CERT_FILE", pem}},
       "the server's certificate has expired"},
  };
  for (const Case& each : cases) {
    INFO(each.name);
    {
      const TlsServer server(each.cert, root, dir / (std::string(each.name) + ".log"));
      // Ten errors allowed: a retried failure would take the backoff's 1+2+4+... seconds.
      std::string step = step_at(server.base_url());
      step.replace(step.find("max_errors = 1"), 14, "max_errors = 10");
      write_file(dir / "step.toml", step);
      const RunResult result = run_with(dir, "run", each.env);
      INFO(result.err);
      CHECK(result.exit_code == 6);
      CHECK(result.seconds < 5);
      CHECK_THAT(result.err, Catch::Contains("TLS certificate verification failed: " + each.reason));
      CHECK_THAT(result.err, Catch::Contains("tls.ca_file") && Catch::Contains("SSL_CERT_FILE"));
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "api_error");
      const auto& job = job0(result);
      CHECK(job.at("http").at("requests") == 1);  // never retried
      CHECK(job.at("last_error").at("kind") == "config");
      CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains(each.reason));
    }
  }
}

TEST_CASE("tls: a handshake the server breaks off is transient, and retried", "[e2e][tls]") {
  TempDir dir;
  const CannedServer hangs_up("");  // accepts, reads the ClientHello, closes: no handshake
  std::string step = step_at("https://" + hangs_up.address());
  step.replace(step.find("max_errors = 1"), 14, "max_errors = 2");
  write_file(dir / "step.toml", step);
  const RunResult result = run_with(dir, "run", {});
  INFO(result.err);
  CHECK(result.exit_code == 6);
  CHECK_THAT(result.err, Catch::Contains("gave up after 2 consecutive errors; last: TLS error"));
  REQUIRE(result.artifact);
  CHECK(job0(result).at("last_error").at("kind") == "transient");
  CHECK(hangs_up.connections() == 2);
}
