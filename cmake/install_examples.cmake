# Points the installed example step files' `#:schema` line at the installed step schema. In the
# source tree an example in examples/ names ../schemas/step.schema.json; installed, the examples
# are in DOCDIR/examples and the schemas in DATADIR/jobwait/schemas (where the release archive has
# them too), so each line is rewritten to the relative path between the two, which holds under any
# prefix and DESTDIR (the .deb's /usr included). Run by install(SCRIPT) after the examples are
# installed; the top-level CMakeLists.txt sets jobwait_datadir and jobwait_docdir before it.
foreach(dir IN ITEMS datadir docdir)
  if(IS_ABSOLUTE "${jobwait_${dir}}")
    set(${dir} "$ENV{DESTDIR}${jobwait_${dir}}")
  else()
    set(${dir} "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${jobwait_${dir}}")
  endif()
endforeach()
file(GLOB_RECURSE examples "${docdir}/examples/*.toml")
foreach(example IN LISTS examples)
  file(READ "${example}" text)
  if(NOT text MATCHES "^#:schema [^\n]*/schemas/([^/\n]+)\n")
    continue()  # a jobwait-sim scenario, not a step file
  endif()
  get_filename_component(folder "${example}" DIRECTORY)
  file(RELATIVE_PATH schemas "${folder}" "${datadir}/jobwait/schemas")
  string(REGEX REPLACE "^#:schema [^\n]*\n" "#:schema ${schemas}/${CMAKE_MATCH_1}\n" text "${text}")
  message(STATUS "Installing: ${example} (#:schema ${schemas}/${CMAKE_MATCH_1})")
  file(WRITE "${example}" "${text}")
endforeach()
