# Installs the build into a scratch prefix and plays the tour from there, from another directory and
# with the source tree out of reach: the installed lessons alone must do.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX} OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(file bin/vethlab-cli share/vethlab/scenarios/tour.md share/man/man1/vethlab-cli.1.gz
    share/man/man8/vethlab-kerneld.8.gz)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
execute_process(COMMAND ${PREFIX}/bin/vethlab-cli --version OUTPUT_VARIABLE version)
if(NOT version MATCHES "^vethlab-cli [0-9]+\\.[0-9]+\\.[0-9]+\n$")
  message(FATAL_ERROR "--version printed: ${version}")
endif()
# A copy of the installed tree outside the sources (no scenarios/ folder above it): the program
# finds share/ beside bin/.
if(DEFINED ENV{TMPDIR})
  set(moved $ENV{TMPDIR}/vethlab-installed-test)
else()
  set(moved /tmp/vethlab-installed-test)
endif()
file(REMOVE_RECURSE ${moved})
file(COPY ${PREFIX}/ DESTINATION ${moved})
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=VETHLAB_DATA_DIR ${moved}/bin/vethlab-cli play tour
                WORKING_DIRECTORY ${moved} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
# export runs libexec/vethlab/vethlab-export, found beside the moved bin/ too.
if(EXISTS ${PREFIX}/libexec/vethlab/vethlab-export)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=VETHLAB_DATA_DIR ${moved}/bin/vethlab-cli export tour
                          --format dot -o ${moved}/tour.dot
                  WORKING_DIRECTORY ${moved} RESULT_VARIABLE export_rc ERROR_VARIABLE export_err)
  file(READ ${moved}/tour.dot dot LIMIT 64)
  if(NOT export_rc EQUAL 0 OR NOT dot MATCHES "^digraph ")
    message(FATAL_ERROR "vethlab-cli export from the installed tree: status ${export_rc}\n${export_err}\n${dot}")
  endif()
endif()
file(REMOVE_RECURSE ${moved})
if(NOT rc EQUAL 0 OR NOT out MATCHES "== 10/10 ")
  message(FATAL_ERROR "vethlab-cli play tour from the installed data: status ${rc}\n${out}")
endif()
