// runner/model/error.cpp: the error factories and the kinds' names.
#include <catch2/catch.hpp>

#include "model/error.hpp"

using jobwait::Error;
using jobwait::ErrorKind;

TEST_CASE("error: a factory sets the kind and the message and nothing else", "[error]") {
  const Error transient = Error::transient("cannot connect");
  CHECK(transient.kind == ErrorKind::transient);
  CHECK(transient.message == "cannot connect");
  CHECK(transient.code.empty());
  CHECK(transient.request_id.empty());
  CHECK(transient.http_status == 0);
  CHECK_FALSE(transient.retry_after.has_value());

  CHECK(Error::api("no status").kind == ErrorKind::api);
  CHECK(Error::api("no status").message == "no status");
  CHECK(Error::of(ErrorKind::not_found, "gone").kind == ErrorKind::not_found);
  CHECK(Error::of(ErrorKind::auth, "refused").message == "refused");
}

TEST_CASE("error: each kind has the name the artifact and the log use", "[error]") {
  CHECK(jobwait::to_string(ErrorKind::transient) == "transient");
  CHECK(jobwait::to_string(ErrorKind::auth) == "auth");
  CHECK(jobwait::to_string(ErrorKind::not_found) == "not_found");
  CHECK(jobwait::to_string(ErrorKind::config) == "config");
  CHECK(jobwait::to_string(ErrorKind::api) == "api");
}
