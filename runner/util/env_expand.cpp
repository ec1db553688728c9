#include "util/env_expand.hpp"

#include <cstdlib>

namespace jobwait::config {

namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

tl::unexpected<ExpandError> syntax_error(std::string message) {
  return tl::unexpected(ExpandError{{}, std::move(message)});
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at start-up
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

tl::expected<std::string, ExpandError> expand_env(std::string_view text, const EnvLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t dollar = text.find('$', pos);
    out += text.substr(pos, dollar == std::string_view::npos ? std::string_view::npos : dollar - pos);
    if (dollar == std::string_view::npos) break;

    const std::string_view rest = text.substr(dollar + 1);
    if (rest.empty() || (rest.front() != '{' && rest.front() != '$')) {
      out += '$';  // a lone $: "costs $5" means what it says
      pos = dollar + 1;
      continue;
    }
    if (rest.front() == '$') {
      out += '$';
      pos = dollar + 2;
      continue;
    }

    const std::size_t close = rest.find('}');
    if (close == std::string_view::npos) {
      return syntax_error("unterminated \"${\" (a reference is ${NAME} or ${NAME:-default})");
    }
    const std::string_view inside = rest.substr(1, close - 1);
    std::size_t name_end = 0;
    while (name_end < inside.size() && is_name_char(inside[name_end])) ++name_end;
    const std::string name(inside.substr(0, name_end));
    const std::string_view after_name = inside.substr(name_end);
    const bool has_default = after_name.substr(0, 2) == ":-";
    if (name.empty() || !is_name_start(name.front()) || (!after_name.empty() && !has_default)) {
      return syntax_error("invalid reference \"${" + std::string(inside) +
                          "}\" (a reference is ${NAME} or ${NAME:-default}, NAME being letters, digits "
                          "and _; write $$ for a literal $)");
    }

    std::optional<std::string> value = lookup ? lookup(name) : std::nullopt;
    if (has_default && (!value || value->empty())) {
      out += after_name.substr(2);
    } else if (value) {
      out += *value;
    } else {
      return tl::unexpected(ExpandError{name, "environment variable " + name + " is not set"});
    }
    pos = dollar + 1 + close + 1;
  }
  return out;
}

}  // namespace jobwait::config
