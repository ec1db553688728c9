# JOBWAIT_STATIC: one statically linked executable that runs on any Linux of its architecture
# (scripts/release.sh builds it). The libraries are the same as in the default build, taken as
# static archives: Debian's .a files for Boost.JSON, Boost.Filesystem, OpenSSL, zlib, c-ares and
# nghttp2, and a libcurl that release.sh compiles from Debian's curl source with only HTTP(S),
# HTTP/2, OpenSSL, zlib and c-ares in it (JOBWAIT_CURL_ROOT is where it was installed).
#
# Included before the find_package() calls, so that they pick the archives; the function
# jobwait_static_executable() then links a target as a whole static program.

if(NOT JOBWAIT_CURL_ROOT)
  message(FATAL_ERROR "JOBWAIT_STATIC needs -DJOBWAIT_CURL_ROOT=<prefix of a static libcurl> "
                      "(scripts/release.sh builds one from Debian's curl source)")
endif()

set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
set(Boost_USE_STATIC_LIBS ON)
set(OPENSSL_USE_STATIC_LIBS ON)

# Our libcurl, never the system's: its exported CMake package would drag in Debian's shared
# c-ares and nghttp2, so FindCURL is pointed at the archive and the headers directly.
set(CURL_NO_CURL_CMAKE ON)
set(CURL_INCLUDE_DIR ${JOBWAIT_CURL_ROOT}/include CACHE PATH "static libcurl headers" FORCE)
set(CURL_LIBRARY ${JOBWAIT_CURL_ROOT}/lib/libcurl.a CACHE FILEPATH "static libcurl" FORCE)
if(NOT EXISTS ${CURL_LIBRARY})
  message(FATAL_ERROR "JOBWAIT_STATIC: no ${CURL_LIBRARY} (scripts/release/build-curl.sh makes it)")
endif()

# Debian's toml++ package is a shared library; its headers also work as a header-only library,
# which is what a static program wants. Defined here, the package's own config leaves it be.
find_path(JOBWAIT_TOMLPP_INCLUDE toml++/toml.h REQUIRED)
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES ${JOBWAIT_TOMLPP_INCLUDE}
  INTERFACE_COMPILE_DEFINITIONS TOML_HEADER_ONLY=1)

find_library(JOBWAIT_CARES_LIBRARY NAMES cares REQUIRED)
find_library(JOBWAIT_NGHTTP2_LIBRARY NAMES nghttp2 REQUIRED)
find_package(ZLIB REQUIRED)

# Link TARGET as one static executable: libcurl's own dependencies after it (a static archive
# names none), and the C and C++ runtimes in. --exclude-libs keeps the archives' symbols out of
# any dynamic symbol table, so that a variant linked half-static could never let a system
# libssl bind to our private libcrypto (seen to crash on Debian 13). The link map (TARGET.map)
# names every archive that went in: scripts/release/notices.sh ships their licences from it.
function(jobwait_static_executable target)
  set_property(TARGET CURL::libcurl APPEND PROPERTY INTERFACE_LINK_LIBRARIES
               ${JOBWAIT_CARES_LIBRARY} ${JOBWAIT_NGHTTP2_LIBRARY} OpenSSL::SSL OpenSSL::Crypto
               ZLIB::ZLIB Threads::Threads)
  set_property(TARGET CURL::libcurl APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS CURL_STATICLIB)
  target_compile_definitions(${target} PRIVATE JOBWAIT_STATIC=1)
  target_link_options(${target} PRIVATE -static -Wl,--exclude-libs,ALL
                      -Wl,-Map=$<TARGET_FILE:${target}>.map)
endfunction()
