// Where the trust for https:// comes from. The release binary is static, linked against a
// libcurl built without a CA bundle or path of its own, and runs on any Linux (Debian, RHEL,
// Alpine, an empty chroot): so jobwait always chooses the trust store itself and hands it to
// libcurl (CURLOPT_CAINFO for a file, CURLOPT_CAPATH for a directory), the same way on every
// build. In order:
//   1. tls.ca_file from the step file (resolve.hpp has already checked it: ca_file_problem);
//   2. the environment: SSL_CERT_FILE and SSL_CERT_DIR, OpenSSL's own variables (both are used
//      when both are set, as OpenSSL does); only when neither is set, CURL_CA_BUNDLE, curl's;
//   3. the first of the well-known system bundles that exists (system_ca_files());
//   4. the directory /etc/ssl/certs, when it holds hashed certificates (<hash>.0 links, as
//      update-ca-certificates and c_rehash make them).
// A variable that is set (not empty) but names nothing usable is an error, not skipped: it was
// given to choose the trust, and falling through to the system's would trust something else.
// No trust at all is not a reason to refuse to start: plain http:// needs none. An https://
// request is then refused before it is sent, with `problem` (never sent unverified).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobwait::http {

struct CaBundle {
  std::string file;    // PEM bundle (CURLOPT_CAINFO); empty: none
  std::string dir;     // hashed directory (CURLOPT_CAPATH); empty: none
  std::string source;  // "tls.ca_file", "SSL_CERT_FILE", "SSL_CERT_DIR", "SSL_CERT_FILE and
                       // SSL_CERT_DIR", "CURL_CA_BUNDLE" or "system"
};

struct CaTrust {
  std::optional<CaBundle> bundle;
  // No bundle: why, for `jobwait explain`: "none found (tried ...)", or the variable at fault.
  std::string reason;
  // No bundle: the error an https:// request ends with: the reason and how to fix it.
  std::string problem;
};

// What choose_ca asks of the machine, so that tests can answer instead.
struct CaProbe {
  std::function<std::optional<std::string>(const std::string&)> env;
  std::function<bool(const std::string&)> is_file;          // a readable regular file
  std::function<bool(const std::string&)> is_dir;           // a directory
  std::function<bool(const std::string&)> has_hashed_certs; // a directory holding <8 hex>.<n>
};

// The well-known bundles, in the order they are tried: Debian, Ubuntu and Alpine with
// ca-certificates; RHEL, Fedora; openSUSE; RHEL's extracted trust; Alpine (and BSD-likes).
const std::vector<std::string>& system_ca_files();
// The last resort: a directory of hashed certificates.
inline constexpr std::string_view k_system_ca_dir = "/etc/ssl/certs";

// Why `path` cannot be tls.ca_file, a PEM bundle of the CAs to trust: "no such file", "a
// directory, not a file (...)", "not readable", "empty", "no certificate OpenSSL can read in
// it (...)"; nullopt when it is one. Read as libcurl's OpenSSL will read it (every PEM block,
// at least one certificate), so that a bundle libcurl would refuse at the first request is
// refused before anything is sent.
std::optional<std::string> ca_file_problem(const std::string& path);

// The trust store for `ca_file` (tls.ca_file; empty: not set), by the order above.
CaTrust choose_ca(const std::string& ca_file, const CaProbe& probe);

// The process environment and the real file system.
CaProbe system_probe();

// For `jobwait explain`: "/etc/ssl/certs/ca-certificates.crt (system)", "none found (tried
// ...)"; with `insecure`, that nothing is checked.
std::string describe(const CaTrust& trust, bool insecure);

// Whether a request to `url` needs a trust store: https://, in any letter case.
bool needs_ca(std::string_view url);

}  // namespace jobwait::http
