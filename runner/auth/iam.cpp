#include "auth/iam.hpp"

#include <boost/json.hpp>

#include "http/url.hpp"
#include "providers/endpoint.hpp"
#include "util/utc_time.hpp"

namespace jobwait::auth {

namespace {

constexpr std::chrono::hours k_token_lifetime{24};  // what IAM issues when the body is silent

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Error project_error(std::string message, const http::Response& response) {
  Error error{ErrorKind::config, std::move(message), {}, response.header("X-Request-Id"), 0};
  error.http_status = response.status;
  return error;
}

}  // namespace

std::string iam_url(const config::StepConfig& step) {
  if (!step.auth.iam_endpoint.empty()) return without_trailing_slash(step.auth.iam_endpoint);
  return config::region_url(step.job, "iam");
}

http::Request token_request(std::string_view iam_url, std::string_view user, std::string_view password,
                            std::string_view domain, const TokenScope& scope) {
  namespace json = boost::json;
  const json::object project = scope.project_id.empty() ? json::object{{"name", scope.project_name}}
                                                        : json::object{{"id", scope.project_id}};
  const json::object body{
      {"auth",
       {{"identity",
         {{"methods", json::array{"password"}},
          {"password", {{"user", {{"name", user}, {"password", password}, {"domain", {{"name", domain}}}}}}}}},
        {"scope", {{"project", project}}}}}};
  http::Request request;
  request.method = "POST";
  request.url = std::string(iam_url) + "/v3/auth/tokens";
  request.headers = {{"Content-Type", "application/json;charset=utf8"}, {"Accept", "application/json"}};
  request.body = json::serialize(body);
  return request;
}

tl::expected<IssuedToken, std::string> read_token_reply(const http::Response& response,
                                                        std::chrono::system_clock::time_point now) {
  IssuedToken issued;
  issued.token = response.header("X-Subject-Token");
  if (issued.token.empty()) {
    return tl::unexpected("IAM answered HTTP " + std::to_string(response.status) + " without an X-Subject-Token");
  }
  issued.expires_at = now + k_token_lifetime;
  boost::system::error_code error;
  const boost::json::value body = boost::json::parse(response.body, error);
  if (!error && body.is_object()) {
    const auto* token = body.as_object().if_contains("token");
    const auto* expires = token != nullptr && token->is_object() ? token->as_object().if_contains("expires_at") : nullptr;
    if (expires != nullptr && expires->is_string()) {
      if (auto at = parse_utc(expires->as_string())) issued.expires_at = *at;
    }
  }
  return issued;
}

http::Request projects_request(std::string_view iam_url, std::string_view region) {
  http::Request request;
  request.url = std::string(iam_url) + "/v3/projects?" + http::build_query({{"name", std::string(region)}});
  request.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
  return request;
}

tl::expected<std::string, Error> read_project_id(const http::Response& response, std::string_view region) {
  boost::system::error_code error;
  const boost::json::value body = boost::json::parse(response.body, error);
  const boost::json::value* projects =
      !error && body.is_object() ? body.as_object().if_contains("projects") : nullptr;
  if (projects == nullptr || !projects->is_array()) {
    return tl::unexpected(project_error("IAM's project list has no \"projects\" array", response));
  }
  std::vector<std::string> ids;
  for (const boost::json::value& project : projects->as_array()) {
    const auto* id = project.is_object() ? project.as_object().if_contains("id") : nullptr;
    if (id != nullptr && id->is_string() && !id->as_string().empty()) ids.emplace_back(id->as_string());
  }
  const std::string named = "region \"" + std::string(region) + "\"";
  if (ids.empty()) {
    return tl::unexpected(project_error(
        "IAM has no project named after " + named + " (check job.region, or set job.project_id)", response));
  }
  if (ids.size() > 1) {
    std::string list;
    for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
    return tl::unexpected(project_error("IAM has " + std::to_string(ids.size()) + " projects named after " + named +
                                            " (" + list + "): set job.project_id to the one the job is in",
                                        response));
  }
  return ids.front();
}

}  // namespace jobwait::auth
