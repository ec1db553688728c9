// runner/http/ca_bundle.cpp: which trust store https:// is checked against, in order
// (tls.ca_file; SSL_CERT_FILE / SSL_CERT_DIR, then CURL_CA_BUNDLE; the well-known system
// bundles; the hashed /etc/ssl/certs), on a made-up machine; what is said when there is none;
// the real probe on a temporary directory; and the curl client refusing https:// unsent.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

#include "http/ca_bundle.hpp"
#include "http/http_client.hpp"
#include "temp_dir.hpp"

namespace {

using namespace jobwait::http;

// A machine with these variables, files and directories (hashed: holding <hash>.0 entries).
struct Machine {
  std::map<std::string, std::string> env;
  std::set<std::string> files;
  std::set<std::string> dirs;
  std::set<std::string> hashed;

  CaProbe probe() const {
    CaProbe probe;
    probe.env = [this](const std::string& name) -> std::optional<std::string> {
      const auto found = env.find(name);
      return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
    probe.is_file = [this](const std::string& path) { return files.count(path) > 0; };
    probe.is_dir = [this](const std::string& path) { return dirs.count(path) > 0 || hashed.count(path) > 0; };
    probe.has_hashed_certs = [this](const std::string& path) { return hashed.count(path) > 0; };
    return probe;
  }
};

const std::string k_debian = "/etc/ssl/certs/ca-certificates.crt";

CaBundle chosen(const Machine& machine, const std::string& ca_file = "") {
  const CaTrust trust = choose_ca(ca_file, machine.probe());
  INFO(trust.problem);
  REQUIRE(trust.bundle);
  return *trust.bundle;
}

CaTrust refused(const Machine& machine, const std::string& ca_file = "") {
  CaTrust trust = choose_ca(ca_file, machine.probe());
  REQUIRE_FALSE(trust.bundle);
  return trust;
}

}  // namespace

TEST_CASE("ca_bundle: tls.ca_file comes first, before any variable and the system's", "[ca_bundle]") {
  Machine machine;
  machine.files = {"/step/ca.pem", "/env/file.pem", "/env/curl.pem", k_debian};
  machine.dirs = {"/env/dir"};
  machine.env = {{"SSL_CERT_FILE", "/env/file.pem"}, {"SSL_CERT_DIR", "/env/dir"}, {"CURL_CA_BUNDLE", "/env/curl.pem"}};
  const CaBundle bundle = chosen(machine, "/step/ca.pem");
  CHECK(bundle.file == "/step/ca.pem");
  CHECK(bundle.dir.empty());
  CHECK(bundle.source == "tls.ca_file");

  machine.env["SSL_CERT_FILE"] = "/nowhere.pem";  // not even looked at
  CHECK(chosen(machine, "/step/ca.pem").source == "tls.ca_file");
}

TEST_CASE("ca_bundle: an unreadable tls.ca_file is no trust, not the system's", "[ca_bundle]") {
  Machine machine;
  machine.files = {k_debian};
  const CaTrust trust = refused(machine, "/step/gone.pem");
  CHECK_THAT(trust.reason, Catch::Contains("tls.ca_file \"/step/gone.pem\" is not a readable file"));
}

TEST_CASE("ca_bundle: each variable of the environment, and their order", "[ca_bundle]") {
  Machine machine;
  machine.files = {"/env/file.pem", "/env/curl.pem", k_debian};
  machine.dirs = {"/env/dir", "/env/dir2"};

  machine.env = {{"SSL_CERT_FILE", "/env/file.pem"}, {"CURL_CA_BUNDLE", "/env/curl.pem"}};
  CaBundle bundle = chosen(machine);
  CHECK(bundle.file == "/env/file.pem");
  CHECK(bundle.dir.empty());
  CHECK(bundle.source == "SSL_CERT_FILE");

  machine.env = {{"SSL_CERT_DIR", "/env/dir"}, {"CURL_CA_BUNDLE", "/env/curl.pem"}};
  bundle = chosen(machine);
  CHECK(bundle.file.empty());
  CHECK(bundle.dir == "/env/dir");
  CHECK(bundle.source == "SSL_CERT_DIR");

  // Both of OpenSSL's: both used, as OpenSSL does; a list of directories as OpenSSL reads it.
  machine.env = {{"SSL_CERT_FILE", "/env/file.pem"}, {"SSL_CERT_DIR", "/env/dir:/env/dir2"}};
  bundle = chosen(machine);
  CHECK(bundle.file == "/env/file.pem");
  CHECK(bundle.dir == "/env/dir:/env/dir2");
  CHECK(bundle.source == "SSL_CERT_FILE and SSL_CERT_DIR");

  machine.env = {{"CURL_CA_BUNDLE", "/env/curl.pem"}};
  bundle = chosen(machine);
  CHECK(bundle.file == "/env/curl.pem");
  CHECK(bundle.source == "CURL_CA_BUNDLE");

  // An empty variable is not set.
  machine.env = {{"SSL_CERT_FILE", ""}, {"SSL_CERT_DIR", ""}, {"CURL_CA_BUNDLE", ""}};
  bundle = chosen(machine);
  CHECK(bundle.file == k_debian);
  CHECK(bundle.source == "system");
}

TEST_CASE("ca_bundle: a variable that names nothing usable is an error, never skipped", "[ca_bundle]") {
  Machine machine;
  machine.files = {"/env/curl.pem", k_debian};  // the system's is there: still not used
  machine.dirs = {"/env/dir"};
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> cases{
      {{{"SSL_CERT_FILE", "/gone.pem"}, {"CURL_CA_BUNDLE", "/env/curl.pem"}},
       "SSL_CERT_FILE=/gone.pem is not a readable file"},
      {{{"SSL_CERT_FILE", "/env/dir"}}, "SSL_CERT_FILE=/env/dir is not a readable file"},
      {{{"SSL_CERT_DIR", "/gone"}}, "SSL_CERT_DIR=/gone is not a directory"},
      {{{"SSL_CERT_DIR", "/env/dir:/gone"}}, "SSL_CERT_DIR=/env/dir:/gone holds /gone, which is not a directory"},
      {{{"SSL_CERT_DIR", ":"}}, "SSL_CERT_DIR=: names no directory"},
      {{{"CURL_CA_BUNDLE", "/gone.pem"}}, "CURL_CA_BUNDLE=/gone.pem is not a readable file"},
  };
  for (const auto& [env, reason] : cases) {
    machine.env = env;
    const CaTrust trust = refused(machine);
    CHECK_THAT(trust.reason, Catch::StartsWith(reason));
    CHECK_THAT(trust.problem, Catch::StartsWith("no CA certificates to verify https:// servers with: " + reason));
    const std::string name = reason.substr(0, reason.find('='));
    CHECK_THAT(trust.problem, Catch::Contains("point " + name + " at "));
    CHECK_THAT(trust.problem, Catch::Contains("or unset it"));
  }
}

TEST_CASE("ca_bundle: each well-known system bundle, the first that exists", "[ca_bundle]") {
  const std::vector<std::string> expected{
      "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"};
  CHECK(system_ca_files() == expected);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    Machine machine;
    machine.hashed = {"/etc/ssl/certs"};
    machine.files.insert(expected.begin() + static_cast<std::ptrdiff_t>(i), expected.end());  // this one and later ones
    const CaBundle bundle = chosen(machine);
    INFO(expected[i]);
    CHECK(bundle.file == expected[i]);
    CHECK(bundle.dir.empty());
    CHECK(bundle.source == "system");
  }
}

TEST_CASE("ca_bundle: /etc/ssl/certs is the last resort, and only with hashed certificates", "[ca_bundle]") {
  Machine machine;
  machine.hashed = {"/etc/ssl/certs"};
  const CaBundle bundle = chosen(machine);
  CHECK(bundle.file.empty());
  CHECK(bundle.dir == "/etc/ssl/certs");
  CHECK(bundle.source == "system");

  machine.hashed.clear();
  machine.dirs = {"/etc/ssl/certs"};  // there, but nothing OpenSSL could look a CA up in
  refused(machine);
}

TEST_CASE("ca_bundle: none found names every place tried and how to fix it", "[ca_bundle]") {
  const CaTrust trust = refused(Machine{});
  CHECK(trust.reason.rfind("none found (tried ", 0) == 0);
  for (const char* place : {"tls.ca_file", "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "/etc/ssl/certs: no hashed"}) {
    CHECK_THAT(trust.reason, Catch::Contains(place));
  }
  for (const std::string& file : system_ca_files()) CHECK_THAT(trust.reason, Catch::Contains(file));
  CHECK(trust.problem == "no CA certificates to verify https:// servers with: " + trust.reason +
                             "; set tls.ca_file in the step file or SSL_CERT_FILE in the environment to a PEM file "
                             "of the CAs to trust, or install the system's CA certificates (the ca-certificates "
                             "package)");
  CHECK(describe(trust, false) == trust.reason);
}

TEST_CASE("ca_bundle: describe says which bundle and where it came from", "[ca_bundle]") {
  CaTrust trust;
  trust.bundle = CaBundle{k_debian, "", "system"};
  CHECK(describe(trust, false) == "/etc/ssl/certs/ca-certificates.crt (system)");
  trust.bundle = CaBundle{"", "/etc/ssl/certs", "system"};
  CHECK(describe(trust, false) == "directory /etc/ssl/certs (system)");
  trust.bundle = CaBundle{"/a.pem", "/d", "SSL_CERT_FILE and SSL_CERT_DIR"};
  CHECK(describe(trust, false) == "/a.pem and directory /d (SSL_CERT_FILE and SSL_CERT_DIR)");
  CHECK(describe(trust, true) == "none: certificates are not checked (tls.insecure = true)");
}

TEST_CASE("ca_bundle: only https URLs need a trust store", "[ca_bundle]") {
  CHECK(needs_ca("https://cce.eu-de.otc.t-systems.com/api"));
  CHECK(needs_ca("HTTPS://example.com"));
  CHECK_FALSE(needs_ca("http://127.0.0.1:8080/api"));
  CHECK_FALSE(needs_ca("exec:./status.sh"));
  CHECK_FALSE(needs_ca("https:/"));
}

TEST_CASE("ca_bundle: the real probe reads files, directories and hashed names", "[ca_bundle]") {
  const jobwait::test::TempDir dir;
  std::ofstream(dir / "bundle.pem") << "-----BEGIN CERTIFICATE-----\n";
  std::filesystem::create_directories(dir / "hashed");
  std::ofstream(dir / "hashed/3513523f.0") << "";
  std::filesystem::create_directories(dir / "plain");
  std::ofstream(dir / "plain/ca.pem") << "";
  std::ofstream(dir / "plain/3513523f.pem") << "";  // not a hashed name

  const CaProbe probe = system_probe();
  CHECK(probe.is_file(dir / "bundle.pem"));
  CHECK_FALSE(probe.is_file(dir / "hashed"));
  CHECK_FALSE(probe.is_file(dir / "missing.pem"));
  CHECK(probe.is_dir(dir / "plain"));
  CHECK_FALSE(probe.is_dir(dir / "bundle.pem"));
  CHECK(probe.has_hashed_certs(dir / "hashed"));
  CHECK_FALSE(probe.has_hashed_certs(dir / "plain"));
  CHECK_FALSE(probe.has_hashed_certs(dir / "missing"));
}

// The first certificate of the system's bundle, as PEM (install-deps.sh installs the bundle).
std::string one_certificate() {
  std::ifstream in(k_debian);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string end = "-----END CERTIFICATE-----\n";
  const std::size_t begin = text.find("-----BEGIN CERTIFICATE-----");
  REQUIRE(begin != std::string::npos);
  return text.substr(begin, text.find(end, begin) + end.size() - begin);
}

TEST_CASE("ca_bundle: tls.ca_file must be a PEM bundle OpenSSL reads, with a certificate in it", "[ca_bundle]") {
  const jobwait::test::TempDir dir;
  const std::string cert = one_certificate();
  std::ofstream(dir / "one.pem") << cert;
  std::ofstream(dir / "two.pem") << cert << "\n" << cert;
  std::ofstream(dir / "empty.pem") << "";
  std::ofstream(dir / "garbage.pem") << "this is not a certificate\n";
  std::ofstream(dir / "cut.pem") << cert.substr(0, cert.size() / 2);
  std::ofstream(dir / "good-then-broken.pem") << cert << "-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n";
  std::filesystem::create_directories(dir / "certs");

  CHECK_FALSE(ca_file_problem(dir / "one.pem"));
  CHECK_FALSE(ca_file_problem(dir / "two.pem"));
  CHECK_FALSE(ca_file_problem(k_debian));
  CHECK(ca_file_problem(dir / "missing.pem") == "no such file");
  CHECK_THAT(ca_file_problem(dir / "certs").value_or(""), Catch::StartsWith("a directory, not a file") &&
                                                             Catch::Contains("SSL_CERT_DIR"));
  CHECK_THAT(ca_file_problem(dir / "empty.pem").value_or(""), Catch::StartsWith("empty"));
  CHECK_THAT(ca_file_problem(dir / "garbage.pem").value_or(""), Catch::StartsWith("no certificate in it"));
  // A broken block fails the whole bundle in libcurl (OpenSSL stops there), so here too.
  CHECK_THAT(ca_file_problem(dir / "cut.pem").value_or(""), Catch::StartsWith("not a PEM bundle OpenSSL can read"));
  CHECK_THAT(ca_file_problem(dir / "good-then-broken.pem").value_or(""),
             Catch::StartsWith("not a PEM bundle OpenSSL can read"));
  CHECK(ca_file_problem("/dev/null") == "not a regular file");
}

TEST_CASE("ca_bundle: with no trust store the curl client refuses https unsent, and insecure needs none", "[ca_bundle]") {
  ClientOptions none;  // no bundle, as when none is found
  none.ca.problem = "no CA certificates to verify https:// servers with: none found (tried ...)";
  Request request;
  request.url = "https://127.0.0.1:9/api";
  request.timeout = std::chrono::milliseconds(2000);
  const auto answer = make_curl_client(none)->send(request);
  REQUIRE_FALSE(answer);
  CHECK(answer.error().kind == TransportErrorKind::tls);
  CHECK(answer.error().message == none.ca.problem);

  // Plain http:// and tls.insecure are sent: port 9 refuses the connection.
  request.url = "http://127.0.0.1:9/api";
  const auto plain = make_curl_client(none)->send(request);
  REQUIRE_FALSE(plain);
  CHECK(plain.error().kind == TransportErrorKind::connect);
  request.url = "https://127.0.0.1:9/api";
  const ClientOptions insecure = client_options("", true);
  CHECK_FALSE(insecure.ca.bundle);
  const auto unchecked = make_curl_client(insecure)->send(request);
  REQUIRE_FALSE(unchecked);
  CHECK(unchecked.error().kind == TransportErrorKind::connect);
}
