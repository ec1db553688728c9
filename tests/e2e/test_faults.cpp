// End-to-end: jobwait against jobwait-sim's injected faults (tests/sim/faults.hpp). Each test
// asserts the exit code, the artifact's fields and that the wall time stays within the
// deadline plus one second. Transient trouble is ridden out; what is final ends the wait.
#include <catch2/catch.hpp>

#include <cctype>
#include <csignal>
#include <set>
#include <sstream>

#include "world.hpp"

using namespace jobwait::e2e;

namespace {

// One CCE job with these statuses and extra scenario lines (faults, appear_after, ...).
std::string cce_job(const std::string& statuses, const std::string& extra) {
  return "[[job]]\nprovider = \"cce\"\nid = \"job-1\"\nproject_id = \"proj-1\"\nstatuses = " + statuses + "\n" +
         extra;
}

StepOptions fast(const std::string& timeout = "10s", const std::string& wait_extra = "") {
  StepOptions options;
  options.timeout = timeout;
  options.interval = "50ms";
  options.max_interval = "100ms";
  options.wait_extra = wait_extra;
  return options;
}

int count(const json::value& http, const char* status) {
  const auto& by_status = http.at("by_status").as_object();
  const auto it = by_status.find(status);
  return it == by_status.end() ? 0 : static_cast<int>(it->value().to_number<int>());
}

bool any_warning_contains(const json::value& job, const std::string& text) {
  for (const auto& warning : job.at("warnings").as_array()) {
    if (std::string(warning.as_string()).find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("faults: a 5xx burst shorter than the error budget is ridden out", "[e2e][faults]") {
  World world(cce_job(R"(["Running", "Running", "Success"])",
                      "faults = [{ fault = \"status\", status = 503, requests = \"2-4\" }]\n"));
  const RunResult result = world.run(fast("10s"));
  CHECK(result.exit_code == 0);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  const json::value& job = job0(result);
  CHECK(job.at("state") == "succeeded");
  CHECK(count(job.at("http"), "503") == 3);
  CHECK(job.at("polls") == 6);
  CHECK(job.at("last_error").is_null());
}

TEST_CASE("faults: an exhausted error budget exits 6 with the last error, code and request id", "[e2e][faults]") {
  World world(cce_job(R"(["Running"])", "faults = [{ fault = \"status\", status = 500, requests = \"2-\" }]\n"));
  const RunResult result = world.run(fast("10s", "max_errors = 3\n"));
  CHECK(result.exit_code == 6);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  CHECK(result.artifact->at("wait").at("max_errors") == 3);
  const json::value& job = job0(result);
  CHECK(job.at("polls") == 4);
  CHECK(job.at("status") == "Running");
  const json::value& error = job.at("last_error");
  CHECK(error.at("kind") == "transient");
  CHECK(error.at("http_status") == 500);
  CHECK(error.at("code") == "SIM.FAULT");
  CHECK(error.at("request_id").is_string());
  const std::string message(result.artifact->at("message").as_string());
  CHECK_THAT(message, Catch::Contains("SIM.FAULT"));
  CHECK_THAT(message, Catch::Contains(std::string(error.at("request_id").as_string())));
}

TEST_CASE("faults: Retry-After is honoured, in seconds or as an HTTP date", "[e2e][faults]") {
  const std::pair<const char*, const char*> cases[] = {{"seconds", "retry_after = \"1\""},
                                                       {"HTTP date", "retry_after_date = \"1s\""}};
  for (const auto& [name, retry_after] : cases) {
    DYNAMIC_SECTION(name) {
      World world(cce_job(R"(["Running", "Success"])", std::string("faults = [{ fault = \"throttle\", requests = [2], ") +
                                                           retry_after + " }]\n"));
      const RunResult result = world.run(fast("10s"));
      CHECK(result.exit_code == 0);
      CHECK(result.seconds >= 1.0);  // not sooner than the service asked
      CHECK(result.seconds < 3.0);
      REQUIRE(result.artifact);
      CHECK(job0(result).at("http").at("throttled") == 1);
      CHECK(count(job0(result).at("http"), "429") == 1);
    }
  }
}

TEST_CASE("faults: a 429 without Retry-After backs off the gateway's 2 s", "[e2e][faults]") {
  World world(cce_job(R"(["Running", "Success"])", "faults = [{ fault = \"throttle\", requests = [2] }]\n"));
  const RunResult result = world.run(fast("10s"));
  CHECK(result.exit_code == 0);
  CHECK(result.seconds >= 2.0);
  CHECK(result.seconds < 5.5);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("http").at("throttled") == 1);
}

TEST_CASE("faults: a Retry-After beyond the deadline ends the wait on the deadline", "[e2e][faults]") {
  World world(cce_job(R"(["Running"])",
                      "faults = [{ fault = \"throttle\", requests = \"2-\", retry_after = \"3600\" }]\n"));
  const RunResult result = world.run(fast("1s"));
  CHECK(result.exit_code == 3);
  CHECK(result.seconds >= 1.0);
  CHECK(result.seconds < 2.0);
  REQUIRE(result.artifact);
  const json::value& job = job0(result);
  CHECK(job.at("polls") == 2);  // nothing is sent that the service asked us not to send
  CHECK(job.at("http").at("throttled") == 1);
  CHECK(job.at("last_error").at("retry_after_seconds") == 3600);
}

TEST_CASE("faults: a reset mid-body, a truncated body and invalid JSON are retried", "[e2e][faults]") {
  World world(cce_job(R"(["Running", "Running", "Running", "Success"])",
                      "faults = [{ fault = \"reset\", requests = [2] }, { fault = \"truncate\", requests = [3] },\n"
                      "          { fault = \"invalid_json\", requests = [4] }]\n"));
  const RunResult result = world.run(fast("10s"));
  CHECK(result.exit_code == 0);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  const json::value& job = job0(result);
  CHECK(job.at("polls") == 5);
  CHECK(job.at("http").at("transport_errors") == 1);  // the reset
  CHECK(count(job.at("http"), "200") == 4);            // two of them unreadable
  CHECK(world.sim.stats().at("jobs").at("job-1").at("requests") == 5);
}

TEST_CASE("faults: a slow drip and a hung answer are cut off by the request timeout", "[e2e][faults]") {
  const std::pair<const char*, const char*> cases[] = {{"drip", "{ fault = \"drip\", delay = \"200ms\", requests = [2] }"},
                                                       {"latency", "{ fault = \"latency\", delay = \"20s\", requests = [2] }"}};
  for (const auto& [name, fault] : cases) {
    DYNAMIC_SECTION(name) {
      World world(cce_job(R"(["Running", "Success"])", std::string("faults = [") + fault + "]\n"));
      const RunResult result = world.run(fast("10s", "request_timeout = \"500ms\"\n"));
      CHECK(result.exit_code == 0);
      CHECK(result.seconds >= 0.5);
      CHECK(result.seconds < 2.5);
      REQUIRE(result.artifact);
      CHECK(job0(result).at("http").at("transport_errors") == 1);
      CHECK(job0(result).at("polls") == 3);
    }
  }
}

TEST_CASE("faults: latency within the request timeout is just a slow answer", "[e2e][faults]") {
  World world(cce_job(R"(["Running", "Success"])", "faults = [{ fault = \"latency\", delay = \"300ms\" }]\n"));
  const RunResult result = world.run(fast("10s", "request_timeout = \"2s\"\n"));
  CHECK(result.exit_code == 0);
  CHECK(result.seconds >= 0.6);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("http").at("transport_errors") == 0);
  CHECK(job0(result).at("polls") == 2);
}

TEST_CASE("faults: a job that appears late is waited for within the grace", "[e2e][faults]") {
  const std::pair<const char*, const char*> cases[] = {{"after 3 requests", "appear_after = 3"},
                                                       {"after 500ms", "appear_after = \"500ms\""}};
  for (const auto& [name, appear] : cases) {
    DYNAMIC_SECTION(name) {
      World world(cce_job(R"(["Running", "Success"])", std::string(appear) + "\n"));
      const RunResult result = world.run(fast("10s", "not_found_grace = \"5s\"\n"));
      CHECK(result.exit_code == 0);
      CHECK(result.seconds < 6.0);
      REQUIRE(result.artifact);
      const json::value& job = job0(result);
      CHECK(job.at("state") == "succeeded");
      CHECK(count(job.at("http"), "404") >= 1);
      CHECK(any_warning_contains(job, "not_found_grace"));
    }
  }
}

TEST_CASE("faults: a job that never appears exits 4 when the grace ends", "[e2e][faults]") {
  World world(cce_job(R"(["Success"])", "appear_after = 100000\n"));
  const RunResult result = world.run(fast("10s", "not_found_grace = \"500ms\"\n"));
  CHECK(result.exit_code == 4);
  CHECK(result.seconds >= 0.5);
  CHECK(result.seconds < 1.5);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "not_found");
  CHECK(result.artifact->at("wait").at("not_found_grace_seconds") == 0.5);
  CHECK(job0(result).at("last_error").at("kind") == "not_found");
  CHECK(job0(result).at("status").is_null());
}

TEST_CASE("faults: a job that vanishes after being seen exits 4 at once and says so", "[e2e][faults]") {
  World world(cce_job(R"(["Running"])", "vanish_after = 2\n"));
  const RunResult result = world.run(fast("10s"));
  CHECK(result.exit_code == 4);
  CHECK(result.seconds < 2.0);  // no grace for a job that was there
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "not_found");
  CHECK_THAT(std::string(result.artifact->at("message").as_string()), Catch::Contains("disappeared"));
  const json::value& job = job0(result);
  CHECK(job.at("polls") == 3);
  CHECK(job.at("status") == "Running");  // the last thing known is kept
  CHECK(job.at("last_error").at("http_status") == 404);
}

TEST_CASE("faults: SIGTERM and SIGINT during a hung request stop within a second", "[e2e][faults]") {
  const std::pair<int, int> cases[] = {{SIGTERM, 143}, {SIGINT, 130}};
  for (const auto& [signal_number, exit_code] : cases) {
    DYNAMIC_SECTION("signal " << signal_number) {
      // The second request hangs far longer than its own timeout allows.
      World world(cce_job(R"(["Running"])", "faults = [{ fault = \"latency\", delay = \"60s\", requests = \"2-\" }]\n"));
      const RunResult result = world.run(fast("60s", "request_timeout = \"30s\"\n"), {},
                                         std::pair{signal_number, std::chrono::milliseconds(700)});
      CHECK(result.exit_code == exit_code);
      CHECK(result.seconds < 1.7);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "interrupted");
      CHECK(result.artifact->at("exit_code") == exit_code);
      CHECK(job0(result).at("status") == "Running");
    }
  }
}

TEST_CASE("faults: an unknown status waits by default and fails with on_unknown = fail", "[e2e][faults]") {
  SECTION("wait") {
    World world(cce_job(R"(["Frobnicating", "Success"])", ""));
    const RunResult result = world.run(fast("10s"));
    CHECK(result.exit_code == 0);
    REQUIRE(result.artifact);
    CHECK(any_warning_contains(job0(result), "Frobnicating"));
  }
  SECTION("fail") {
    World world(cce_job(R"(["Running", "Frobnicating", "Success"])", ""));
    const RunResult result = world.run(fast("10s", "on_unknown = \"fail\"\n"));
    CHECK(result.exit_code == 6);
    REQUIRE(result.artifact);
    CHECK(result.artifact->at("wait").at("on_unknown") == "fail");
    CHECK(job0(result).at("status") == "Frobnicating");
    CHECK(job0(result).at("state") == "unknown");
    CHECK(any_warning_contains(job0(result), "Frobnicating"));
  }
}

TEST_CASE("faults: confirm = 2 does not believe a terminal status read once", "[e2e][faults]") {
  World world(cce_job(R"(["Running", "Failed", "Running", "Success", "Success"])", ""));
  const RunResult result = world.run(fast("10s", "confirm = 2\n"));
  CHECK(result.exit_code == 0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("wait").at("confirm") == 2);
  CHECK(job0(result).at("polls") == 5);
}

TEST_CASE("faults: a job that stops changing is reported stalled", "[e2e][faults]") {
  World world(cce_job(R"(["Running"])", ""));
  const RunResult result = world.run(fast("1s", "stall_warning = \"300ms\"\n"));
  CHECK(result.exit_code == 3);
  CHECK(result.seconds < 2.0);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("stalled") == true);
  CHECK(any_warning_contains(job0(result), "not changed"));
}

TEST_CASE("faults: a result directory that vanishes mid-wait leaves the exit code standing", "[e2e][faults]") {
  World world(cce_job(R"(["Running"])", "every = \"100ms\"\n"));
  std::filesystem::create_directory(world.dir / "out");
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), fast("1s")));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "out/result.json"};
  run.env = {{"E2E_TOKEN", k_token}};
  std::thread remover([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    std::filesystem::remove_all(world.dir / "out");
  });
  const RunResult result = run_jobwait(world.dir, run);
  remover.join();
  CHECK(result.exit_code == 3);  // the job's outcome, not a write failure
  CHECK_THAT(result.err, Catch::Contains("out/result.json"));  // stderr says which file and why
  CHECK_FALSE(std::filesystem::exists(world.dir / "out"));
  CHECK(result.err.find(k_token) == std::string::npos);
}

TEST_CASE("faults: a body over 8 MiB or headers over 64 KiB are refused as transient errors", "[e2e][faults]") {
  const std::pair<const char*, const char*> cases[] = {{"huge_body", "body over 8 MiB"},
                                                       {"huge_headers", "headers over 64 KiB"}};
  for (const auto& [fault, why] : cases) {
    DYNAMIC_SECTION(fault) {
      World world(cce_job(R"(["Running"])", std::string("faults = [{ fault = \"") + fault + "\", requests = \"2-\" }]\n"));
      const RunResult result = world.run(fast("10s", "max_errors = 2\n"));
      CHECK(result.exit_code == 6);
      CHECK(result.seconds < 11.0);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "api_error");
      const json::value& job = job0(result);
      CHECK(job.at("polls") == 3);
      CHECK(job.at("status") == "Running");  // the last good read is kept
      CHECK(job.at("http").at("transport_errors") == 2);
      const json::value& error = job.at("last_error");
      CHECK(error.at("kind") == "transient");
      CHECK(error.at("http_status").is_null());
      const std::string expected = std::string("response too large: ") + why;
      CHECK(error.at("message") == expected.c_str());
      const std::string message(result.artifact->at("message").as_string());
      CHECK_THAT(message, Catch::Contains(expected));
      CHECK_THAT(message, !Catch::Contains("too large: response too large"));
    }
  }
}

namespace {

// A job whose project is not in the step: looked up at the sim's IAM first (GET /v3/projects).
// `root` goes before the tables: iam_faults, for one.
std::string iam_scenario(const std::string& root, const std::string& statuses = R"(["Running", "Success"])") {
  return root + "[[project]]\nid = \"proj-1\"\nname = \"eu-de\"\n" + cce_job(statuses, "");
}

void write_lookup_step(World& world, const std::string& timeout, const std::string& wait_extra = "") {
  const std::string url = world.sim.base_url();
  write_file(world.dir / "step.toml",
             "name = \"e2e\"\n[job]\nprovider = \"cce\"\nid = \"job-1\"\nregion = \"eu-de\"\nendpoint = \"" + url +
                 "\"\n[auth]\ntoken = \"${E2E_TOKEN}\"\niam_endpoint = \"" + url + "\"\n[wait]\ntimeout = \"" +
                 timeout + "\"\ninterval = \"50ms\"\nmax_interval = \"100ms\"\n" + wait_extra);
}

std::int64_t iam_requests(const World& world) { return world.sim.stats().at("iam_requests").as_int64(); }
std::int64_t job_requests(const World& world) {
  return world.sim.stats().at("jobs").at("job-1").at("requests").as_int64();
}

}  // namespace

TEST_CASE("faults: a reset and a 5xx at IAM's project lookup are retried like polls", "[e2e][faults][iam]") {
  World world(iam_scenario("iam_faults = [{ fault = \"reset\", requests = [1] }, "
                           "{ fault = \"status\", status = 503, requests = [2] }]\n"));
  write_lookup_step(world, "10s");
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 0);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  CHECK(job0(result).at("state") == "succeeded");
  CHECK(job0(result).at("polls") == 2);  // the lookup's attempts are not job polls
  CHECK(iam_requests(world) == 3);
}

TEST_CASE("faults: IAM failing past the error budget exits 6 before any poll", "[e2e][faults][iam]") {
  World world(iam_scenario("iam_faults = [{ fault = \"status\", status = 503 }]\n"));
  write_lookup_step(world, "10s", "max_errors = 3\n");
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 6);
  CHECK(result.seconds < 11.0);
  REQUIRE(result.artifact);
  CHECK(result.artifact->at("outcome") == "api_error");
  const std::string message(result.artifact->at("message").as_string());
  CHECK_THAT(message, Catch::StartsWith("cannot look up the project at IAM: gave up after 3"));
  const json::value& job = job0(result);
  CHECK(job.at("polls") == 0);
  CHECK(job.at("last_error").at("kind") == "transient");
  CHECK(job.at("last_error").at("http_status") == 503);
  CHECK(iam_requests(world) == 3);
  CHECK(job_requests(world) == 0);
}

TEST_CASE("faults: IAM hanging past the deadline ends the run on the deadline", "[e2e][faults][iam]") {
  World world(iam_scenario("iam_faults = [{ fault = \"latency\", delay = \"60s\" }]\n"));
  write_lookup_step(world, "1s", "request_timeout = \"30s\"\n");
  const RunResult result = world.run_file();
  CHECK(result.exit_code == 6);  // never read a status: not "timed out"
  CHECK(result.seconds >= 1.0);
  CHECK(result.seconds < 2.0);
  REQUIRE(result.artifact);
  CHECK_THAT(std::string(result.artifact->at("message").as_string()),
             Catch::StartsWith("cannot look up the project at IAM: no answer from the API within 1s"));
  CHECK(job_requests(world) == 0);
}

TEST_CASE("faults: SIGTERM and SIGINT during a hung project lookup stop within a second", "[e2e][faults][iam]") {
  const std::pair<int, int> cases[] = {{SIGTERM, 143}, {SIGINT, 130}};
  for (const auto& [signal_number, exit_code] : cases) {
    DYNAMIC_SECTION("signal " << signal_number) {
      World world(iam_scenario("iam_faults = [{ fault = \"latency\", delay = \"60s\" }]\n"));
      write_lookup_step(world, "60s", "request_timeout = \"30s\"\n");
      const RunResult result = world.run_file({}, std::pair{signal_number, std::chrono::milliseconds(700)});
      CHECK(result.exit_code == exit_code);
      CHECK(result.seconds < 1.7);
      REQUIRE(result.artifact);
      CHECK(result.artifact->at("outcome") == "interrupted");
      CHECK(result.artifact->at("exit_code") == exit_code);
      CHECK(job0(result).at("polls") == 0);
      CHECK(job_requests(world) == 0);
    }
  }
}

TEST_CASE("faults: a result path under a regular file is exit 2 before anything is sent", "[e2e][faults]") {
  // Not a permission test, so it holds as root too (CI runs as root, where 0555 means nothing).
  World world(cce_job(R"(["Success"])", ""));
  write_file(world.dir / "blocker", "a file, not a directory\n");
  write_file(world.dir / "step.toml", step_file(world.sim.base_url(), fast("10s")));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", "blocker/result.json"};
  run.env = {{"E2E_TOKEN", k_token}};
  const RunResult result = run_jobwait(world.dir, run);
  CHECK(result.exit_code == 2);
  CHECK(result.seconds < 2.0);
  CHECK_THAT(result.err, Catch::Contains("blocker/result.json"));
  CHECK_THAT(result.err, Catch::Contains("not a directory"));
  CHECK(world.sim.stats().at("requests") == 0);
  CHECK(std::filesystem::is_regular_file(world.dir / "blocker"));
}

namespace {

// Whether `secret` stands alone somewhere in `text`: not inside a longer run of letters,
// digits and '_' (the Redactor's rule for short secrets, redact.hpp).
bool stands_alone_in(const std::string& text, const std::string& secret) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
    const std::size_t end = at + secret.size();
    if ((at == 0 || !word(text[at - 1])) && (end == text.size() || !word(text[end]))) return true;
  }
  return false;
}

// Every key of the artifact, recursively, as "a.b.c" (array elements as "a[]").
void collect_keys(const json::value& value, const std::string& prefix, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& member : value.as_object()) {
      const std::string key = prefix + std::string(member.key());
      keys.insert(key);
      collect_keys(member.value(), key + ".", keys);
    }
  } else if (value.is_array()) {
    for (const json::value& item : value.as_array()) collect_keys(item, prefix.substr(0, prefix.size() - 1) + "[].", keys);
  }
}

// One run against a sim that accepts `token`, waiting on the cce job `id`, which the sim
// knows (Running, then Success) or not (a 404 naming the id), logging JSON lines verbosely.
RunResult run_with_token(const TempDir& dir, const std::string& token, const std::string& id, bool known) {
  SimProcess sim("token = \"" + token + "\"\n" +
                 (known ? "[[job]]\nprovider = \"cce\"\nid = \"" + id +
                              "\"\nproject_id = \"proj-1\"\nstatuses = [\"Running\", \"Success\"]\n"
                        : std::string()));
  StepOptions options = fast("10s", "not_found_grace = \"0s\"\n");
  options.id = id;
  write_file(dir / "step.toml", step_file(sim.base_url(), options));
  RunOptions run;
  run.args = {"run", "step.toml", "--result", (dir / "result.json").string(), "--log-format", "json", "--verbose"};
  run.env = {{"E2E_TOKEN", token}};
  run.result = dir / "result.json";
  return run_jobwait(dir, run);
}

std::set<std::string> keys_of(const json::value& artifact) {
  std::set<std::string> keys;
  collect_keys(artifact, "", keys);
  return keys;
}

}  // namespace

TEST_CASE("faults: a 1- or 3-character secret is masked where it was placed, never in keys", "[e2e][faults][redact]") {
  // The token doubles as the job id, so the secret sits in the URL, in the artifact's id, in
  // the log lines and in the service's 404 text ("Resource not found: job <id>"). The same
  // run with a long token and an ordinary id gives the keys the artifact must keep.
  for (const std::string secret : {"t", "k9Z"}) {
    for (const bool known : {true, false}) {
      DYNAMIC_SECTION("secret \"" << secret << (known ? "\", job found" : "\", job not found")) {
        TempDir reference_dir;
        const RunResult reference = run_with_token(reference_dir, k_token, "job-9", known);
        REQUIRE(reference.artifact);
        TempDir dir;
        const RunResult result = run_with_token(dir, secret, secret, known);
        INFO("stderr: " << result.err);
        CHECK(result.exit_code == (known ? 0 : 4));
        REQUIRE(result.artifact);  // parsed: still JSON
        expect_valid_against_schema(dir / "result.json");
        const json::value& artifact = *result.artifact;
        CHECK(keys_of(artifact) == keys_of(*reference.artifact));
        CHECK(artifact.at("outcome") == (known ? "succeeded" : "not_found"));
        const json::value& job = artifact.at("jobs").at(0);
        CHECK(job.at("id") == "<redacted>");
        CHECK_THAT(std::string(job.at("url").as_string()), Catch::EndsWith("/jobs/<redacted>"));
        if (!known) {
          CHECK_THAT(std::string(job.at("last_error").at("message").as_string()),
                     Catch::Contains("Resource not found: job <redacted>"));
        }
        // Wherever the secret went, it is not there as itself: not in the artifact, not in the
        // JSON log lines (each still valid JSON), not on stdout.
        CHECK_FALSE(stands_alone_in(read_file(dir / "result.json"), secret));
        CHECK_FALSE(stands_alone_in(result.err, secret));
        CHECK_FALSE(stands_alone_in(result.out, secret));
        std::istringstream lines(result.err);
        for (std::string line; std::getline(lines, line);) {
          INFO("log line: " << line);
          boost::system::error_code error;
          json::parse(line, error);
          CHECK_FALSE(error);
        }
      }
    }
  }
}
