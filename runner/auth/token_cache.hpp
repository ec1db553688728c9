// IAM tokens kept on disk between runs, so a pipeline of twenty waits logs in once. One file
// per (IAM endpoint, domain, user, project), readable by its owner only (0600, in a 0700
// directory); a file anyone else could read or write is ignored and replaced.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace jobwait::auth {

struct TokenKey {
  std::string iam_url;
  std::string domain;
  std::string user;
  std::string project;  // "id:<project id>" or "name:<region>": the token's scope
};

struct CachedToken {
  std::string token;
  std::chrono::system_clock::time_point expires_at;
};

class TokenCache {
 public:
  explicit TokenCache(std::string directory) : m_directory(std::move(directory)) {}

  // The stored token for `key` if there is one that stays valid for at least `margin` after
  // `now`; nullopt when there is none, it is too close to expiry, unreadable or not private.
  std::optional<CachedToken> load(const TokenKey& key, std::chrono::system_clock::time_point now,
                                  std::chrono::seconds margin) const;

  // Stores the token atomically (temporary file, fsync, rename), creating the directory 0700.
  tl::expected<void, std::string> store(const TokenKey& key, const CachedToken& token) const;

  // The file that holds `key`'s token: a hash of the key, so names reveal nothing.
  std::string path_for(const TokenKey& key) const;

 private:
  std::string m_directory;
};

}  // namespace jobwait::auth
