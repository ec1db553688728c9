#include "http/ca_bundle.hpp"

#include "util/text.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace jobwait::http {

namespace {

constexpr std::string_view k_problem = "no CA certificates to verify https:// servers with: ";

// A set variable's value; an empty one counts as unset, as OpenSSL and curl treat it.
std::optional<std::string> variable(const CaProbe& probe, const std::string& name) {
  if (!probe.env) return std::nullopt;
  std::optional<std::string> value = probe.env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::vector<std::string> split_dirs(const std::string& list) {  // OpenSSL's ':'-separated list
  std::vector<std::string> dirs;
  std::size_t from = 0;
  while (from <= list.size()) {
    const std::size_t colon = std::min(list.find(':', from), list.size());
    if (colon > from) dirs.push_back(list.substr(from, colon - from));
    from = colon + 1;
  }
  return dirs;
}

CaTrust unusable(std::string reason, std::string fix) {
  CaTrust trust;
  trust.problem = std::string(k_problem) + reason + "; " + fix;
  trust.reason = std::move(reason);
  return trust;
}

// A variable that is set but names nothing usable: what it is, and what it should name.
CaTrust bad_variable(const std::string& name, const std::string& value, std::string_view is_not,
                     std::string_view should_be) {
  return unusable(name + "=" + value + " " + std::string(is_not) + " (a variable that is set is never skipped)",
                  "point " + name + " at " + std::string(should_be) +
                      ", or unset it to use the system's certificates (tls.ca_file in the step file overrides it)");
}

constexpr std::string_view k_pem_file = "a PEM file of the CAs to trust";

CaTrust chosen(std::string file, std::string dir, std::string source) {
  CaTrust trust;
  trust.bundle = CaBundle{std::move(file), std::move(dir), std::move(source)};
  return trust;
}

std::optional<CaTrust> from_environment(const CaProbe& probe) {
  const std::optional<std::string> file = variable(probe, "SSL_CERT_FILE");
  const std::optional<std::string> dir = variable(probe, "SSL_CERT_DIR");
  if (file && !probe.is_file(*file)) return bad_variable("SSL_CERT_FILE", *file, "is not a readable file", k_pem_file);
  if (dir) {
    const std::vector<std::string> dirs = split_dirs(*dir);
    for (const std::string& one : dirs) {
      if (!probe.is_dir(one)) {
        return bad_variable("SSL_CERT_DIR", *dir, dirs.size() == 1 ? "is not a directory" : "holds " + one + ", which is not a directory",
                            "directories of hashed certificates");
      }
    }
    if (dirs.empty()) return bad_variable("SSL_CERT_DIR", *dir, "names no directory", "directories of hashed certificates");
  }
  if (file && dir) return chosen(*file, *dir, "SSL_CERT_FILE and SSL_CERT_DIR");
  if (file) return chosen(*file, "", "SSL_CERT_FILE");
  if (dir) return chosen("", *dir, "SSL_CERT_DIR");
  if (const std::optional<std::string> bundle = variable(probe, "CURL_CA_BUNDLE")) {
    if (!probe.is_file(*bundle)) return bad_variable("CURL_CA_BUNDLE", *bundle, "is not a readable file", k_pem_file);
    return chosen(*bundle, "", "CURL_CA_BUNDLE");
  }
  return std::nullopt;
}

bool is_hashed_name(const std::string& name) {  // 3513523f.0: a subject hash and a counter
  if (name.size() < 10 || name[8] != '.') return false;
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  return std::all_of(name.begin(), name.begin() + 8, hex) && std::all_of(name.begin() + 9, name.end(), digit);
}

}  // namespace

const std::vector<std::string>& system_ca_files() {
  static const std::vector<std::string> files{
      "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Alpine (ca-certificates)
      "/etc/pki/tls/certs/ca-bundle.crt",                   // RHEL, Fedora, CentOS
      "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL's update-ca-trust output
      "/etc/ssl/cert.pem",                                  // Alpine, and BSD-like systems
  };
  return files;
}

std::optional<std::string> ca_file_problem(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return errno == EACCES ? "not readable" : "no such file";
  if (S_ISDIR(info.st_mode)) {
    return "a directory, not a file (tls.ca_file names a PEM bundle; for a directory of hashed certificates set "
           "SSL_CERT_DIR)";
  }
  if (!S_ISREG(info.st_mode)) return "not a regular file";
  if (::access(path.c_str(), R_OK) != 0) return "not readable";
  if (info.st_size == 0) return "empty (a PEM bundle holds \"-----BEGIN CERTIFICATE-----\" blocks)";

  // The reading OpenSSL does for CURLOPT_CAINFO (X509_load_cert_crl_file): every PEM block
  // in turn, so one broken block fails the whole bundle there, and here too.
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (!bio) return "not readable";
  ERR_clear_error();
  STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
  const unsigned long failure = ERR_peek_last_error();
  ERR_clear_error();
  if (infos == nullptr) {
    const char* reason = failure != 0 ? ERR_reason_error_string(failure) : nullptr;
    return std::string("not a PEM bundle OpenSSL can read") + (reason != nullptr ? " (" + std::string(reason) + ")" : "");
  }
  int certificates = 0;
  for (int i = 0; i < sk_X509_INFO_num(infos); ++i) {
    if (sk_X509_INFO_value(infos, i)->x509 != nullptr) ++certificates;
  }
  sk_X509_INFO_pop_free(infos, X509_INFO_free);
  if (certificates == 0) return "no certificate in it (a PEM bundle holds \"-----BEGIN CERTIFICATE-----\" blocks)";
  return std::nullopt;
}

CaTrust choose_ca(const std::string& ca_file, const CaProbe& probe) {
  if (!ca_file.empty()) {
    if (!probe.is_file(ca_file)) {
      return unusable("tls.ca_file \"" + ca_file + "\" is not a readable file", "point tls.ca_file at a PEM file");
    }
    return chosen(ca_file, "", "tls.ca_file");
  }
  if (std::optional<CaTrust> trust = from_environment(probe)) return *std::move(trust);
  for (const std::string& file : system_ca_files()) {
    if (probe.is_file(file)) return chosen(file, "", "system");
  }
  const std::string dir(k_system_ca_dir);
  if (probe.has_hashed_certs(dir)) return chosen("", dir, "system");

  std::string files;
  for (const std::string& file : system_ca_files()) files += (files.empty() ? "" : ", ") + file;
  return unusable("none found (tried tls.ca_file, SSL_CERT_FILE, SSL_CERT_DIR and CURL_CA_BUNDLE: not set; " + files +
                      ": no such file; " + dir + ": no hashed certificates)",
                  "set tls.ca_file in the step file or SSL_CERT_FILE in the environment to a PEM file of the CAs "
                  "to trust, or install the system's CA certificates (the ca-certificates package)");
}

CaProbe system_probe() {
  CaProbe probe;
  probe.env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
  };
  probe.is_file = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), R_OK) == 0;
  };
  probe.is_dir = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  };
  probe.has_hashed_certs = [](const std::string& path) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      if (is_hashed_name(it->path().filename().string())) return true;
    }
    return false;
  };
  return probe;
}

std::string describe(const CaTrust& trust, bool insecure) {
  if (insecure) return "none: certificates are not checked (tls.insecure = true)";
  if (!trust.bundle) return trust.reason;
  const CaBundle& bundle = *trust.bundle;
  std::string where = bundle.file;
  if (!bundle.dir.empty()) where += (where.empty() ? "" : " and ") + std::string("directory ") + bundle.dir;
  return where + " (" + bundle.source + ")";
}

bool needs_ca(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  return url.size() >= scheme.size() && iequals(url.substr(0, scheme.size()), scheme);
}

}  // namespace jobwait::http
