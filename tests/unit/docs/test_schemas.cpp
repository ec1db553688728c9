// schemas/*.json against the code: the step schema describes exactly the key table's keys, with
// their types and defaults, and the binary carries the schema files as they are in the tree.
// (tests/schema/ validates examples and artifacts against them with a real validator.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "config/keys.hpp"
#include "util/embedded_files.hpp"

using namespace jobwait::config;
namespace json = boost::json;

namespace {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(JOBWAIT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const json::object& step_schema() {
  static const json::value schema = json::parse(source_file("schemas/step.schema.json"));
  return schema.as_object();
}

// Dotted key → its schema node: a property with a "$ref" is a key; one with "properties" is a
// table, whose own properties are walked.
void collect(const json::object& node, const std::string& prefix, std::map<std::string, const json::object*>& out) {
  const json::value* properties = node.if_contains("properties");
  if (properties == nullptr) return;
  for (const auto& [name, property] : properties->as_object()) {
    const std::string dotted = prefix + std::string(name);
    const json::object& object = property.as_object();
    if (object.contains("$ref")) {
      out[dotted] = &object;
    } else {
      INFO(dotted);
      CHECK(object.at("additionalProperties") == false);  // a misspelt key is an error, as in the loader
      collect(object, dotted + ".", out);
    }
  }
}

std::map<std::string, const json::object*> schema_keys() {
  std::map<std::string, const json::object*> keys;
  collect(step_schema(), "", keys);
  return keys;
}

std::string def_of(KeyType type) {
  switch (type) {
    case KeyType::string: return "string";
    case KeyType::duration: return "duration";
    case KeyType::integer: return "integer";
    case KeyType::exit_code: return "exit_code";
    case KeyType::pointer: return "json_pointer";
    case KeyType::string_list: return "string_list";
    case KeyType::string_map: return "string_map";
    default: return "boolean";
  }
}

}  // namespace

TEST_CASE("schemas: the step schema and the key table name the same keys", "[schemas]") {
  const auto keys = schema_keys();
  std::set<std::string> in_schema, in_table;
  for (const auto& [name, node] : keys) in_schema.insert(name);
  for (std::string_view name : key_names()) in_table.insert(std::string(name));
  for (const std::string& name : in_table) {
    INFO(name << " is in runner/config/keys.cpp: add it to schemas/step.schema.json");
    CHECK(in_schema.count(name) == 1);
  }
  for (const std::string& name : in_schema) {
    INFO(name << " is in schemas/step.schema.json but not in the key table");
    CHECK(in_table.count(name) == 1);
  }
}

TEST_CASE("schemas: each key's schema has its type, default and a description", "[schemas]") {
  const auto keys = schema_keys();
  const json::object& defs = step_schema().at("$defs").as_object();
  for (const KeyInfo& key : step_keys()) {
    const auto found = keys.find(std::string(key.name));
    if (found == keys.end()) continue;  // reported above
    const json::object& node = *found->second;
    INFO(key.name);
    const std::string ref(node.at("$ref").as_string());
    CHECK(ref == "#/$defs/" + def_of(key.type));
    CHECK(defs.contains(ref.substr(ref.rfind('/') + 1)));
    CHECK(node.contains("description"));
    if (key.default_text.empty()) {
      CHECK_FALSE(node.contains("default"));
    } else {
      REQUIRE(node.contains("default"));
      const json::value& given = node.at("default");
      const std::string text = given.is_string() ? std::string(given.as_string()) : json::serialize(given);
      CHECK(text == key.default_text);
    }
  }
}

TEST_CASE("schemas: every schema is JSON Schema 2020-12 with an $id", "[schemas]") {
  for (const char* file : {"schemas/step.schema.json", "schemas/result.schema.json", "schemas/exec-output.schema.json"}) {
    INFO(file);
    const json::value schema = json::parse(source_file(file));
    CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    CHECK(schema.at("$id").as_string().ends_with(std::string(file).substr(8)));
  }
}

TEST_CASE("embedded files: the binary carries the schemas and presets as they are in the tree", "[schemas]") {
  // The files runner/CMakeLists.txt embeds, found as it finds them: every schema, every preset.
  std::vector<std::string> paths;
  for (const auto& [folder, extension] : {std::pair{"schemas", ".json"}, std::pair{"runner/providers/presets", ".toml"}}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(JOBWAIT_SOURCE_DIR) + "/" + folder)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(extension)) paths.push_back(std::string(folder) + "/" + name);
    }
  }
  for (const char* required : {"schemas/step.schema.json", "schemas/result.schema.json",
                               "schemas/exec-output.schema.json", "runner/providers/presets/v1-jobs.toml"}) {
    INFO(required);
    CHECK(std::find(paths.begin(), paths.end(), required) != paths.end());
  }
  for (const std::string& path : paths) {
    INFO(path);
    CHECK(jobwait::embedded_file(path) == source_file(path));
  }
  CHECK_FALSE(jobwait::embedded_file("schemas/nope.json"));
}
