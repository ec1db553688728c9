#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "app/job_id_from.hpp"

using namespace jobwait;

TEST_CASE("job id from: a JSON Pointer into what the create call returned", "[job_id_from]") {
  CHECK(job_id_from_json(R"({"job_id": "ss-123"})", "/job_id") == std::string("ss-123"));
  CHECK(job_id_from_json(R"({"status": {"jobID": "cce-9"}})", "/status/jobID") == std::string("cce-9"));
  CHECK(job_id_from_json(R"({"jobs": [{"id": "a"}, {"id": "b"}]})", "/jobs/1/id") == std::string("b"));
  CHECK(job_id_from_json(R"({"a/b": {"~k": "x"}})", "/a~1b/~0k") == std::string("x"));  // RFC 6901 escapes
  CHECK(job_id_from_json(R"({"id": 42})", "/id") == std::string("42"));
}

TEST_CASE("job id from: what is wrong is said without quoting the document", "[job_id_from]") {
  CHECK_THAT(job_id_from_json(R"({"job_id": "x"})", "/jobId").error(), Catch::Contains("nothing at /jobId"));
  CHECK_THAT(job_id_from_json(R"({"job_id": {"a": 1}})", "/job_id").error(), Catch::Contains("found an object"));
  CHECK_THAT(job_id_from_json(R"({"job_id": ""})", "/job_id").error(), Catch::Contains("empty"));
  CHECK_THAT(job_id_from_json("{\"job_id\": ", "/job_id").error(), Catch::Contains("not a JSON document"));
  CHECK_THAT(job_id_from_json(R"({"job_id": "x"})", "job_id").error(), Catch::Contains("nothing at"));
}

TEST_CASE("job id from: reads a file, and names it in errors", "[job_id_from]") {
  const std::string path = "jobwait-test-create-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << R"({"job_id": "from-file"})";
  CHECK(read_job_id(path, "/job_id") == std::string("from-file"));
  std::remove(path.c_str());
  CHECK_THAT(read_job_id(path, "/job_id").error(), Catch::Contains("cannot read " + path));
}

TEST_CASE("job id from: empty input asks whether the create call failed", "[job_id_from]") {
  CHECK(job_id_from_json("", "/job_id").error() == "empty input (did the create call fail?)");
  CHECK(job_id_from_json(" \n\t\r\n", "/job_id").error() == "empty input (did the create call fail?)");
}

TEST_CASE("job id from: an error the create call answered with is named, in both of its shapes", "[job_id_from]") {
  CHECK(job_id_from_json(R"({"error_code": "CCE.01400001", "error_msg": "Invalid request.\nBad flavor"})",
                         "/status/jobID")
            .error() == "the create call answered an error, not a job: CCE.01400001: Invalid request. Bad flavor");
  CHECK(job_id_from_json(R"({"error": {"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}})",
                         "/job_id")
            .error() == "the create call answered an error, not a job: APIGW.0301: Incorrect IAM authentication "
                        "information");
  // An answer that has the id is taken, whatever else it says.
  CHECK(job_id_from_json(R"({"job_id": "j-1", "error_code": "", "error_msg": ""})", "/job_id") == std::string("j-1"));
}

TEST_CASE("job id from: each provider's default pointer is where its create calls answer", "[job_id_from]") {
  CHECK(default_job_id_pointer("cce") == "/status/jobID");
  for (const char* provider : {"servicestage", "cae", "ief", "cfw", "v1-jobs", "http", ""}) {
    CHECK(default_job_id_pointer(provider) == "/job_id");
  }
}
