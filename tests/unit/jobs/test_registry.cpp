// runner/jobs/registry.cpp: every provider in one table, and what each needs.
#include <catch2/catch.hpp>

#include <algorithm>

#include "config/step_file.hpp"
#include "jobs/registry.hpp"

using jobwait::State;
namespace providers = jobwait::providers;
using providers::ProviderKind;

TEST_CASE("registry: the five built-ins, the v1-jobs preset, http and exec, in README order", "[providers]") {
  CHECK(providers::provider_names() ==
        std::vector<std::string_view>{"servicestage", "cce", "cae", "ief", "cfw", "v1-jobs", "http", "exec"});
  CHECK(providers::find_entry("v1-jobs")->kind == ProviderKind::declared);
  CHECK(providers::find_entry("http")->kind == ProviderKind::declared);
  CHECK(providers::find_entry("exec")->kind == ProviderKind::exec);
  CHECK(providers::find_entry("ecs") == nullptr);
  CHECK(providers::find_provider("cce") != nullptr);
  CHECK(providers::find_provider("http") == nullptr);  // built from the step file, not a singleton
}

TEST_CASE("registry: every built-in lists its status values as data", "[providers]") {
  for (const providers::ProviderEntry& entry : providers::provider_entries()) {
    if (entry.kind != ProviderKind::builtin) continue;
    INFO(entry.name);
    const providers::Provider& provider = entry.builtin();
    CHECK(provider.name() == entry.name);
    CHECK_FALSE(provider.path_template().empty());
    CHECK_FALSE(provider.status_field().empty());
    CHECK_FALSE(provider.statuses().values_of(State::succeeded).empty());
    CHECK_FALSE(provider.statuses().values_of(State::failed).empty());
  }
  CHECK(providers::find_provider("ief")->statuses().stalled_values() == std::vector<std::string>{"Stopping"});
}

TEST_CASE("registry: the v1-jobs preset is in the binary and loads by the step file's rules", "[providers]") {
  const providers::ProviderEntry& entry = *providers::find_entry("v1-jobs");
  REQUIRE_FALSE(providers::preset_text(entry).empty());
  auto http = jobwait::config::load_preset(entry.name, providers::preset_text(entry));
  REQUIRE(http);
  CHECK(http->path == "/v1/{project_id}/jobs/{job_id}");
  CHECK(http->success == std::vector<std::string>{"SUCCESS"});
  CHECK(http->stalled == std::vector<std::string>{"PENDING_PAYMENT"});
  CHECK(providers::preset_text(*providers::find_entry("http")).empty());
}

TEST_CASE("registry: what each kind of provider requires and waives", "[providers]") {
  const auto required = [](std::string_view name) { return providers::required_keys(*providers::find_entry(name)); };
  CHECK(required("cae") == std::vector<std::string_view>{"job.environment_id"});
  CHECK(required("cce").empty());
  CHECK(required("v1-jobs").empty());  // the preset supplies the declaration
  CHECK(required("http") ==
        std::vector<std::string_view>{"job.http.path", "job.http.status", "job.http.success", "job.http.failure"});
  CHECK(required("exec") == std::vector<std::string_view>{"job.command"});
  const auto waived = providers::waived_keys(*providers::find_entry("exec"));
  CHECK(std::find(waived.begin(), waived.end(), "auth.token") != waived.end());
  CHECK(std::find(waived.begin(), waived.end(), "job.project_id") != waived.end());
  CHECK(providers::waived_keys(*providers::find_entry("http")).empty());
}

TEST_CASE("registry: keys only some providers read are misplaced elsewhere", "[providers]") {
  const auto misplaced = [](std::string_view provider, std::string_view key) {
    return providers::misplaced_key(*providers::find_entry(provider), key).has_value();
  };
  CHECK(misplaced("cce", "job.http.status"));
  CHECK(misplaced("exec", "job.http.status"));
  CHECK_FALSE(misplaced("http", "job.http.status"));
  CHECK_FALSE(misplaced("v1-jobs", "job.http.failure"));
  CHECK(misplaced("http", "job.command"));
  CHECK_FALSE(misplaced("exec", "job.command"));
  CHECK(misplaced("cce", "job.service"));
  CHECK_FALSE(misplaced("v1-jobs", "job.service"));
  CHECK_FALSE(misplaced("cce", "job.region"));
}

TEST_CASE("registry: only exec asks no API, and only servicestage pages tasks", "[providers]") {
  for (const providers::ProviderEntry& entry : providers::provider_entries()) {
    INFO(entry.name);
    CHECK(providers::asks_an_api(entry) == (entry.name != "exec"));
    CHECK(providers::misplaced_key(entry, "job.limit").has_value() == (entry.name != "servicestage"));
  }
}

TEST_CASE("registry: each kind checks the job setting as a whole", "[providers]") {
  jobwait::config::JobConfig job;
  job.command = {"./no-such-command-here"};
  CHECK(providers::check_job(*providers::find_entry("exec"), job)->key == "job.command");
  CHECK_FALSE(providers::check_job(*providers::find_entry("cce"), job));
}

TEST_CASE("registry: each kind describes what it asks, for `jobwait providers`", "[providers]") {
  const std::string cce = providers::describe_provider(*providers::find_entry("cce"), nullptr);
  CHECK(cce.rfind("  GET https://cce.{region}.myhuaweicloud.com/", 0) == 0);
  CHECK(cce.find("    anything else: unknown (wait.on_unknown)\n") != std::string::npos);
  CHECK(providers::describe_provider(*providers::find_entry("http"), nullptr).rfind("  [job.http]: path, method", 0) == 0);
  const providers::ProviderEntry& v1 = *providers::find_entry("v1-jobs");
  auto http = jobwait::config::load_preset(v1.name, providers::preset_text(v1));
  REQUIRE(http);
  const std::string preset = providers::describe_provider(v1, &*http);
  CHECK(preset.rfind("  GET https://{job.service}.{region}.myhuaweicloud.com/v1/{project_id}/jobs/{job_id}\n", 0) == 0);
  CHECK(preset.find("    stalled    PENDING_PAYMENT (not terminal;") != std::string::npos);
  CHECK(providers::describe_provider(*providers::find_entry("exec"), nullptr).find("job.command prints") !=
        std::string::npos);
}
