#include "auth/token_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <boost/json.hpp>

#include "auth/crypto.hpp"
#include "util/utc_time.hpp"

namespace jobwait::auth {

namespace {

constexpr std::size_t k_max_file_bytes = 64 * 1024;  // a token is a few KB at most

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  explicit operator bool() const { return m_fd >= 0; }

 private:
  int m_fd;
};

// Only our own, private, regular file is trusted: anything else may have been planted.
bool is_private_file(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
         (info.st_mode & 077) == 0 && info.st_size >= 0 && static_cast<std::size_t>(info.st_size) <= k_max_file_bytes;
}

std::optional<std::string> read_private(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd || !is_private_file(fd.get())) return std::nullopt;
  std::string text;
  char buffer[4096];
  ssize_t count = 0;
  while ((count = ::read(fd.get(), buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(count));
    if (text.size() > k_max_file_bytes) return std::nullopt;
  }
  if (count < 0) return std::nullopt;
  return text;
}

// Why `info` (of `directory`, not followed if a link) is no place for tokens; nullopt if it is.
std::optional<std::string> unsafe_directory(const std::string& directory, const struct stat& info) {
  if (!S_ISDIR(info.st_mode)) return directory + " is not a directory";
  if (info.st_uid != ::geteuid()) return directory + " is owned by another user (uid " + std::to_string(info.st_uid) + ")";
  if ((info.st_mode & 022) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return directory + " is writable by others (mode " + mode + ")";
  }
  return std::nullopt;
}

tl::expected<void, std::string> make_private_directory(const std::string& directory) {
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return tl::unexpected(system_error("cannot create " + directory));
  }
  struct stat info {};
  if (::lstat(directory.c_str(), &info) != 0) return tl::unexpected(system_error("cannot read " + directory));
  if (auto problem = unsafe_directory(directory, info)) return tl::unexpected(std::move(*problem));
  return {};
}

}  // namespace

std::string TokenCache::path_for(const TokenKey& key) const {
  // Each part is length-prefixed, so no two keys can run together into the same text.
  std::string text;
  for (const std::string* part : {&key.iam_url, &key.domain, &key.user, &key.project}) {
    text += std::to_string(part->size()) + ":" + *part + ";";
  }
  return m_directory + "/iam-token-" + sha256_hex(text).substr(0, 32) + ".json";
}

std::optional<std::string> TokenCache::directory_problem() const {
  struct stat info {};
  if (::lstat(m_directory.c_str(), &info) != 0) return std::nullopt;  // store() makes it, private
  return unsafe_directory(m_directory, info);
}

std::optional<CachedToken> TokenCache::load(const TokenKey& key, std::chrono::system_clock::time_point now,
                                            std::chrono::seconds margin) const {
  // A private file in a directory others can write to may be one they put there.
  if (directory_problem()) return std::nullopt;
  const std::optional<std::string> text = read_private(path_for(key));
  if (!text) return std::nullopt;
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(*text, error);
  if (error || !parsed.is_object()) return std::nullopt;
  const boost::json::object& object = parsed.as_object();
  const boost::json::value* token = object.if_contains("token");
  const boost::json::value* expires = object.if_contains("expires_at");
  if (token == nullptr || !token->is_string() || token->as_string().empty() || expires == nullptr ||
      !expires->is_string()) {
    return std::nullopt;
  }
  const std::optional<std::chrono::system_clock::time_point> expires_at = parse_utc(expires->as_string());
  if (!expires_at || *expires_at - now < margin) return std::nullopt;
  return CachedToken{std::string(token->as_string()), *expires_at};
}

tl::expected<void, std::string> TokenCache::store(const TokenKey& key, const CachedToken& token) const {
  if (auto made = make_private_directory(m_directory); !made) return made;
  const std::string path = path_for(key);
  const std::string text = boost::json::serialize(boost::json::object{
      {"token", token.token}, {"expires_at", format_utc_seconds(token.expires_at)}});
  std::string temporary = path + ".XXXXXX";
  // mkstemp creates the file 0600 whatever the umask.
  const Fd fd(::mkstemp(temporary.data()));
  if (!fd) return tl::unexpected(system_error("cannot create a file in " + m_directory));
  const auto give_up = [&](const std::string& what) {
    const std::string message = system_error(what);
    ::unlink(temporary.c_str());
    return tl::unexpected(message);
  };
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(fd.get(), text.data() + written, text.size() - written);
    if (count < 0) {
      if (errno == EINTR) continue;
      return give_up("cannot write " + temporary);
    }
    written += static_cast<std::size_t>(count);
  }
  if (::fchmod(fd.get(), 0600) != 0 || ::fsync(fd.get()) != 0) return give_up("cannot write " + temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0) return give_up("cannot rename to " + path);
  return {};
}

}  // namespace jobwait::auth
