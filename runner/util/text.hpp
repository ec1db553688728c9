// Trimming and ASCII case, one copy for every layer. ASCII only, whatever the locale: header
// names, status values, URL schemes and host names are ASCII by their specs.
#pragma once

#include <string>
#include <string_view>

namespace jobwait {

constexpr std::string_view k_whitespace = " \t\n\v\f\r";  // std::isspace in the "C" locale
constexpr std::string_view k_blanks = " \t";              // HTTP's optional whitespace (OWS)

// `text` without the leading and trailing characters found in `chars`.
std::string_view trim(std::string_view text, std::string_view chars = k_whitespace);

char to_lower(char c);
std::string to_lower(std::string_view text);
// Equal but for the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b);

}  // namespace jobwait
