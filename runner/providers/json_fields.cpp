#include "providers/json_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <limits>

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "providers/api_error.hpp"
#include "util/text.hpp"
#include "util/timestamp.hpp"

namespace jobwait::providers::json {

namespace {

// Shortest text that reads back as the same double ("1641370501000", "12.5").
std::string double_text(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::string();
}

// Backs off from `size` to the start of a UTF-8 character, so a cut never splits one.
std::size_t utf8_boundary(std::string_view text, std::size_t size) {
  if (size >= text.size()) return text.size();
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  return size;
}

// Where `text` stops being UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// past U+10FFFF); npos when it is UTF-8 throughout, or only its last character is cut short,
// which is a body cut off rather than one in another encoding.
std::size_t invalid_utf8_at(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range: narrower for some leads
    if (byte < 0x80) {
      ++i;
      continue;
    }
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) low = 0xA0;   // overlong
      if (byte == 0xED) high = 0x9F;  // surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) low = 0x90;   // overlong
      if (byte == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k == text.size()) return std::string_view::npos;  // cut short at the very end
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Why a body that does not parse does not: a NUL byte or bytes that are not UTF-8 are a body
// that is not JSON text at all (binary data, another encoding), and saying "cut off" would
// send the user after the network; only a body that ends too soon may have been cut off.
std::string why_not_json(std::string_view body, const boost::system::error_code& ec) {
  const std::string size = std::to_string(body.size()) + " bytes";
  if (body.empty()) return "an empty body";
  if (const std::size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return size + "; a NUL byte at offset " + std::to_string(nul) + ": binary data, not JSON text";
  }
  if (const std::size_t bad = invalid_utf8_at(body); bad != std::string_view::npos) {
    return size + "; invalid UTF-8 at offset " + std::to_string(bad) + ": not JSON text, which is UTF-8";
  }
  if (ec == boost::json::error::incomplete) return size + "; the body may have been cut off: " + ec.message();
  return size + ": " + ec.message();
}

}  // namespace

const boost::json::value* member(const boost::json::value* value, std::string_view key,
                                 Keys keys) {
  const boost::json::object* object = value ? value->if_object() : nullptr;
  if (!object) return nullptr;
  if (const boost::json::value* found = object->if_contains(key)) return found;
  if (keys == Keys::any_case) {
    for (const auto& entry : *object) {
      if (iequals(entry.key(), key)) return &entry.value();
    }
  }
  return nullptr;
}

std::optional<std::string> text(const boost::json::value* value) {
  if (!value) return std::nullopt;
  if (const auto* s = value->if_string()) return std::string(*s);
  if (const auto* i = value->if_int64()) return std::to_string(*i);
  if (const auto* u = value->if_uint64()) return std::to_string(*u);
  if (const auto* d = value->if_double()) return double_text(*d);
  return std::nullopt;
}

std::string text_or_empty(const boost::json::value* value) {
  return text(value).value_or(std::string());
}

std::optional<double> number(const boost::json::value* value) {
  if (!value) return std::nullopt;
  if (const auto* i = value->if_int64()) return static_cast<double>(*i);
  if (const auto* u = value->if_uint64()) return static_cast<double>(*u);
  if (const auto* d = value->if_double()) return *d;
  if (const auto* s = value->if_string()) {
    double parsed = 0;
    const char* end = s->data() + s->size();
    const auto [stop, ec] = std::from_chars(s->data(), end, parsed);
    if (ec == std::errc{} && stop == end && !s->empty()) return parsed;
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer(const boost::json::value* value) {
  if (!value) return std::nullopt;
  constexpr auto k_max = std::numeric_limits<std::int64_t>::max();
  if (const auto* i = value->if_int64()) return *i;
  if (const auto* u = value->if_uint64()) {
    if (*u <= static_cast<std::uint64_t>(k_max)) return static_cast<std::int64_t>(*u);
  }
  if (const auto* d = value->if_double()) {
    // 2^63 is exactly representable; anything below it converts without overflow.
    if (std::trunc(*d) == *d && std::fabs(*d) < 9.2233720368547758e18) {
      return static_cast<std::int64_t>(*d);
    }
  }
  if (const auto* s = value->if_string()) {
    std::int64_t parsed = 0;
    const char* end = s->data() + s->size();
    const auto [stop, ec] = std::from_chars(s->data(), end, parsed);
    if (ec == std::errc{} && stop == end && !s->empty()) return parsed;
  }
  return std::nullopt;
}

const boost::json::array* array(const boost::json::value* value) {
  return value ? value->if_array() : nullptr;
}

std::optional<Timestamp> timestamp(const boost::json::value* value) {
  if (!value || value->is_null()) return std::nullopt;
  if (const auto* s = value->if_string()) {
    if (s->empty()) return std::nullopt;
    return normalize_timestamp(std::string_view(*s));
  }
  if (const auto* i = value->if_int64()) return normalize_timestamp(*i);
  if (const auto* u = value->if_uint64()) {
    // Only values past INT64_MAX land here: far beyond year 9999 in either unit.
    return Timestamp{std::to_string(*u), std::nullopt};
  }
  if (const auto* d = value->if_double()) return normalize_timestamp(*d);
  return Timestamp{boost::json::serialize(*value), std::nullopt};  // an object or a bool
}

void add_time(Times& times, std::string name, std::optional<Timestamp> stamp) {
  if (stamp) times.emplace_back(std::move(name), std::move(*stamp));
}

tl::expected<boost::json::value, Error> parse_body(std::string_view body,
                                                   std::string_view service) {
  try {
    boost::json::parse_options options;
    options.max_depth = 64;  // CCE nests whole Jobs inside Jobs; the default is 32
    boost::system::error_code ec;
    boost::json::value root = boost::json::parse(body, ec, {}, options);
    if (!ec) return root;
    return tl::unexpected(
        Error::transient("invalid JSON from " + std::string(service) + " (" + why_not_json(body, ec) + ")"));
  } catch (const std::exception& e) {  // bad_alloc: nothing else throws with an error_code
    return tl::unexpected(Error::transient("could not read the response from " + std::string(service) +
                                           ": " + e.what()));
  }
}

Error missing_field(const boost::json::value& root, std::string_view field) {
  if (auto error = error_in_body(root)) return *std::move(error);
  return Error::api("unexpected response: no " + std::string(field));
}

std::string excerpt(std::string_view text, std::size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit) + 3);
  for (const char c : text) {
    const bool blank = static_cast<unsigned char>(c) <= ' ' || c == '\x7f';
    if (blank) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
    if (out.size() > limit) break;
  }
  const bool cut = out.size() > limit;
  if (cut) out.resize(utf8_boundary(out, limit));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (cut) out += "...";
  return out;
}

std::string join_bounded(const std::vector<std::string>& parts, std::size_t limit) {
  std::string out;
  for (const std::string& raw : parts) {
    // Task names and messages are the service's text: a newline in one must not start a new
    // line in the log (found by fuzzing cae: a task detail of "\n").
    const std::string part = excerpt(raw, limit);
    if (part.empty()) continue;
    if (!out.empty()) out += "; ";
    if (out.size() + part.size() > limit) {
      const std::size_t room = limit > out.size() ? limit - out.size() : 0;
      out.append(part, 0, utf8_boundary(part, room));
      out += "...";
      break;
    }
    out += part;
  }
  return out;
}

}  // namespace jobwait::providers::json
