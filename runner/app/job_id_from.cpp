#include "app/job_id_from.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <boost/json.hpp>

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

}  // namespace

tl::expected<std::string, std::string> job_id_from_json(std::string_view json_text, std::string_view pointer) {
  boost::system::error_code error;
  const json::value document = json::parse(json_text, error);
  if (error) return tl::unexpected("not a JSON document (" + error.message() + ")");
  const json::value* found = document.find_pointer(pointer, error);
  if (found == nullptr) {
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
