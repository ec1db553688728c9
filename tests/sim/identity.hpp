// Who the scenario lets in, besides the static `token`: access keys for AK/SK signing, IAM
// users who log in for tokens, the projects IAM lists, and how wrong the sim's clock is.
// scenario.cpp reads them; auth.cpp and iam.cpp act on them.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace jobwait::sim {

struct AccessKeySpec {
  std::string ak;
  std::string sk;
  std::string security_token;  // temporary credentials: X-Security-Token must match, signed
};

struct UserSpec {
  std::string name;
  std::string password;
  std::string domain;  // the account name
  std::chrono::milliseconds token_ttl = std::chrono::hours(24);
};

struct ProjectSpec {
  std::string id;
  std::string name;  // a region name, e.g. "ap-southeast-1"
};

struct IdentitySpec {
  std::vector<AccessKeySpec> access_keys;
  std::vector<UserSpec> users;
  std::vector<ProjectSpec> projects;
  // The sim's clock runs this far ahead of the real one (negative: behind); a signature dated
  // more than 15 minutes off it is refused with APIGW.0303, as the gateway does.
  std::chrono::milliseconds clock_skew{0};
};

}  // namespace jobwait::sim
