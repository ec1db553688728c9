// schemas/*.json against the code: the step schema describes exactly the key table's keys, each
// with the node key_node() below makes from its table entry, and the binary carries the schema
// files as they are in the tree. (tests/schema/ validates examples and artifacts against them with
// a real validator, and runs taplo, the engine of Even Better TOML, over good and broken files.)
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
#include "jobs/registry.hpp"
#include "providers/endpoint.hpp"
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

// Dotted key → its schema node: a property with "properties" is a table, whose own properties
// are walked; any other property is a key. "jobs" is the array of [job] tables, checked below.
void collect(const json::object& node, const std::string& prefix, std::map<std::string, const json::object*>& out) {
  const json::value* properties = node.if_contains("properties");
  if (properties == nullptr) return;
  for (const auto& [name, property] : properties->as_object()) {
    const std::string dotted = prefix + std::string(name);
    const json::object& object = property.as_object();
    if (dotted == "jobs") continue;
    if (object.contains("properties")) {
      INFO(dotted);
      CHECK(object.at("additionalProperties") == false);  // a misspelt key is an error, as in the loader
      collect(object, dotted + ".", out);
    } else {
      out[dotted] = &object;
    }
  }
}

std::map<std::string, const json::object*> schema_keys() {
  std::map<std::string, const json::object*> keys;
  collect(step_schema(), "", keys);
  return keys;
}

// The values a string key takes. The loader checks most through the table's `allowed`; the
// provider (jobs/registry), the cloud (providers/endpoint) and the declared API's method
// (providers/declared_check.cpp, GET, POST or PUT) are checked where they are used.
std::vector<std::string> vocabulary(const KeyInfo& key) {
  std::vector<std::string> values(key.allowed.begin(), key.allowed.end());
  if (key.name == "job.provider") {
    for (const auto& entry : jobwait::providers::provider_entries()) values.emplace_back(entry.name);
  } else if (key.name == "job.cloud") {
    values.assign(std::begin(k_clouds), std::end(k_clouds));
  } else if (key.name == "job.http.method") {
    values = {"GET", "POST", "PUT"};
  }
  return values;
}

json::array quoted_list(const std::vector<std::string>& values) {
  json::array list;
  for (const std::string& value : values) list.emplace_back(value);
  return list;
}

// A string written as is, not a ${VAR} reference: only such a value can be checked before it is
// expanded (every string may hold ${VAR}, README "Step-file reference").
json::value literal_string() { return json::parse(R"({"type": "string", "not": {"pattern": "\\$\\{"}})"); }

// The node every key has in schemas/step.schema.json, from its entry in the key table. Written out
// in full, never as a "$ref": taplo (the engine of Even Better TOML) reads a node holding a "$ref"
// as the referenced schema alone (draft-07 rules), so a description, default or enum beside the
// "$ref" would reach no editor, and taplo shows an anyOf's failure without naming what was
// expected; an if/then's enum or pattern names it. The description is what hover shows, so it
// names the format and the default too.
json::object key_node(const KeyInfo& key) {
  json::object node;
  node["description"] = "";  // first, then the default: the order the file shows them in
  const bool quoted = key.type == KeyType::string || key.type == KeyType::duration;
  if (!key.default_text.empty()) node["default"] = quoted ? json::value(key.default_text) : json::parse(key.default_text);
  std::string description(key.description);
  const std::vector<std::string> values = vocabulary(key);
  switch (key.type) {
    case KeyType::string:
      node["type"] = "string";
      if (!values.empty()) {  // the description names them (the table's descriptions do)
        node["if"] = literal_string();
        node["then"] = json::object{{"enum", quoted_list(values)}};
      }
      break;
    case KeyType::duration:
      node["type"] = json::array{"integer", "string"};
      node["minimum"] = 0;
      node["if"] = literal_string();
      node["then"] = json::object{{"minLength", 1}, {"pattern", R"(^(\d+|(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$)"}};
      description +=
          "\n\nA duration: \"500ms\", \"2s\", \"5m\", \"1h\", \"1m30s\" (largest unit first, each once), or whole "
          "seconds (30).";
      break;
    case KeyType::integer:
      node["type"] = json::array{"integer", "string"};
      node["minimum"] = 0;
      node["if"] = literal_string();
      node["then"] = json::object{{"pattern", R"(^\d+$)"}};
      break;
    case KeyType::exit_code:
      node["type"] = json::array{"integer", "string"};
      node["minimum"] = 0;
      node["maximum"] = 255;
      node["if"] = literal_string();
      node["then"] = json::object{{"pattern", R"(^\d{1,3}$)"}};
      description += "\n\nAn exit code, 0-255.";
      break;
    case KeyType::pointer:
      node["type"] = "string";
      node["pattern"] = "^(/([^~]|~[01])*)*$";
      description += "\n\nA JSON Pointer (RFC 6901): \"/status\", \"/entities/sub_jobs\"; ~0 is '~' and ~1 is '/'.";
      break;
    case KeyType::string_list:
      node["type"] = "array";
      node["items"] = json::object{{"type", "string"}, {"minLength", 1}};
      break;
    case KeyType::string_map:
      node["type"] = "object";
      node["additionalProperties"] = json::object{{"type", "string"}};
      break;
    case KeyType::boolean:
      node["type"] = "boolean";
      break;
  }
  if (!key.default_text.empty()) {
    const std::string text(key.default_text);
    description += "\n\nDefault: " + (quoted ? "\"" + text + "\"" : text) + ".";
  }
  node["description"] = description;
  return node;
}

// parent[name] as an object, made (empty) if missing.
json::object& object_at(json::object& parent, std::string_view name) {
  json::value& value = parent[name];
  if (!value.is_object()) value = json::object();
  return value.as_object();
}

// The table a dotted key sits in, made if missing: "wait.timeout" → the "wait" node's
// "properties", and "timeout".
std::pair<json::object*, std::string> key_place(json::object& schema, std::string_view dotted) {
  json::object* node = &schema;
  std::size_t start = 0;
  for (std::size_t dot = dotted.find('.'); dot != std::string_view::npos; dot = dotted.find('.', start)) {
    json::object& table = object_at(object_at(*node, "properties"), dotted.substr(start, dot - start));
    if (table.empty()) table = json::object{{"type", "object"}, {"additionalProperties", false}};
    node = &table;
    start = dot + 1;
  }
  return {&object_at(*node, "properties"), std::string(dotted.substr(start))};
}

// JSON as schemas/ writes it: two-space indent, an array of plain values on one line.
void write_pretty(std::ostream& out, const json::value& value, const std::string& indent = "") {
  const auto structured = [](const json::value& item) { return item.is_structured(); };
  if (value.is_object() && !value.as_object().empty()) {
    out << "{";
    const char* separator = "\n";
    for (const auto& [name, member] : value.as_object()) {
      out << separator << indent << "  " << json::serialize(json::value(name)) << ": ";
      write_pretty(out, member, indent + "  ");
      separator = ",\n";
    }
    out << "\n" << indent << "}";
  } else if (value.is_array() && std::any_of(value.as_array().begin(), value.as_array().end(), structured)) {
    out << "[";
    const char* separator = "\n";
    for (const json::value& item : value.as_array()) {
      out << separator << indent << "  ";
      write_pretty(out, item, indent + "  ");
      separator = ",\n";
    }
    out << "\n" << indent << "]";
  } else if (value.is_array()) {
    out << "[";
    const char* separator = "";
    for (const json::value& item : value.as_array()) {
      out << separator << json::serialize(item);
      separator = ", ";
    }
    out << "]";
  } else {
    out << json::serialize(value);
  }
}

// The step schema as the key table makes it: each key's node from key_node(), a key the table
// lacks dropped, and a [[jobs]] entry ($defs/job_entry) with the keys of [job] and its own auth.
json::value regenerated(const json::object& schema) {
  json::object result = schema;
  std::set<std::string> in_table;
  for (std::string_view name : key_names()) in_table.emplace(name);
  for (const auto& [name, node] : schema_keys()) {
    if (in_table.count(name) == 0) {
      auto [properties, leaf] = key_place(result, name);
      properties->erase(leaf);
    }
  }
  for (const KeyInfo& key : step_keys()) {
    auto [properties, leaf] = key_place(result, key.name);
    (*properties)[leaf] = key_node(key);
  }
  const json::object& job = result.at("properties").at("job").as_object();
  json::object& entry = object_at(object_at(result, "$defs"), "job_entry");
  json::object entry_properties = job.at("properties").as_object();
  entry_properties["auth"] = json::object{{"$ref", "#/properties/auth"}};
  entry["properties"] = std::move(entry_properties);
  entry["required"] = job.at("required");
  entry["allOf"] = job.at("allOf");
  return result;
}

// Where a key's node sits in the schema, as a JSON Pointer: "wait.timeout" →
// /properties/wait/properties/timeout.
std::string schema_pointer(std::string_view dotted) {
  std::string pointer;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    pointer += "/properties/" + std::string(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) return pointer;
    start = dot + 1;
  }
}

}  // namespace

TEST_CASE("schemas: the step schema and the key table name the same keys", "[schemas]") {
  const auto keys = schema_keys();
  std::set<std::string> in_schema, in_table;
  for (const auto& [name, node] : keys) in_schema.insert(name);
  for (std::string_view name : key_names()) in_table.insert(std::string(name));
  for (const std::string& name : in_table) {
    INFO(name << " is in runner/config/keys.cpp: add it to schemas/step.schema.json at " << schema_pointer(name)
              << " (the next test writes the schema the table makes)");
    CHECK(in_schema.count(name) == 1);
  }
  for (const std::string& name : in_schema) {
    INFO(name << " is in schemas/step.schema.json but not in the key table");
    CHECK(in_table.count(name) == 1);
  }
}

TEST_CASE("schemas: each key's node is the one its table entry makes (type, format, values, default, description)",
          "[schemas]") {
  const json::value expected = regenerated(step_schema());
  if (expected == json::value(step_schema())) return;
  // So a key added to or changed in runner/config/keys.cpp stays that one edit: the schema the
  // table makes is written here, to be copied over schemas/step.schema.json.
  const std::filesystem::path written = std::filesystem::absolute("step.schema.json.regenerated");
  std::ofstream out(written);
  write_pretty(out, expected);
  out << "\n";
  out.close();
  const auto keys = schema_keys();
  for (const KeyInfo& key : step_keys()) {
    const auto found = keys.find(std::string(key.name));
    INFO(key.name << " differs from what the key table makes: cp " << written.string() << " schemas/step.schema.json");
    CHECK((found != keys.end() && json::value(*found->second) == json::value(key_node(key))));
  }
  INFO("schemas/step.schema.json differs from what the key table makes: cp " << written.string()
                                                                            << " schemas/step.schema.json");
  CHECK(expected == json::value(step_schema()));
}

TEST_CASE("schemas: [[jobs]] entries are $defs/job_entry, which allows no other key", "[schemas]") {
  // Its keys are [job]'s and its own auth table: regenerated() makes them so, checked above.
  CHECK(step_schema().at("properties").at("jobs").at("items").at("$ref") == "#/$defs/job_entry");
  CHECK(step_schema().at("$defs").at("job_entry").at("additionalProperties") == false);
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
