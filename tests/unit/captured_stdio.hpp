// What code writes to stdout or stderr (a file descriptor), while an object of this type lives:
// the descriptor points at a temporary file, put back by stop() or the destructor.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace jobwait::test {

class CapturedStdio {
 public:
  explicit CapturedStdio(std::FILE* stream) : m_stream(stream), m_fd(fileno(stream)), m_file(std::tmpfile()) {
    if (!m_file) throw std::runtime_error("tmpfile() failed");
    std::fflush(m_stream);
    m_saved = dup(m_fd);
    dup2(fileno(m_file), m_fd);
  }
  ~CapturedStdio() {
    stop();
    std::fclose(m_file);
  }
  CapturedStdio(const CapturedStdio&) = delete;
  CapturedStdio& operator=(const CapturedStdio&) = delete;

  // Puts the descriptor back; returns everything written while captured.
  std::string stop() {
    if (m_saved >= 0) {
      std::fflush(m_stream);
      dup2(m_saved, m_fd);
      close(m_saved);
      m_saved = -1;
      std::fseek(m_file, 0, SEEK_END);
      const long size = std::ftell(m_file);
      m_text.assign(static_cast<std::size_t>(size < 0 ? 0 : size), '\0');
      std::rewind(m_file);
      m_text.resize(std::fread(m_text.data(), 1, m_text.size(), m_file));
    }
    return m_text;
  }

 private:
  std::FILE* m_stream;
  int m_fd;
  std::FILE* m_file;
  int m_saved = -1;
  std::string m_text;
};

}  // namespace jobwait::test
