#include "auth/credentials.hpp"

#include <array>
#include <optional>
#include <span>

namespace jobwait::auth {

namespace {

using config::ConfigError;

// One set of environment variables that together make credentials. `first` is the variable
// whose presence selects the set; the others must then be there too, except `optional`.
struct EnvSet {
  Method method;
  std::string_view first;      // token, access key or user name
  std::string_view second;     // secret key or password; empty for a token
  std::string_view third;      // password: the domain (required)
  std::string_view optional;   // AK/SK: the security token
};

// The documented order (credentials.hpp, README "Credentials"): first present set wins.
constexpr std::array k_env_sets{
    EnvSet{Method::token, "HW_AUTH_TOKEN", "", "", ""},
    EnvSet{Method::access_key, "HW_ACCESS_KEY", "HW_SECRET_KEY", "", "HW_SECURITY_TOKEN"},
    EnvSet{Method::access_key, "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "", "HUAWEICLOUD_SDK_SECURITY_TOKEN"},
    EnvSet{Method::access_key, "OS_ACCESS_KEY", "OS_SECRET_KEY", "", "OS_SECURITY_TOKEN"},
    EnvSet{Method::password, "HW_USER_NAME", "HW_USER_PASSWORD", "HW_DOMAIN_NAME", ""},
    EnvSet{Method::password, "OS_USERNAME", "OS_PASSWORD", "OS_DOMAIN_NAME", ""},
};

constexpr std::string_view k_region_vars[] = {"HW_REGION_NAME", "OS_REGION_NAME"};
constexpr std::string_view k_project_vars[] = {"HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"};
constexpr std::string_view k_iam_vars[] = {"HUAWEICLOUD_SDK_IAM_ENDPOINT", "OS_AUTH_URL"};

std::string from_env(std::string_view variable) { return std::string(variable) + " (environment)"; }
std::string from_file(std::string_view key) { return std::string(key) + " (step file)"; }

std::optional<std::string> lookup(const config::EnvLookup& env, std::string_view name) {
  if (!env || name.empty()) return std::nullopt;
  std::optional<std::string> value = env(std::string(name));
  if (value && value->empty()) return std::nullopt;  // set but empty counts as unset, like ${VAR:-}
  return value;
}

ConfigError error_at(const config::StepConfig& step, std::string key, std::string message) {
  ConfigError error;
  error.file = step.file;
  error.key = std::move(key);
  error.message = std::move(message);
  error.result_path = step.output.result;
  return error;
}

bool any_set(std::initializer_list<const std::string*> values) {
  for (const std::string* value : values) {
    if (!value->empty()) return true;
  }
  return false;
}

// Values that go into a URL or a header must not carry what could split them.
bool has_control(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') return true;
  }
  return false;
}

tl::expected<ResolvedCredentials, ConfigError> from_step_file(const config::StepConfig& step) {
  const config::AuthConfig& auth = step.auth;
  const bool token = !auth.token.empty();
  const bool access_key = any_set({&auth.access_key, &auth.secret_key});
  const bool password = any_set({&auth.user, &auth.password});
  if (int(token) + int(access_key) + int(password) > 1) {
    return tl::unexpected(error_at(step, "auth",
                                   "set one way to authenticate: auth.token, auth.access_key + auth.secret_key, "
                                   "or auth.user + auth.password + auth.domain"));
  }
  if (!auth.security_token.empty() && !access_key) {
    return tl::unexpected(
        error_at(step, "auth.security_token", "goes with auth.access_key and auth.secret_key (temporary AK/SK)"));
  }
  ResolvedCredentials out;
  if (token) {
    out.method = Method::token;
    out.sources.push_back({"token", from_file("auth.token")});
  } else if (access_key) {
    for (const auto& [value, key] : {std::pair{&auth.access_key, "auth.access_key"}, {&auth.secret_key, "auth.secret_key"}}) {
      if (value->empty()) return tl::unexpected(error_at(step, key, "missing: AK/SK signing needs both keys"));
    }
    out.method = Method::access_key;
    out.sources.push_back({"access key", from_file("auth.access_key")});
    out.sources.push_back({"secret key", from_file("auth.secret_key")});
    if (!auth.security_token.empty()) out.sources.push_back({"security token", from_file("auth.security_token")});
  } else if (password) {
    for (const auto& [value, key] :
         {std::pair{&auth.user, "auth.user"}, {&auth.password, "auth.password"}, {&auth.domain, "auth.domain"}}) {
      if (value->empty()) {
        return tl::unexpected(error_at(step, key, "missing: a password login needs auth.user, auth.password and "
                                                  "auth.domain (the account name)"));
      }
    }
    out.method = Method::password;
    out.sources.push_back({"user", from_file("auth.user")});
    out.sources.push_back({"password", from_file("auth.password")});
    out.sources.push_back({"domain", from_file("auth.domain")});
  }
  return out;
}

tl::expected<ResolvedCredentials, ConfigError> from_environment(config::StepConfig& step, const config::EnvLookup& env) {
  ResolvedCredentials out;
  for (const EnvSet& set : k_env_sets) {
    const std::optional<std::string> first = lookup(env, set.first);
    if (!first) continue;
    for (std::string_view needed : {set.second, set.third}) {
      if (!needed.empty() && !lookup(env, needed)) {
        return tl::unexpected(error_at(step, "auth",
                                       std::string(set.first) + " is set in the environment but " +
                                           std::string(needed) + " is not (or is empty)"));
      }
    }
    config::AuthConfig& auth = step.auth;
    out.method = set.method;
    switch (set.method) {
      case Method::token:
        auth.token = *first;
        out.sources.push_back({"token", from_env(set.first)});
        break;
      case Method::access_key:
        auth.access_key = *first;
        auth.secret_key = *lookup(env, set.second);
        out.sources.push_back({"access key", from_env(set.first)});
        out.sources.push_back({"secret key", from_env(set.second)});
        if (auto token = lookup(env, set.optional)) {
          auth.security_token = *token;
          out.sources.push_back({"security token", from_env(set.optional)});
        }
        break;
      case Method::password:
        auth.user = *first;
        auth.password = *lookup(env, set.second);
        auth.domain = *lookup(env, set.third);
        out.sources.push_back({"user", from_env(set.first)});
        out.sources.push_back({"password", from_env(set.second)});
        out.sources.push_back({"domain", from_env(set.third)});
        break;
      case Method::none:
        break;
    }
    return out;
  }
  return out;
}

// Fills `value` from the first variable that is set, and says where the value came from.
void fill(std::string& value, std::span<const std::string_view> variables, const config::EnvLookup& env,
          std::string_view what, std::string_view key, std::vector<Source>& sources) {
  if (!value.empty()) {
    sources.push_back({std::string(what), from_file(key)});
    return;
  }
  for (std::string_view variable : variables) {
    if (auto found = lookup(env, variable)) {
      value = *found;
      sources.push_back({std::string(what), from_env(variable)});
      return;
    }
  }
}

// OS_AUTH_URL is Keystone's: https://iam.eu-de.otc.t-systems.com/v3. Our calls add /v3/...
std::string without_v3(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.ends_with("/v3")) url.resize(url.size() - 3);
  return url;
}

}  // namespace

Method method_of(const config::AuthConfig& auth) {
  if (!auth.token.empty()) return Method::token;
  if (!auth.access_key.empty()) return Method::access_key;
  if (!auth.user.empty()) return Method::password;
  return Method::none;
}

tl::expected<ResolvedCredentials, ConfigError> resolve_credentials(config::StepConfig& step, const config::EnvLookup& env) {
  auto found = from_step_file(step);
  if (!found) return found;
  if (found->method == Method::none) {
    found = from_environment(step, env);
    if (!found) return found;
  }
  fill(step.job.region, k_region_vars, env, "region", "job.region", found->sources);
  fill(step.job.project_id, k_project_vars, env, "project", "job.project_id", found->sources);
  const bool iam_from_env = step.auth.iam_endpoint.empty();
  fill(step.auth.iam_endpoint, k_iam_vars, env, "IAM endpoint", "auth.iam_endpoint", found->sources);
  if (iam_from_env) step.auth.iam_endpoint = without_v3(step.auth.iam_endpoint);

  // Environment values skip the loader's checks; a newline in a header value would split it.
  for (const auto& [value, key] : {std::pair{&step.auth.token, "auth.token"}, {&step.auth.access_key, "auth.access_key"},
                                   {&step.auth.secret_key, "auth.secret_key"}, {&step.auth.security_token, "auth.security_token"},
                                   {&step.auth.user, "auth.user"}, {&step.auth.password, "auth.password"},
                                   {&step.auth.domain, "auth.domain"}, {&step.job.region, "job.region"},
                                   {&step.job.project_id, "job.project_id"}}) {
    if (has_control(*value)) return tl::unexpected(error_at(step, key, "holds a control character"));
  }
  return found;
}

}  // namespace jobwait::auth
