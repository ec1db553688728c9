#include "output/status_line.hpp"

#include <cmath>

#include "output/progress.hpp"
#include "util/escape.hpp"

namespace jobwait::output {

namespace {

// Column count of UTF-8 text, near enough: one per code point.
std::size_t columns(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::string cut(std::string text, std::size_t width) {
  if (width == 0 || columns(text) <= width) return text;
  std::size_t kept = 0, at = 0;
  for (; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && ++kept == width) break;
  }
  return text.substr(0, at) + "…";
}

// The state's symbol and its SGR colour: green, red, yellow, dim, cyan, magenta.
std::pair<std::string_view, std::string_view> symbol_of(std::optional<State> state) {
  if (!state) return {"◌", "2"};
  switch (*state) {
    case State::succeeded: return {"✔", "32"};
    case State::failed: return {"✖", "31"};
    case State::cancelled: return {"⊘", "33"};
    case State::pending: return {"◌", "2"};
    case State::running: return {"●", "36"};
    case State::unknown: break;
  }
  return {"?", "35"};
}

constexpr std::string_view k_prefix = "jobwait: ";

std::optional<State> state_of(const StatusView& view) {
  return view.status ? std::optional(view.status->state) : std::nullopt;
}

// The line with its state's symbol (just after the prefix) in its colour, when it is there.
std::string with_colour(std::string line, const StatusView& view) {
  const auto [symbol, sgr] = symbol_of(state_of(view));
  if (line.compare(k_prefix.size(), symbol.size(), symbol) == 0) {
    line.replace(k_prefix.size(), symbol.size(), "\x1b[" + std::string(sgr) + "m" + std::string(symbol) + "\x1b[0m");
  }
  return line;
}

class StatusLineReporter final : public Reporter {
 public:
  StatusLineReporter(std::FILE* out, const Redactor& redactor, std::size_t width, bool colour)
      : m_out(out), m_redactor(redactor), m_width(width), m_colour(colour), m_lines(out, redactor) {}

  void start(const RunStart& start) override {
    m_view.job = start.provider + " " + start.job_id;
    m_lines.start(start);
    draw();
  }
  void on_poll(const PollTrace&) override {}
  void on_update(const JobStatus& status, bool, double elapsed) override {
    m_view.status = status;
    m_view.elapsed_seconds = elapsed;
    m_view.next_poll_in.reset();
    m_view.retrying = 0;
    draw();
  }
  void on_retry(const Error& error, int consecutive, double elapsed) override {
    clear();
    m_lines.on_retry(error, consecutive, elapsed);
    m_view.retrying = consecutive;
    m_view.elapsed_seconds = elapsed;
    draw();
  }
  void on_warning(std::string_view text) override {
    clear();
    m_lines.on_warning(text);
    draw();
  }
  void on_heartbeat(const JobStatus*, double elapsed, double next_poll_in) override {
    m_view.elapsed_seconds = elapsed;
    m_view.next_poll_in = next_poll_in;
    draw();
  }
  void finish(const RunEnd& end) override {
    clear();
    m_lines.finish(end);
  }
  std::chrono::milliseconds heartbeat() const override { return std::chrono::seconds(1); }

 private:
  void draw() {
    // Leave the last column free: writing into it makes some terminals wrap.
    // Colour last: the escaping would show the colour's own escapes as text.
    std::string line = escape_untrusted(m_redactor.apply(render_status_line(m_view, m_width > 1 ? m_width - 1 : 0)));
    if (m_colour) line = with_colour(std::move(line), m_view);
    std::fprintf(m_out, "\r\x1b[K%s", line.c_str());
    std::fflush(m_out);
    m_drawn = true;
  }
  void clear() {
    if (!m_drawn) return;
    std::fputs("\r\x1b[K", m_out);
    m_drawn = false;
  }

  std::FILE* m_out;
  const Redactor& m_redactor;
  std::size_t m_width;
  bool m_colour;
  ProgressPrinter m_lines;
  StatusView m_view;
  bool m_drawn = false;
};

}  // namespace

std::string render_status_line(const StatusView& view, std::size_t width, bool colour) {
  // Escaped before the line is cut to the terminal's width, so the cut counts what is shown.
  std::string line = std::string(k_prefix) + std::string(symbol_of(state_of(view)).first) + " " +
                     escape_untrusted(view.job) + ": ";
  if (view.status) {
    line += escape_untrusted(view.status->status) + " (" + std::string(to_string(view.status->state)) + ")";
    if (view.status->progress) line += " " + std::to_string(static_cast<int>(std::lround(*view.status->progress))) + "%";
    if (const std::string tasks = task_count(*view.status); !tasks.empty()) line += ", " + tasks;
  } else {
    line += "no status yet";
  }
  if (view.retrying > 0) line += ", retrying (" + std::to_string(view.retrying) + " failed)";
  line += " · " + format_elapsed(view.elapsed_seconds);
  if (view.next_poll_in) line += " · next poll in " + format_elapsed(*view.next_poll_in);
  line = cut(std::move(line), width);
  // Coloured after the cut, so that the escapes never count as columns nor get cut in half.
  return colour ? with_colour(std::move(line), view) : line;
}

std::unique_ptr<Reporter> make_status_line_reporter(std::FILE* out, const Redactor& redactor, std::size_t width,
                                                    bool colour) {
  return std::make_unique<StatusLineReporter>(out, redactor, width, colour);
}

}  // namespace jobwait::output
