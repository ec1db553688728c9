#include "util/escape.hpp"

#include <cstdio>

namespace jobwait {

namespace {

void append_hex(std::string& out, unsigned byte) {
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", byte & 0xffu);
  out += text;
}

void append_code_point(std::string& out, char32_t code_point) {
  char text[16];
  if (code_point > 0xffff) {
    std::snprintf(text, sizeof text, "\\U%08x", static_cast<unsigned>(code_point));
  } else {
    std::snprintf(text, sizeof text, "\\u%04x", static_cast<unsigned>(code_point));
  }
  out += text;
}

void append_ascii_control(std::string& out, unsigned char byte) {
  switch (byte) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: append_hex(out, byte);
  }
}

// C1 controls, line and paragraph separators, and the invisible format characters (Unicode
// category Cf, the ones in use): escaped as \uXXXX.
bool is_hidden(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xad || (c >= 0x600 && c <= 0x605) ||
         c == 0x61c || c == 0x6dd || c == 0x70f || c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
         c == 0xe0001 || (c >= 0xe0020 && c <= 0xe007f);
}

// The UTF-8 sequence at text[at] (a lead byte >= 0x80): its code point and length, or 0 when
// it is not well-formed (truncated, overlong, a surrogate, beyond U+10FFFF).
std::size_t decode(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, min = 0x80, code_point = lead & 0x1fu;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, min = 0x800, code_point = lead & 0x0fu;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, min = 0x10000, code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3fu);
  }
  if (code_point < min || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) return 0;
  return length;
}

// A "::" at the start, after what the runner's TrimStart would drop (spaces and, to be safe,
// anything not ASCII): its first colon becomes \x3a.
void defuse_leading_command(std::string& out) {
  std::size_t at = 0;
  while (at < out.size() && (out[at] == ' ' || static_cast<unsigned char>(out[at]) >= 0x80)) ++at;
  if (out.compare(at, 2, "::") == 0) out.replace(at, 1, "\\x3a");
}

}  // namespace

std::string escape_untrusted(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x20 || byte == 0x7f) {
      append_ascii_control(out, byte);
      ++at;
    } else if (byte < 0x80) {
      if (text.compare(at, 3, "##[") == 0) {
        out += "##\\x5b";
        at += 3;
        continue;
      }
      out += static_cast<char>(byte);
      ++at;
    } else {
      char32_t code_point = 0;
      const std::size_t length = decode(text, at, code_point);
      if (length == 0) {
        append_hex(out, byte);
        ++at;
      } else {
        if (is_hidden(code_point)) {
          append_code_point(out, code_point);
        } else {
          out.append(text.substr(at, length));
        }
        at += length;
      }
    }
  }
  defuse_leading_command(out);
  return out;
}

}  // namespace jobwait
