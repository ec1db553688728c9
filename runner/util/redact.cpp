#include "util/redact.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace jobwait {

namespace {

namespace json = boost::json;

constexpr std::string_view k_mask = "<redacted>";

// Letters, digits, '_' and any byte of a multi-byte UTF-8 character: what a word is made of.
bool is_word(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) != 0 || c == '_' || byte >= 0x80;
}

// Whether the occurrence of `secret` at `at` stands alone: no word character glued to either
// end (an end of the secret that is not itself a word character needs no boundary).
bool stands_alone(std::string_view text, std::size_t at, std::string_view secret) {
  const std::size_t end = at + secret.size();
  const bool left = at == 0 || !is_word(text[at - 1]) || !is_word(secret.front());
  const bool right = end == text.size() || !is_word(text[end]) || !is_word(secret.back());
  return left && right;
}

// Where a text was cut: before each "..." or "…", and at its end.
std::vector<std::size_t> cut_points(std::string_view text) {
  std::vector<std::size_t> out;
  for (const std::string_view mark : {std::string_view("..."), std::string_view("\xE2\x80\xA6")}) {
    for (std::size_t at = text.find(mark); at != std::string_view::npos; at = text.find(mark, at + mark.size())) {
      out.push_back(at);
    }
  }
  out.push_back(text.size());
  std::sort(out.begin(), out.end(), std::greater<>());  // from the back: a mask moves only what follows
  return out;
}

// Masks a start of `secret` cut off at one of the cut points: the longest start, at least
// k_min_cut_prefix long, that ends there. A short secret's start must stand alone on the left.
// Only where its first k_min_cut_prefix characters occur is a start looked for: an IAM token
// is kilobytes long, and an artifact has thousands of values.
void mask_cut_starts(std::string& text, std::string_view secret) {
  if (secret.size() <= Redactor::k_min_cut_prefix) return;
  const bool whole_words = secret.size() < Redactor::k_masked_anywhere;
  const std::string_view head = secret.substr(0, Redactor::k_min_cut_prefix);
  for (const std::size_t cut : cut_points(text)) {
    const std::string_view before = std::string_view(text).substr(0, cut);
    const std::size_t from = cut > secret.size() - 1 ? cut - (secret.size() - 1) : 0;
    for (std::size_t at = before.find(head, from); at != std::string_view::npos; at = before.find(head, at + 1)) {
      const std::size_t length = cut - at;  // the first hit is the longest start
      if (before.substr(at) != secret.substr(0, length)) continue;
      if (whole_words && at > 0 && is_word(text[at - 1]) && is_word(secret.front())) continue;
      text.replace(at, length, k_mask);
      break;
    }
  }
}

// Masks `secret` in `text`: everywhere when it is long, as a whole word when it is short, and
// only when long if `long_only` (a JSON key); then its start where the text was cut.
void mask(std::string& text, std::string_view secret, bool long_only) {
  const bool whole_words = secret.size() < Redactor::k_masked_anywhere;
  if (whole_words && long_only) return;
  for (std::size_t at = text.find(secret); at != std::string::npos;) {
    if (whole_words && !stands_alone(text, at, secret)) {
      at = text.find(secret, at + 1);
      continue;
    }
    text.replace(at, secret.size(), k_mask);
    at = text.find(secret, at + k_mask.size());
  }
  if (!long_only) mask_cut_starts(text, secret);
}

// Validates a JSON document without building it: ten thousand jobs' artifact stays one string.
struct Validator {
  static constexpr std::size_t max_object_size = SIZE_MAX;
  static constexpr std::size_t max_array_size = SIZE_MAX;
  static constexpr std::size_t max_key_size = SIZE_MAX;
  static constexpr std::size_t max_string_size = SIZE_MAX;
  using ec = boost::system::error_code;
  bool on_document_begin(ec&) { return true; }
  bool on_document_end(ec&) { return true; }
  bool on_object_begin(ec&) { return true; }
  bool on_object_end(std::size_t, ec&) { return true; }
  bool on_array_begin(ec&) { return true; }
  bool on_array_end(std::size_t, ec&) { return true; }
  bool on_key_part(json::string_view, std::size_t, ec&) { return true; }
  bool on_key(json::string_view, std::size_t, ec&) { return true; }
  bool on_string_part(json::string_view, std::size_t, ec&) { return true; }
  bool on_string(json::string_view, std::size_t, ec&) { return true; }
  bool on_number_part(json::string_view, ec&) { return true; }
  bool on_int64(std::int64_t, json::string_view, ec&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, ec&) { return true; }
  bool on_double(double, json::string_view, ec&) { return true; }
  bool on_bool(bool, ec&) { return true; }
  bool on_null(ec&) { return true; }
  bool on_comment_part(json::string_view, ec&) { return true; }
  bool on_comment(json::string_view, ec&) { return true; }
};

// One JSON object or array, nothing after it but whitespace.
bool is_json_document(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || (text[first] != '{' && text[first] != '[')) return false;
  json::basic_parser<Validator> parser{json::parse_options{}};
  boost::system::error_code error;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), error);
  return !error && used == text.size();
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) : m_own(std::make_shared<SecretRegistry>()) {
  for (const std::string& secret : secrets) m_own->add(secret);
  m_registry = m_own.get();
}

std::string Redactor::apply(std::string_view text) const {
  if (m_registry == nullptr) return std::string(text);
  const std::shared_ptr<const Forms> forms = m_registry->forms();
  if (forms->empty()) return std::string(text);
  return is_json_document(text) ? apply_json(text, *forms) : apply_text(text, *forms);
}

std::string Redactor::apply_text(std::string_view text, const Forms& forms) const {
  std::string out(text);
  for (const std::string& form : forms) mask(out, form, false);
  return out;
}

// `text` is valid JSON (is_json_document), so every '"' outside a string opens one, and a
// string is a key exactly when a ':' follows it.
std::string Redactor::apply_json(std::string_view text, const Forms& forms) const {
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (std::size_t quote = text.find('"'); quote != std::string_view::npos; quote = text.find('"', from)) {
    out.append(text.substr(from, quote - from));
    std::size_t end = quote + 1;
    while (text[end] != '"') end += text[end] == '\\' ? std::size_t{2} : std::size_t{1};
    const std::string_view token = text.substr(quote, end + 1 - quote);
    const std::size_t after = text.find_first_not_of(" \t\r\n", end + 1);
    const bool key = after != std::string_view::npos && text[after] == ':';
    // Masked decoded: a secret split by an escape is still found, and "<redacted>" can never
    // land inside an escape sequence.
    std::string value = token.find('\\') == std::string_view::npos
                            ? std::string(token.substr(1, token.size() - 2))
                            : std::string(json::parse(token).as_string());
    const std::string before = value;
    // The escaped forms too: a string value may hold JSON text of its own (a body excerpt).
    for (const std::string& form : forms) mask(value, form, key);
    if (value == before) {
      out.append(token);
    } else {
      out += json::serialize(json::string(value));
    }
    from = end + 1;
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace jobwait
