// End-to-end: step files no one meant to write. Each must end in a clear exit 2 that names
// the file, an artifact saying config_error, and nothing sent: never a crash or a hang.
#include <catch2/catch.hpp>

#include <random>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

const char* const k_valid_tail =
    "[job]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nendpoint = \"http://127.0.0.1:9\"\n"
    "[auth]\ntoken = \"${E2E_TOKEN}\"\n";

RunResult run_step_text(const TempDir& dir, const std::string& text) {
  write_file(dir / "step.toml", text);
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "result.json"};
  run.env = {{"E2E_TOKEN", k_token}};
  run.result = dir / "result.json";
  return run_jobwait(dir, run);
}

std::string binary_bytes() {
  std::mt19937 random(42);
  std::string bytes(4096, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

void expect_all_valid_against_schema(const std::vector<std::string>& artifacts) {
  namespace bp = boost::process;
  std::vector<std::string> args{std::string(JOBWAIT_SOURCE_DIR) + "/tests/e2e/validate_schema.py",
                                std::string(JOBWAIT_SOURCE_DIR) + "/schemas/result.schema.json"};
  args.insert(args.end(), artifacts.begin(), artifacts.end());
  bp::ipstream out;
  bp::child check("/usr/bin/python3", bp::args(args), (bp::std_out & bp::std_err) > out);
  std::string all, line;
  while (std::getline(out, line)) all += line + "\n";
  check.wait();
  INFO(all);
  CHECK(check.exit_code() == 0);
}

}  // namespace

TEST_CASE("bad input: broken step files exit 2 with a clear message and an artifact", "[e2e][bad_input]") {
  const std::string nested_arrays = "x = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  std::string nested_tables = "[job";
  for (int i = 0; i < 2000; ++i) nested_tables += ".a";
  nested_tables += "]\n";
  std::string nested_inline = "job = ";
  for (int i = 0; i < 2000; ++i) nested_inline += "{ a = ";
  nested_inline += "1" + std::string(2000, '}') + "\n";
  const std::pair<const char*, std::string> cases[] = {
      {"empty", ""},
      {"only a comment", "# nothing here\n"},
      {"binary", binary_bytes()},
      {"NUL bytes", std::string(k_valid_tail) + std::string("name = \"a\0b\"\n", 13)},
      {"huge", std::string(k_valid_tail) + std::string(2 * 1024 * 1024, '#') + "\n"},
      {"deeply nested arrays", nested_arrays},
      {"deeply nested tables", nested_tables},
      {"deeply nested inline tables", nested_inline},
      {"duplicate keys", std::string(k_valid_tail) + "[wait]\ntimeout = \"1m\"\ntimeout = \"2m\"\n"},
      {"duplicate tables", std::string(k_valid_tail) + "[wait]\n[wait]\n"},
      {"wrong types", std::string(k_valid_tail) + "[wait]\ntimeout = true\n"},
      {"a table where a value belongs", std::string(k_valid_tail) + "[wait.timeout]\nx = 1\n"},
      {"invalid UTF-8 in a value", std::string(k_valid_tail) + "name = \"caf\xC3\x28\"\n"},
      {"invalid UTF-8 in a comment", std::string(k_valid_tail) + "# \xFF\xFE\n"},
      {"overlong UTF-8", std::string(k_valid_tail) + "name = \"\xC0\xAF\"\n"},
      {"a value out of range", std::string(k_valid_tail) + "[wait]\nmax_errors = 99999999999999999999\n"},
      {"an unknown on_unknown", std::string(k_valid_tail) + "[wait]\non_unknown = \"ignore\"\n"},
      {"a zero confirm", std::string(k_valid_tail) + "[wait]\nconfirm = 0\n"},
      {"unterminated string", "[job]\nprovider = \"cce\n"},
  };
  // One schema check for all the artifacts at the end: python's start-up is most of a case.
  TempDir artifacts;
  std::vector<std::string> written;
  for (const auto& [name, text] : cases) {
    INFO(name);
    TempDir dir;
    const RunResult result = run_step_text(dir, text);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("step.toml"));
    CHECK(result.err.size() < 4096);  // one clear message, not a dump of the input
    CHECK(result.out.empty());
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("outcome") == "config_error");
    CHECK(result.artifact->at("config_error").at("file") == "step.toml");
    CHECK(result.artifact->at("jobs").as_array().empty());
    written.push_back((artifacts / (std::to_string(written.size()) + ".json")).string());
    std::filesystem::copy_file(dir / "result.json", written.back());
  }
  expect_all_valid_against_schema(written);
}

TEST_CASE("bad input: a step file that is a directory or a device is refused", "[e2e][bad_input]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "step.d");
  RunOptions run;
  run.args = {"run", "step.d", "--result", "result.json"};
  RunResult result = run_jobwait(dir, run);
  CHECK(result.exit_code == 2);
  // /dev/zero never ends: the size cap stops it.
  run.args = {"run", "/dev/zero", "--result", "result.json"};
  result = run_jobwait(dir, run);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("larger than"));
}
