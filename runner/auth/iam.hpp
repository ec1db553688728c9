// The two IAM calls jobwait makes (job-states.md, "Credentials"): a password login for a
// token, and a project id looked up by region name. Requests are built and answers read here;
// sending is the caller's.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "http/http_client.hpp"
#include "model/error.hpp"
#include "model/step_config.hpp"

namespace jobwait::auth {

// The IAM base URL without a trailing '/': auth.iam_endpoint when set, else
// https://iam.{region}.{domain} by the same host rules as the job APIs (endpoint.hpp).
std::string iam_url(const config::StepConfig& step);

struct TokenScope {
  std::string project_id;    // scope by id when known...
  std::string project_name;  // ...else by name (the region's default project)
};

// POST /v3/auth/tokens with the password method, scoped to the project.
http::Request token_request(std::string_view iam_url, std::string_view user, std::string_view password,
                            std::string_view domain, const TokenScope& scope);

struct IssuedToken {
  std::string token;  // X-Subject-Token
  std::chrono::system_clock::time_point expires_at;
};

// Reads a 201 answer: the token from X-Subject-Token and token.expires_at from the body (24 h
// after `now` when the body does not say). The error is one line, never the token.
tl::expected<IssuedToken, std::string> read_token_reply(const http::Response& response,
                                                        std::chrono::system_clock::time_point now);

// GET /v3/projects?name={region}.
http::Request projects_request(std::string_view iam_url, std::string_view region);

// The one project in a 2xx answer to projects_request. Zero or several matches, or a body
// without `projects`, is a config error naming the region and what was found.
tl::expected<std::string, Error> read_project_id(const http::Response& response, std::string_view region);

}  // namespace jobwait::auth
