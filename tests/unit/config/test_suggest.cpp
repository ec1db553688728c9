// config/suggest.cpp: did-you-mean for keys, tables and values, through the loader and alone.
#include <catch2/catch.hpp>

#include "config/suggest.hpp"
#include "config/step_file.hpp"
#include "step_text.hpp"

using namespace std::chrono_literals;
using namespace jobwait::config;
using namespace jobwait::config::test;

// --- unknown keys and tables ----------------------------------------------------------------

TEST_CASE("step file: an unknown key suggests the closest known one", "[config]") {
  const ConfigError error = rejected(minimal_with("[wait]\ntimout = \"5m\"\n"));
  CHECK(error.line == 10);
  CHECK(error.column == 1);
  CHECK(error.key == "wait.timout");
  CHECK(error.message == "unknown key (did you mean \"timeout\"?)");
  CHECK(error.format() == "deploy.toml:10:1: wait.timout: unknown key (did you mean \"timeout\"?)");
}

TEST_CASE("step file: a key in the wrong table suggests where it belongs", "[config]") {
  const ConfigError error = rejected(R"([job]
provider = "cce"
timeout = "5m"
)");
  CHECK(error.line == 3);
  CHECK(error.key == "job.timeout");
  CHECK(error.message == "unknown key (did you mean \"wait.timeout\"?)");
}

TEST_CASE("step file: a misspelt key in the wrong table still finds its key", "[config]") {
  const ConfigError error = rejected("[job]\ntiemout = 5\n");
  CHECK(error.key == "job.tiemout");
  CHECK(error.message == "unknown key (did you mean \"wait.timeout\"?)");
  CHECK(rejected("timeout = 5\n" + k_minimal).message == "unknown key (did you mean \"wait.timeout\"?)");
}

TEST_CASE("step file: an unknown top-level key suggests a key or a table", "[config]") {
  const ConfigError misspelt = rejected("nam = \"x\"\n" + k_minimal);
  CHECK(misspelt.key == "nam");
  CHECK(misspelt.message == "unknown key (did you mean \"name\"?)");
  const ConfigError stray = rejected("xylophone = \"red\"\n" + k_minimal);
  CHECK(stray.line == 1);
  CHECK(stray.column == 1);
  CHECK(stray.message == "unknown key");
}

TEST_CASE("step file: an unknown table suggests the closest table", "[config]") {
  const ConfigError error = rejected(minimal_with("[wayt]\ntimeout = \"5m\"\n"));
  CHECK(error.line == 9);
  CHECK(error.column == 2);
  CHECK(error.key == "wayt");
  CHECK(error.message == "unknown table (did you mean \"wait\"?)");
}

TEST_CASE("step file: a table nested in a known table is unknown", "[config]") {
  const ConfigError error = rejected(minimal_with("[job.extra]\nx = 1\n"));
  CHECK(error.key == "job.extra");
  CHECK(error.line == 9);
  CHECK(error.message == "unknown table");
}

TEST_CASE("step file: a quoted key with a dot is one unknown name, not a dotted key", "[config]") {
  const ConfigError error = rejected(k_minimal + "\"wait.timeout\" = \"5m\"\n");
  CHECK(error.key == "auth.wait.timeout");
  CHECK(error.line == 9);
  CHECK_THAT(error.message, Catch::StartsWith("unknown key"));
}

TEST_CASE("step file: a known table name holding a value is a type error", "[config]") {
  const ConfigError error = rejected(R"(wait = "5m")"
                                     "\n" +
                                     k_minimal);
  CHECK(error.key == "wait");
  CHECK(error.line == 1);
  CHECK(error.column == 8);
  CHECK(error.message == "expected a table, got a string");
}

// --- the suggestions alone ----------------------------------------------------------------

TEST_CASE("suggest: a near key in the same table, else the key of that name elsewhere", "[config]") {
  CHECK(suggest_key("wait", "timout") == "timeout");
  CHECK(suggest_key("job", "tiemout") == "wait.timeout");
  CHECK(suggest_key("job", "htp") == "http");  // a table inside [job]
  CHECK(suggest_key("", "waitt") == "wait");
  CHECK_FALSE(suggest_key("wait", "kubernetes"));
}

TEST_CASE("suggest: a --set key by its dotted name, else by its last part", "[config]") {
  CHECK(suggest_dotted("wait.timout") == "wait.timeout");
  CHECK(suggest_dotted("job.timeout") == "wait.timeout");
  CHECK(suggest_dotted("WAIT.TIMEOUT") == "wait.timeout");
  CHECK_FALSE(suggest_dotted("zzzz.qqqqqqqq"));
}

TEST_CASE("suggest: did_you_mean is ready to append, or nothing", "[config]") {
  CHECK(did_you_mean(std::string("cce")) == " (did you mean \"cce\"?)");
  CHECK(did_you_mean(std::nullopt).empty());
}
