#include "providers/exec_output.hpp"

#include <cmath>
#include <optional>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "providers/json_fields.hpp"

namespace jobwait::providers {

namespace {

using boost::json::object;
using boost::json::value;

Error broken(const std::string& what) { return Error::transient("exec output breaks the protocol: " + what); }

std::optional<State> state_named(std::string_view name) {
  for (State state : {State::pending, State::running, State::succeeded, State::failed, State::cancelled, State::unknown}) {
    if (to_string(state) == name) return state;
  }
  return std::nullopt;
}

// A member that must be a string when present: nullopt (with `ok` false) for another type.
std::optional<std::string> optional_text(const object& from, std::string_view key, bool& ok) {
  const value* member = from.if_contains(key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_string()) {
    ok = false;
    return std::nullopt;
  }
  return std::string(member->get_string());
}

tl::expected<State, Error> read_state(const object& from, std::string_view where) {
  const value* member = from.if_contains("state");
  if (member == nullptr) return tl::unexpected(broken(std::string(where) + "no \"state\""));
  const std::optional<State> state = member->is_string() ? state_named(member->get_string()) : std::nullopt;
  if (!state) {
    return tl::unexpected(broken(std::string(where) + "\"state\" must be pending, running, succeeded, failed, "
                                                      "cancelled or unknown, got " + json::excerpt(boost::json::serialize(*member), 60)));
  }
  return *state;
}

tl::expected<Task, Error> read_task(const value& item, std::size_t index) {
  const std::string where = "tasks[" + std::to_string(index) + "]: ";
  const object* from = item.if_object();
  if (from == nullptr) return tl::unexpected(broken(where + "not an object"));
  Task task;
  bool ok = true;
  task.name = optional_text(*from, "name", ok).value_or("");
  if (!ok || task.name.empty()) return tl::unexpected(broken(where + "\"name\" must be a non-empty string"));
  auto state = read_state(*from, where);
  if (!state) return tl::unexpected(state.error());
  task.state = *state;
  task.id = optional_text(*from, "id", ok).value_or("");
  task.status = optional_text(*from, "status", ok).value_or(std::string(to_string(task.state)));
  task.message = json::excerpt(optional_text(*from, "message", ok).value_or(""), 500);
  if (!ok) return tl::unexpected(broken(where + "\"id\", \"status\" and \"message\" must be strings"));
  return task;
}

tl::expected<JobStatus, Error> read_error(const value& member) {
  const object* error = member.if_object();
  const value* kind = error != nullptr ? error->if_contains("kind") : nullptr;
  const value* message = error != nullptr ? error->if_contains("message") : nullptr;
  if (kind == nullptr || !kind->is_string() || message == nullptr || !message->is_string()) {
    return tl::unexpected(broken("\"error\" must be {\"kind\": ..., \"message\": \"...\"}"));
  }
  const std::pair<std::string_view, ErrorKind> kinds[] = {{"not_found", ErrorKind::not_found},
                                                          {"auth", ErrorKind::auth},
                                                          {"api", ErrorKind::api},
                                                          {"transient", ErrorKind::transient}};
  for (const auto& [name, error_kind] : kinds) {
    if (kind->get_string() == name) {
      // An empty message would end the wait saying nothing (found by fuzzing): say who is silent.
      std::string text = json::excerpt(std::string(message->get_string()), 500);
      if (text.empty()) text = "the command reported an error (kind " + std::string(name) + ") without a message";
      return tl::unexpected(Error::of(error_kind, std::move(text)));
    }
  }
  return tl::unexpected(broken("\"error\".\"kind\" must be not_found, auth, api or transient"));
}

}  // namespace

tl::expected<JobStatus, Error> parse_exec_output(std::string_view text) {
  boost::system::error_code parse_error;
  const value root = boost::json::parse(text, parse_error);
  if (parse_error) {
    return tl::unexpected(Error::transient(
        "exec output is not one JSON object: " + (text.empty() ? "(empty)" : json::excerpt(text, 100))));
  }
  const object* from = root.if_object();
  if (from == nullptr) return tl::unexpected(broken("not a JSON object"));
  if (const value* error = from->if_contains("error")) {
    if (from->contains("state")) return tl::unexpected(broken("both \"state\" and \"error\""));
    return read_error(*error);
  }

  JobStatus out;
  auto state = read_state(*from, "");
  if (!state) return tl::unexpected(state.error());
  out.state = *state;
  bool ok = true;
  out.status = optional_text(*from, "status", ok).value_or(std::string(to_string(out.state)));
  const std::string message = optional_text(*from, "message", ok).value_or("");
  if (!ok) return tl::unexpected(broken("\"status\" and \"message\" must be strings"));
  if (out.state == State::failed || out.state == State::cancelled) out.reason = json::excerpt(message, 500);
  if (const value* progress = from->if_contains("progress")) {
    const double percent = progress->is_number() ? progress->to_number<double>() : -1;
    if (!progress->is_number() || !std::isfinite(percent) || percent < 0 || percent > 100) {
      return tl::unexpected(broken("\"progress\" must be a number from 0 to 100"));
    }
    out.progress = percent;
  }
  if (const value* stalled = from->if_contains("stalled")) {
    if (!stalled->is_bool()) return tl::unexpected(broken("\"stalled\" must be true or false"));
    out.stalled = stalled->get_bool();
  }
  if (const value* tasks = from->if_contains("tasks")) {
    const boost::json::array* items = tasks->if_array();
    if (items == nullptr) return tl::unexpected(broken("\"tasks\" must be an array"));
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto task = read_task((*items)[i], i);
      if (!task) return tl::unexpected(task.error());
      out.tasks.push_back(*std::move(task));
    }
  }
  return out;
}

}  // namespace jobwait::providers
