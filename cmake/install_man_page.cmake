# Installs docs/jobwait.1 with the paths it names (/usr/share/jobwait/..., /usr/share/doc/jobwait/)
# moved under this install's prefix, `cmake --install --prefix` and DESTDIR included, so that
# its FILES section is true wherever jobwait is installed. Run by install(SCRIPT); the
# top-level CMakeLists.txt sets the jobwait_* variables before it.
file(READ "${jobwait_man_source}" page)
foreach(dir IN ITEMS mandir datadir docdir)
  if(IS_ABSOLUTE "${jobwait_${dir}}")
    set(${dir} "${jobwait_${dir}}")
  else()
    set(${dir} "${CMAKE_INSTALL_PREFIX}/${jobwait_${dir}}")
  endif()
endforeach()
string(REPLACE "/usr/share/doc/jobwait" "${docdir}" page "${page}")
string(REPLACE "/usr/share/jobwait" "${datadir}/jobwait" page "${page}")
set(target "$ENV{DESTDIR}${mandir}/man1/jobwait.1")
message(STATUS "Installing: ${target}")
file(WRITE "${target}" "${page}")
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${target}")
