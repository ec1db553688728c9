#include "http/certificate_error.hpp"

#include <openssl/x509_vfy.h>

namespace jobwait::http {

namespace {

// "(libcurl's words; checked against /etc/ssl/certs/ca-certificates.crt (system))".
std::string context(std::string_view detail, const CaTrust* trust, std::string_view trust_is = "checked against ") {
  std::string text = "(" + std::string(detail);
  if (trust != nullptr && trust->bundle) {
    text += std::string(detail.empty() ? "" : "; ") + std::string(trust_is) + describe(*trust, false);
  }
  return text + ")";
}

bool unknown_issuer(long code) {
  switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return true;
    default:
      return false;
  }
}

constexpr std::string_view k_add_ca =
    "if the server is the one meant, set tls.ca_file in the step file, or SSL_CERT_FILE, to a PEM bundle holding the "
    "CA that signed its certificate";

}  // namespace

std::string certificate_failure(long verify_result, std::string_view detail, const CaTrust* trust) {
  const std::string why = context(detail, trust);
  if (unknown_issuer(verify_result)) {
    return "the server's certificate is not signed by a CA this machine trusts " + why + ": " + std::string(k_add_ca);
  }
  if (verify_result == X509_V_ERR_CERT_HAS_EXPIRED) {
    return "the server's certificate has expired " + why +
           ": it must be renewed on the server; no CA bundle (tls.ca_file, SSL_CERT_FILE) makes it valid";
  }
  if (verify_result == X509_V_ERR_CERT_NOT_YET_VALID) {
    return "the server's certificate is not valid yet " + why +
           ": check this machine's clock, or the server's certificate; no CA bundle (tls.ca_file, SSL_CERT_FILE) "
           "changes its dates";
  }
  // libcurl checks the host name itself, after a chain OpenSSL found good, and then reports
  // X509_V_OK or (7.88) X509_V_ERR_UNSPECIFIED: only its own words tell that case apart.
  const bool host_name = detail.find("host name") != std::string_view::npos;
  if (verify_result == X509_V_OK || verify_result == X509_V_ERR_HOSTNAME_MISMATCH ||
      verify_result == X509_V_ERR_IP_ADDRESS_MISMATCH || (verify_result == X509_V_ERR_UNSPECIFIED && host_name)) {
    return "the server's certificate is not issued for the host in the URL " + why +
           ": set job.endpoint to a name the certificate holds, or fix the server's certificate; a CA bundle "
           "(tls.ca_file, SSL_CERT_FILE) chooses which CAs are trusted, not which names";
  }
  return "the server's certificate failed verification: " + std::string(X509_verify_cert_error_string(verify_result)) +
         " " + why + ": " + std::string(k_add_ca);
}

std::string trust_store_failure(std::string_view detail, const CaTrust* trust) {
  return "the CA certificates to check the server with could not be loaded " + context(detail, trust, "from ") +
         ": point tls.ca_file in the step file, or SSL_CERT_FILE, at a PEM bundle of the CAs to trust";
}

}  // namespace jobwait::http
