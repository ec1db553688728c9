// runner/util/columns.cpp: the label/value lines of check and explain.
#include <catch2/catch.hpp>

#include "util/columns.hpp"

TEST_CASE("columns: values start two spaces past the longest label, one row per line", "[columns]") {
  CHECK(jobwait::two_columns({{"job", "cce job a"}, {"request", "GET https://x"}, {"", "more"}}) ==
        "job      cce job a\n"
        "request  GET https://x\n"
        "         more\n");
  CHECK(jobwait::two_columns({}).empty());
}
