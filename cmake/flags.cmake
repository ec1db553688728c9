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
