#include "util/json_pointer.hpp"

#include <charconv>
#include <cstddef>
#include <system_error>

namespace jobwait::providers::json {

namespace {

// One reference token, unescaped. Order matters (RFC 6901, section 4): "~01" is "~1", not "/".
std::string unescape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// An array index: "0", or digits without a leading zero. "-" (past the end) never resolves.
const boost::json::value* element(const boost::json::array& array, std::string_view token) {
  if (token.empty() || (token.size() > 1 && token.front() == '0')) return nullptr;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc{} || end != token.data() + token.size()) return nullptr;
  return index < array.size() ? &array[index] : nullptr;
}

}  // namespace

tl::expected<void, std::string> check_pointer(std::string_view pointer) {
  if (pointer.empty()) return {};
  if (pointer.front() != '/') {
    return tl::unexpected("a JSON Pointer starts with '/' (\"/" + std::string(pointer) + "\"?)");
  }
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] != '~') continue;
    if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
      return tl::unexpected(std::string("'~' must be followed by 0 (for '~') or 1 (for '/')"));
    }
  }
  return {};
}

const boost::json::value* resolve(const boost::json::value& root, std::string_view pointer) {
  if (!check_pointer(pointer)) return nullptr;
  const boost::json::value* at = &root;
  while (!pointer.empty() && at != nullptr) {
    pointer.remove_prefix(1);  // the '/'
    const std::size_t slash = pointer.find('/');
    const std::string_view raw = pointer.substr(0, slash);
    pointer = slash == std::string_view::npos ? std::string_view{} : pointer.substr(slash);
    if (const auto* object = at->if_object()) {
      const auto found = object->find(unescape(raw));
      at = found == object->end() ? nullptr : &found->value();
    } else if (const auto* array = at->if_array()) {
      at = element(*array, raw);
    } else {
      at = nullptr;
    }
  }
  return at;
}

}  // namespace jobwait::providers::json
