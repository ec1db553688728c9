# Compiler flags as INTERFACE targets, so each target opts in by linking them.

add_library(jobwait_warnings INTERFACE)
target_compile_options(jobwait_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  $<$<BOOL:${JOBWAIT_WERROR}>:-Werror>)

add_library(jobwait_sanitizers INTERFACE)
if(JOBWAIT_SANITIZE)
  target_compile_options(jobwait_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(jobwait_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# Fuzzing: every target that links the sanitizers gets libFuzzer's coverage hooks, so the
# fuzzers (tests/fuzz) see inside jobwait_core; only the fuzz executables link libFuzzer itself.
if(JOBWAIT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "JOBWAIT_FUZZ needs clang: libFuzzer is part of it (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  target_compile_options(jobwait_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()
