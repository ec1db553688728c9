#include <catch2/catch.hpp>

#include "util/escape.hpp"

using jobwait::escape_untrusted;

TEST_CASE("escape: plain text, UTF-8 and backslashes pass unchanged", "[escape]") {
  CHECK(escape_untrusted("Running (3/5) — 50% done") == "Running (3/5) — 50% done");
  CHECK(escape_untrusted("C:\\path\\x1b") == "C:\\path\\x1b");
  CHECK(escape_untrusted("fe80::1 and a::b") == "fe80::1 and a::b");
  CHECK(escape_untrusted("") == "");
}

TEST_CASE("escape: line breaks and control characters are escaped visibly", "[escape]") {
  CHECK(escape_untrusted("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(escape_untrusted("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(escape_untrusted(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
}

TEST_CASE("escape: C1 controls, separators and invisible format characters by code point", "[escape]") {
  CHECK(escape_untrusted("a\xc2\x85" "b") == "a\\u0085b");            // NEL
  CHECK(escape_untrusted("a\xc2\x9b" "31m") == "a\\u009b31m");        // CSI
  CHECK(escape_untrusted("a\xe2\x80\xa8" "b\xe2\x80\xa9") == "a\\u2028b\\u2029");
  CHECK(escape_untrusted("\xe2\x80\xae" "evil") == "\\u202eevil");    // right-to-left override
  CHECK(escape_untrusted("zero\xe2\x80\x8bwidth\xef\xbb\xbf") == "zero\\u200bwidth\\ufeff");
}

TEST_CASE("escape: bytes that are not UTF-8 as hex bytes", "[escape]") {
  CHECK(escape_untrusted("\x9b" "31m") == "\\x9b31m");  // 8-bit CSI
  CHECK(escape_untrusted("a\xc0\xaf") == "a\\xc0\\xaf");  // overlong '/'
  CHECK(escape_untrusted("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate
  CHECK(escape_untrusted("cut \xe2\x80") == "cut \\xe2\\x80");
}

TEST_CASE("escape: GitHub workflow commands cannot start, legacy ones cannot appear", "[escape]") {
  CHECK(escape_untrusted("::error::pwned") == "\\x3a:error::pwned");
  CHECK(escape_untrusted("   ::add-mask::x") == "   \\x3a:add-mask::x");
  CHECK(escape_untrusted("\xc2\xa0::stop-commands::t") == "\xc2\xa0\\x3a:stop-commands::t");  // NBSP is trimmed
  CHECK(escape_untrusted("\xe2\x80\x8b::set-output name=a::b") == "\\u200b::set-output name=a::b");
  CHECK(escape_untrusted("x ##[set-output name=a;]b") == "x ##\\x5bset-output name=a;]b");
  CHECK(escape_untrusted("\n::error::x") == "\\n::error::x");
}

TEST_CASE("escape: idempotent, so escaping twice reads the same", "[escape]") {
  for (const std::string text : {"\n::error::x", "::a", "##[x]", "a\xc2\x85\x9b\x1b", " ::x"}) {
    const std::string once = escape_untrusted(text);
    CHECK(escape_untrusted(once) == once);
  }
}
