#include "app/job_id_from.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include <boost/json.hpp>

#include "util/text.hpp"

namespace jobwait {

namespace json = boost::json;

namespace {

std::string_view kind_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

// The error a create call answered with instead of a job: Huawei Cloud's APIs say
// {"error_code": "...", "error_msg": "..."}, the API gateway {"error": {"code", "message"}}.
std::optional<std::string> create_error(const json::value& document) {
  const json::object* object = document.if_object();
  if (object == nullptr) return std::nullopt;
  const auto text = [](const json::object& in, std::string_view key) -> std::string {
    const json::value* value = in.if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  std::string code = text(*object, "error_code"), message = text(*object, "error_msg");
  if (const json::value* nested = object->if_contains("error"); nested != nullptr && nested->is_object()) {
    if (code.empty()) code = text(nested->get_object(), "code");
    if (message.empty()) message = text(nested->get_object(), "message");
  }
  if (code.empty() && message.empty()) return std::nullopt;
  std::string said = code.empty() ? message : message.empty() ? code : code + ": " + message;
  // One line, and whole: the caller masks secrets in it, which a cut could defeat.
  for (char& c : said) c = static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  return "the create call answered an error, not a job: " + said;
}

}  // namespace

std::string_view default_job_id_pointer(std::string_view provider) {
  return provider == "cce" ? "/status/jobID" : "/job_id";
}

tl::expected<std::string, std::string> job_id_from_json(std::string_view json_text, std::string_view pointer) {
  if (trim(json_text).empty()) return tl::unexpected(std::string("empty input (did the create call fail?)"));
  boost::system::error_code error;
  const json::value document = json::parse(json_text, error);
  if (error) return tl::unexpected("not a JSON document (" + error.message() + ")");
  const json::value* found = document.find_pointer(pointer, error);
  if (found == nullptr) {
    if (auto failed = create_error(document)) return tl::unexpected(*failed);
    // A bad pointer and a missing member are both "nothing there" to the user.
    return tl::unexpected("nothing at " + std::string(pointer.empty() ? "\"\" (the whole document)" : pointer) +
                          " in the JSON document");
  }
  if (const json::string* text = found->if_string()) {
    if (text->empty()) return tl::unexpected("the job id at " + std::string(pointer) + " is empty");
    return std::string(*text);
  }
  if (found->is_int64()) return std::to_string(found->get_int64());
  if (found->is_uint64()) return std::to_string(found->get_uint64());
  return tl::unexpected("expected a string at " + std::string(pointer) + ", found " + std::string(kind_of(*found)));
}

tl::expected<std::string, std::string> read_job_id(const std::string& source, std::string_view pointer) {
  const bool from_stdin = source == "-";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(from_stdin ? stdin : std::fopen(source.c_str(), "rb"),
                                                        from_stdin ? +[](std::FILE*) { return 0; } : &std::fclose);
  const std::string name = from_stdin ? "stdin" : source;
  if (!file) return tl::unexpected("cannot read " + name + ": " + std::strerror(errno));
  std::string text;
  char buffer[4096];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
  if (std::ferror(file.get()) != 0) return tl::unexpected("cannot read " + name + ": " + std::strerror(errno));
  auto id = job_id_from_json(text, pointer);
  if (!id) return tl::unexpected(name + ": " + id.error());
  return id;
}

}  // namespace jobwait
