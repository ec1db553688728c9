// runner/http/certificate_error.cpp: each reason a server certificate fails verification is
// said in words, with the fix for that reason and the trust store it was checked against.
#include <catch2/catch.hpp>

#include <openssl/x509_vfy.h>

#include "http/certificate_error.hpp"

namespace {

using namespace jobwait::http;

CaTrust system_bundle() {
  CaTrust trust;
  trust.bundle = CaBundle{"/etc/ssl/certs/ca-certificates.crt", "", "system"};
  return trust;
}

}  // namespace

TEST_CASE("certificate_error: an unknown CA names the trust store and tls.ca_file / SSL_CERT_FILE", "[certificate_error]") {
  const CaTrust trust = system_bundle();
  for (const long code : {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
                          X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE}) {
    const std::string message = certificate_failure(code, "SSL certificate problem: unable to get local issuer", &trust);
    INFO(message);
    CHECK_THAT(message, Catch::StartsWith("the server's certificate is not signed by a CA this machine trusts"));
    CHECK_THAT(message, Catch::Contains("(SSL certificate problem: unable to get local issuer; checked against "
                                        "/etc/ssl/certs/ca-certificates.crt (system))"));
    CHECK_THAT(message, Catch::Contains("set tls.ca_file in the step file, or SSL_CERT_FILE, to a PEM bundle"));
  }
}

TEST_CASE("certificate_error: expired, not yet valid and another host's name each say their own fix", "[certificate_error]") {
  const CaTrust trust = system_bundle();
  const std::string expired = certificate_failure(X509_V_ERR_CERT_HAS_EXPIRED, "certificate has expired", &trust);
  CHECK_THAT(expired, Catch::StartsWith("the server's certificate has expired"));
  CHECK_THAT(expired, Catch::Contains("renewed on the server") && Catch::Contains("tls.ca_file, SSL_CERT_FILE"));

  const std::string early = certificate_failure(X509_V_ERR_CERT_NOT_YET_VALID, "", nullptr);
  CHECK_THAT(early, Catch::StartsWith("the server's certificate is not valid yet") && Catch::Contains("clock"));

  // libcurl checks the name itself, after OpenSSL found the chain good; 7.88 then reports
  // X509_V_ERR_UNSPECIFIED, with its own words naming the host name.
  for (const long code : {long{X509_V_OK}, long{X509_V_ERR_HOSTNAME_MISMATCH}, long{X509_V_ERR_IP_ADDRESS_MISMATCH},
                          long{X509_V_ERR_UNSPECIFIED}}) {
    const std::string name = certificate_failure(
        code, "SSL: no alternative certificate subject name matches target host name '127.0.0.1'", &trust);
    CHECK_THAT(name, Catch::StartsWith("the server's certificate is not issued for the host in the URL"));
    CHECK_THAT(name, Catch::Contains("job.endpoint") && Catch::Contains("tls.ca_file, SSL_CERT_FILE"));
  }

  CHECK_THAT(certificate_failure(X509_V_ERR_UNSPECIFIED, "something else", nullptr),
             Catch::StartsWith("the server's certificate failed verification: unspecified"));
  const std::string other = certificate_failure(X509_V_ERR_CERT_REVOKED, "revoked", nullptr);
  CHECK_THAT(other, Catch::StartsWith("the server's certificate failed verification: certificate revoked (revoked)"));
  CHECK_THAT(other, Catch::Contains("tls.ca_file") && Catch::Contains("SSL_CERT_FILE"));
}

TEST_CASE("certificate_error: a trust store libcurl cannot load says which and how to fix it", "[certificate_error]") {
  const CaTrust trust = system_bundle();
  const std::string message = trust_store_failure("error setting certificate file", &trust);
  CHECK_THAT(message, Catch::Contains("could not be loaded (error setting certificate file; from "
                                      "/etc/ssl/certs/ca-certificates.crt (system))"));
  CHECK_THAT(message, Catch::Contains("tls.ca_file") && Catch::Contains("SSL_CERT_FILE"));
}
