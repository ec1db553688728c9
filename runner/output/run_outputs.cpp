#include "output/run_outputs.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "util/escape.hpp"

namespace jobwait::output {

std::vector<std::pair<std::string, std::string>> run_outputs(const RunEnd& end) {
  const RunRecord& run = end.run;
  std::string state = "unknown";
  std::string job_id;
  if (!run.jobs.empty()) {
    const JobRecord& job = run.jobs.front();
    job_id = job.id;
    if (job.wait.last_status) state = std::string(to_string(job.wait.last_status->state));
  }
  // The message carries API text and the id may come from another command's output
  // (--job-id-from): a pipeline echoes these, so they are escaped (util/escape.hpp) here, once
  // for every CI. The result path is the user's own and must stay usable as a path.
  return {{"outcome", std::string(to_string(run.outcome))},
          {"state", state},
          {"exit_code", std::to_string(process_exit_code(run))},
          {"job_id", escape_untrusted(job_id)},
          {"result", end.result_path},
          {"message", escape_untrusted(run.message)}};
}

tl::expected<void, std::string> append_to_file(const std::string& path, std::string_view text) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "ab"), std::fclose);
  if (!file) return tl::unexpected("cannot open " + path + ": " + std::strerror(errno));
  if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() || std::fflush(file.get()) != 0) {
    return tl::unexpected("cannot write " + path + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace jobwait::output
