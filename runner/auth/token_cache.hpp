// IAM tokens kept on disk between runs, so a pipeline of twenty waits logs in once. One file
// per (IAM endpoint, domain, user, project), readable by its owner only (0600, in a 0700
// directory); a file anyone else could read or write is ignored and replaced, and a directory
// that is not its user's own and private to write is not used at all: whoever can write there
// can plant a token (this run then works as someone else) or swap one file for another.
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

  // Why the directory must not be used, when it exists and is not a directory of this user's
  // that no one else may write to (say, /tmp, or another user's); nullopt when it is fine or
  // does not exist yet (store() creates it private).
  std::optional<std::string> directory_problem() const;

  // The stored token for `key` if there is one that stays valid for at least `margin` after
  // `now`; nullopt when there is none, it is too close to expiry, unreadable or not private,
  // or the directory has a problem.
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
