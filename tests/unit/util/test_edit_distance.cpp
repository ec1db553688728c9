#include <catch2/catch.hpp>

#include "util/edit_distance.hpp"

using jobwait::config::closest;
using jobwait::config::edit_distance;

TEST_CASE("edit distance: counts insertions, deletions and substitutions", "[config]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("timeout", "timeout") == 0);
  CHECK(edit_distance("timout", "timeout") == 1);
  CHECK(edit_distance("timeuot", "timeout") == 2);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("edit distance: closest suggests a near candidate", "[config]") {
  const std::vector<std::string_view> keys{"timeout", "interval", "max_interval", "request_timeout", "max_errors"};
  CHECK(closest("timout", keys) == "timeout");
  CHECK(closest("intervall", keys) == "interval");
  CHECK(closest("max_error", keys) == "max_errors");
  CHECK(closest("maxinterval", keys) == "max_interval");
}

TEST_CASE("edit distance: closest stays quiet when nothing is close", "[config]") {
  const std::vector<std::string_view> providers{"servicestage", "cce", "cae", "ief", "cfw"};
  CHECK_FALSE(closest("kubernetes", providers));
  CHECK_FALSE(closest("xyz", providers));
  CHECK_FALSE(closest("anything", {}));
}

TEST_CASE("edit distance: short words allow one edit, longer ones a third of their length", "[config]") {
  const std::vector<std::string_view> providers{"servicestage", "cce", "cae", "ief", "cfw"};
  CHECK(closest("cc", providers) == "cce");
  CHECK_FALSE(closest("c", providers));  // two edits from every name
  CHECK(closest("servicestag", providers) == "servicestage");
  CHECK(closest("srvcestage", providers) == "servicestage");  // two edits, length 10
  CHECK_FALSE(closest("srvcstag", providers));                // four edits, length 8
}

TEST_CASE("edit distance: the first candidate wins a tie", "[config]") {
  CHECK(closest("cXe", {"cce", "cae"}) == "cce");
  CHECK(closest("cXe", {"cae", "cce"}) == "cae");
}

TEST_CASE("edit distance: closest ignores case", "[config]") {
  const std::vector<std::string_view> providers{"servicestage", "cce", "cae", "ief", "cfw"};
  CHECK(closest("CCE", providers) == "cce");
  CHECK(closest("ServiceStage", providers) == "servicestage");
  CHECK(closest("Timout", {"timeout", "interval"}) == "timeout");
  // The candidate comes back as written, not as typed.
  CHECK(closest("CFW", providers) == "cfw");
}
