#include "auth/resolve.hpp"

#include "auth/iam.hpp"
#include "auth/token_cache.hpp"
#include "http/ca_bundle.hpp"
#include "jobs/registry.hpp"
#include "providers/endpoint.hpp"
#include "util/columns.hpp"

namespace jobwait::auth {

namespace {

using config::ConfigError;

constexpr std::string_view k_v11 = "V11-HMAC-SHA256";

ConfigError error_at(const config::StepConfig& step, std::string key, std::string message) {
  ConfigError error = ConfigError::at(step.file, std::move(key), std::move(message));
  error.result_path = step.output.result;
  return error;
}

// The exec provider runs a command instead of calling an API: no host, no credentials.
bool calls_an_api(const config::StepConfig& step) {
  const providers::ProviderEntry* entry = providers::find_entry(step.job.provider);
  return entry == nullptr || providers::asks_an_api(*entry);
}

bool is_domain(std::string_view text) {
  return !text.empty() && text.front() != '.' && text.back() != '.' && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

std::string_view method_name(Method method, const config::StepConfig& step) {
  switch (method) {
    case Method::token: return "IAM token (X-Auth-Token)";
    case Method::access_key:
      return step.auth.signing == k_v11 ? "AK/SK request signing (V11-HMAC-SHA256)"
                                        : "AK/SK request signing (SDK-HMAC-SHA256)";
    case Method::password: return "password, exchanged for a token at IAM";
    case Method::none: break;
  }
  return "none";
}

}  // namespace

tl::expected<Resolution, ConfigError> resolve(config::StepConfig& step, const config::EnvLookup& env) {
  Resolution out;
  auto credentials = resolve_credentials(step, env);
  if (!credentials) return tl::unexpected(credentials.error());
  out.credentials = std::move(*credentials);

  if (step.tls.insecure) {
    out.warnings.push_back("tls.insecure = true: server certificates are not checked, so anyone on the network "
                           "path can read the credentials and forge the answers");
  }
  if (!step.tls.ca_file.empty()) {
    // Read now, as libcurl would at the first request: a bundle it cannot use is a step-file
    // error (exit 2, nothing sent), not a TLS failure after a request has gone out.
    if (auto why = http::ca_file_problem(step.tls.ca_file)) {
      return tl::unexpected(error_at(step, "tls.ca_file", "cannot use \"" + step.tls.ca_file + "\": " + *why));
    }
  }
  if (!calls_an_api(step)) return out;

  const Method method = out.credentials.method;
  if (method == Method::none) {
    return tl::unexpected(error_at(
        step, "auth",
        "no credentials: set auth.token, auth.access_key + auth.secret_key, or auth.user + auth.password + "
        "auth.domain, or one of HW_AUTH_TOKEN, HW_ACCESS_KEY + HW_SECRET_KEY, HUAWEICLOUD_SDK_AK + "
        "HUAWEICLOUD_SDK_SK, OS_ACCESS_KEY + OS_SECRET_KEY, HW_USER_NAME + HW_USER_PASSWORD + HW_DOMAIN_NAME "
        "in the environment"));
  }
  if (step.job.endpoint.empty() && step.job.region.empty()) {
    return tl::unexpected(error_at(step, "job.region",
                                   "missing: set job.region or job.endpoint (or HW_REGION_NAME or OS_REGION_NAME "
                                   "in the environment)"));
  }
  if (auto warning = config::unknown_region_warning(step.job)) out.warnings.push_back(std::move(*warning));
  if (!step.job.domain.empty() && !is_domain(step.job.domain)) {
    return tl::unexpected(error_at(step, "job.domain",
                                   "\"" + step.job.domain + "\" is not a host domain (letters, digits, '-' and '.', "
                                   "e.g. example-cloud.com)"));
  }
  if (!step.auth.iam_endpoint.empty()) {
    if (auto checked = config::check_endpoint(step.auth.iam_endpoint); !checked) {
      return tl::unexpected(error_at(step, "auth.iam_endpoint", checked.error()));
    }
  }
  out.project_lookup = step.job.project_id.empty();
  if (out.project_lookup && step.job.region.empty()) {
    return tl::unexpected(error_at(step, "job.project_id",
                                   "missing: set job.project_id, or HW_PROJECT_ID in the environment, or job.region "
                                   "so that the project is looked up at IAM by region name"));
  }
  const bool needs_iam = out.project_lookup || method == Method::password;
  if (needs_iam && step.job.region.empty() && step.auth.iam_endpoint.empty()) {
    return tl::unexpected(error_at(step, "auth.iam_endpoint",
                                   "missing: " + std::string(out.project_lookup ? "looking up the project"
                                                                                : "a password login") +
                                       " needs IAM: set job.region (IAM is derived from it) or auth.iam_endpoint"));
  }
  if (method == Method::password && !step.auth.token_cache.empty()) {
    // Not used rather than refused: the run still works, it only logs in itself.
    if (auto problem = TokenCache(step.auth.token_cache).directory_problem()) {
      out.warnings.push_back("auth.token_cache is not used: " + *problem +
                             "; make it a directory of your own that only you may write to (chmod 700)");
      step.auth.token_cache.clear();
    }
  }
  if (step.auth.signing == k_v11) {
    if (method != Method::access_key) {
      return tl::unexpected(error_at(step, "auth.signing", "V11-HMAC-SHA256 signs with an access key, and these "
                                                           "credentials are not one"));
    }
    if (step.job.region.empty()) {
      return tl::unexpected(error_at(step, "auth.signing", "V11-HMAC-SHA256 needs job.region for its scope"));
    }
  }
  return out;
}

std::string describe_resolution(const Resolution& resolution, const config::StepConfig& step) {
  Rows rows;
  if (calls_an_api(step)) {
    rows.emplace_back("auth method", std::string(method_name(resolution.credentials.method, step)));
  }
  for (const Source& source : resolution.credentials.sources) rows.emplace_back(source.what, "from " + source.from);
  if (resolution.project_lookup) {
    rows.emplace_back("project", "looked up at IAM by region name (" + step.job.region + ") before the first poll");
  }
  if (calls_an_api(step) && (resolution.project_lookup || resolution.credentials.method == Method::password)) {
    rows.emplace_back("IAM URL", iam_url(step));
  }
  if (resolution.credentials.method == Method::password && !step.auth.token_cache.empty()) {
    rows.emplace_back("token cache", step.auth.token_cache);
  }
  std::string out = two_columns(rows);
  for (const std::string& warning : resolution.warnings) out += "warning: " + warning + '\n';
  return out;
}

}  // namespace jobwait::auth
