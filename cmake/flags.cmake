# Compiler flags as INTERFACE targets, so each target opts in by linking them.

add_library(jobwait_warnings INTERFACE)
target_compile_options(jobwait_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  $<$<BOOL:${JOBWAIT_WERROR}>:-Werror>)

# GCC 12 only (Debian 12's 12.2): at -O3 its -Wrestrict reports an overlapping
# __builtin_memcpy inside libstdc++'s basic_string::_M_replace wherever a string literal is
# prepended to a std::string ("x" + s) or assigned to one: a false positive, GCC bugs 105651
# and 105329 (fixed for GCC 13), which broke the release preset under -Werror in seven files.
# Only this one warning, only for that compiler: GCC 13 and later, and clang, keep it.
set(jobwait_gcc12 "$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_GREATER_EQUAL:$<CXX_COMPILER_VERSION>,12>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>")
target_compile_options(jobwait_warnings INTERFACE $<${jobwait_gcc12}:-Wno-restrict>)

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
