#include "iam.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "replies.hpp"
#include "timefmt.hpp"

namespace jobwait::sim {

namespace {

namespace json = boost::json;

// IAM's own error shape, {"error": {"code", "message", "title"}}, with a numeric code.
Reply iam_error(int status, std::string_view message, std::string_view title) {
  return json_reply(status, {{"error", {{"code", status}, {"message", message}, {"title", title}}}});
}

const json::value* at(const json::value& value, std::initializer_list<std::string_view> path) {
  const json::value* here = &value;
  for (std::string_view key : path) {
    if (!here->is_object()) return nullptr;
    here = here->as_object().if_contains(key);
    if (here == nullptr) return nullptr;
  }
  return here;
}

std::string text_at(const json::value& value, std::initializer_list<std::string_view> path) {
  const json::value* found = at(value, path);
  return found != nullptr && found->is_string() ? std::string(found->as_string()) : std::string();
}

json::object project_json(const ProjectSpec& project) {
  return {{"id", project.id}, {"name", project.name}, {"enabled", true}, {"domain_id", "sim-domain"},
          {"is_domain", false}, {"parent_id", "sim-domain"}, {"description", ""}};
}

}  // namespace

std::optional<Reply> Iam::handle(const Request& request, const Target& target) {
  const std::vector<std::string>& path = target.segments;
  if (path == std::vector<std::string>{"v3", "auth", "tokens"}) {
    if (request.method == "POST") return login(request);
    return no_such_api(request);
  }
  if (path == std::vector<std::string>{"v3", "projects"}) {
    if (request.method != "GET") return no_such_api(request);
    if (auto denied = m_auth->check(request)) return *denied;
    return projects(request, target);
  }
  return std::nullopt;
}

// The password method only; the scope names a project by id or by name.
Reply Iam::login(const Request& request) {
  boost::system::error_code error;
  const json::value body = json::parse(request.body, error);
  const json::value* methods = error ? nullptr : at(body, {"auth", "identity", "methods"});
  if (methods == nullptr || !methods->is_array() ||
      std::find(methods->as_array().begin(), methods->as_array().end(), json::value("password")) ==
          methods->as_array().end()) {
    return iam_error(400, "The request body is not a password authentication request.", "Bad Request");
  }
  const std::string name = text_at(body, {"auth", "identity", "password", "user", "name"});
  const std::string password = text_at(body, {"auth", "identity", "password", "user", "password"});
  const std::string domain = text_at(body, {"auth", "identity", "password", "user", "domain", "name"});
  const auto& users = m_identity->users;
  const auto user = std::find_if(users.begin(), users.end(), [&](const UserSpec& spec) {
    return spec.name == name && spec.domain == domain && spec.password == password;
  });
  // IAM does not say which of the three was wrong.
  if (user == users.end()) return iam_error(401, "The username or password is wrong.", "Unauthorized");

  const std::string project_id = text_at(body, {"auth", "scope", "project", "id"});
  const std::string project_name = text_at(body, {"auth", "scope", "project", "name"});
  ProjectSpec scope{project_id, project_name};
  if (!m_identity->projects.empty()) {
    const auto& projects = m_identity->projects;
    const auto found = std::find_if(projects.begin(), projects.end(), [&](const ProjectSpec& project) {
      return project_id.empty() ? project.name == project_name : project.id == project_id;
    });
    if (found == projects.end()) return iam_error(401, "The project in the scope does not exist.", "Unauthorized");
    scope = *found;
  }

  const auto issued = m_auth->now();
  const auto expires = issued + user->token_ttl;
  Reply reply = json_reply(201, {{"token",
                                  {{"methods", json::array{"password"}},
                                   {"issued_at", cae_time(issued)},
                                   {"expires_at", cae_time(expires)},
                                   {"project", {{"id", scope.id}, {"name", scope.name}}},
                                   {"user", {{"name", user->name}, {"domain", {{"name", user->domain}}}}}}}});
  reply.headers.emplace_back("X-Subject-Token", m_auth->issue_token(expires));
  return reply;
}

Reply Iam::projects(const Request&, const Target& target) const {
  const auto name = target.query.find("name");
  json::array found;
  for (const ProjectSpec& project : m_identity->projects) {
    if (name == target.query.end() || project.name == name->second) found.push_back(project_json(project));
  }
  return json_reply(200, {{"projects", std::move(found)}, {"links", {{"self", "/v3/projects"}, {"next", nullptr}}}});
}

}  // namespace jobwait::sim
