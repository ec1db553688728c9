#include "result/json_text.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/serialize.hpp>

namespace jobwait {

namespace {

void write(std::string& out, const boost::json::value& value, int depth) {
  const auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  if (const auto* object = value.if_object(); object && !object->empty()) {
    out += '{';
    bool first = true;
    for (const auto& member : *object) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      out += boost::json::serialize(boost::json::string(member.key()));
      out += ": ";
      write(out, member.value(), depth + 1);
    }
    newline(depth);
    out += '}';
  } else if (const auto* array = value.if_array(); array && !array->empty()) {
    out += '[';
    bool first = true;
    for (const auto& element : *array) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      write(out, element, depth + 1);
    }
    newline(depth);
    out += ']';
  } else if (value.is_double()) {
    append_json_number(out, value.get_double());
  } else {
    out += boost::json::serialize(value);
  }
}

}  // namespace

void append_pretty_json(std::string& out, const boost::json::value& value, int depth) { write(out, value, depth); }

std::string to_pretty_json(const boost::json::value& value) {
  std::string out;
  write(out, value, 0);
  out += '\n';
  return out;
}

void append_json_number(std::string& out, double number, std::optional<int> decimals) {
  if (!std::isfinite(number)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  char text[64];
  if (!decimals) {
    const auto result = std::to_chars(text, text + sizeof text, number);
    out.append(text, result.ptr);
    return;
  }
  const auto result = std::to_chars(text, text + sizeof text, number, std::chars_format::fixed, *decimals);
  std::string digits(text, result.ptr);
  if (digits.find('.') != std::string::npos) {
    digits.erase(digits.find_last_not_of('0') + 1);
    if (digits.back() == '.') digits.pop_back();
  }
  if (digits == "-0") digits = "0";
  out += digits;
}

}  // namespace jobwait
