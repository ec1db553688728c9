// A FILE* for code that prints (reporters), whose text a test reads back: a temporary file,
// closed with the helper.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

namespace jobwait::test {

class CapturedFile {
 public:
  CapturedFile() : m_file(std::tmpfile()) {
    if (!m_file) throw std::runtime_error("tmpfile() failed");
  }
  ~CapturedFile() { std::fclose(m_file); }
  CapturedFile(const CapturedFile&) = delete;
  CapturedFile& operator=(const CapturedFile&) = delete;

  std::FILE* get() const { return m_file; }

  // Everything written so far.
  std::string text() const {
    std::fflush(m_file);
    const long end = std::ftell(m_file);
    std::string out(static_cast<std::size_t>(end < 0 ? 0 : end), '\0');
    std::rewind(m_file);
    const std::size_t read = std::fread(out.data(), 1, out.size(), m_file);
    out.resize(read);
    std::fseek(m_file, 0, SEEK_END);
    return out;
  }

 private:
  std::FILE* m_file;
};

}  // namespace jobwait::test
