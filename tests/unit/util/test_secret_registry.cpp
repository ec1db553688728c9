#include <catch2/catch.hpp>

#include "util/secret_registry.hpp"

using jobwait::SecretRegistry;

TEST_CASE("secret registry: keeps each secret once, in the order added, and skips empty ones", "[redact]") {
  SecretRegistry registry;
  registry.add("one-secret");
  registry.add("");
  registry.add("two-secret");
  registry.add("one-secret");
  CHECK(registry.secrets() == std::vector<std::string>{"one-secret", "two-secret"});
}

TEST_CASE("secret registry: forms are the secrets and their JSON-escaped forms, longest first", "[redact]") {
  SecretRegistry registry;
  registry.add("abc");
  registry.add(R"(q"uote)");
  registry.add("abcdefgh");
  CHECK(*registry.forms() == std::vector<std::string>{"abcdefgh", R"(q\"uote)", R"(q"uote)", "abc"});
}

TEST_CASE("secret registry: listeners hear of each new secret, once, until removed", "[redact]") {
  SecretRegistry registry;
  registry.add("before");
  std::vector<std::string> heard;
  const std::size_t id = registry.add_listener([&](const std::string& secret) { heard.push_back(secret); });
  registry.add("new-one");
  registry.add("new-one");
  registry.remove_listener(id);
  registry.add("after");
  CHECK(heard == std::vector<std::string>{"new-one"});
}
