#include "output/dotenv.hpp"

#include <cctype>
#include <cstdio>

#include "output/run_outputs.hpp"

namespace jobwait::output {

namespace {

// GitLab limits a dotenv report to 5 KB; the message is the only long value.
constexpr std::size_t k_max_value = 1024;

class DotenvReporter final : public FinishOnlyReporter {
 public:
  DotenvReporter(std::string path, const Redactor& redactor, std::FILE* err)
      : m_path(std::move(path)), m_redactor(redactor), m_err(err) {}

  void finish(const RunEnd& end) override {
    if (auto written = write_atomically(m_path, m_redactor.apply(dotenv_text(end, m_redactor))); !written) {
      std::fprintf(m_err, "jobwait: cannot write the dotenv report: %s\n", written.error().c_str());
    }
  }

 private:
  std::string m_path;
  const Redactor& m_redactor;
  std::FILE* m_err;
};

}  // namespace

std::unique_ptr<Reporter> make_dotenv_reporter(std::string path, const Redactor& redactor, std::FILE* err) {
  return std::make_unique<DotenvReporter>(std::move(path), redactor, err);
}

std::string dotenv_text(const RunEnd& end, const Redactor& redactor) {
  std::string text;
  for (auto [name, raw] : run_outputs(end)) {
    std::string value = redactor.apply(raw);  // before the cap: a cut secret is no longer found
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : value) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    if (value.size() > k_max_value) value = value.substr(0, k_max_value - 3) + "...";
    text += "JOBWAIT_" + name + "=" + value + "\n";
  }
  return text;
}

}  // namespace jobwait::output
