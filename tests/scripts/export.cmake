# vethlab-cli export writes each format: the files exist and start as their formats start; a wrong
# format is refused with exit 2 and writes nothing.
foreach(format svg png pdf dot graphml)
  set(out ${OUTDIR}/export_test.${format})
  file(REMOVE ${out})
  execute_process(COMMAND ${CLI} export ${SCENARIO} --step 2 --format ${format} -o ${out} RESULT_VARIABLE rc
                  ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "export --format ${format} exited ${rc}")
  endif()
  file(READ ${out} head LIMIT 64 HEX)
  set(magic_svg "3c3f786d6c")          # <?xml
  set(magic_png "89504e470d0a1a0a")    # PNG signature
  set(magic_pdf "255044462d")          # %PDF-
  set(magic_dot "6469677261706820")    # "digraph "
  set(magic_graphml "3c3f786d6c")      # <?xml
  string(FIND "${head}" "${magic_${format}}" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "${format}: the file does not start as ${format} does: ${head}")
  endif()
endforeach()
file(READ ${OUTDIR}/export_test.dot dot)
string(FIND "${dot}" "17: eth0@if18" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the DOT has no veth label")
endif()
file(REMOVE ${OUTDIR}/export_test.jpg)
execute_process(COMMAND ${CLI} export ${SCENARIO} --format jpg -o ${OUTDIR}/export_test.jpg RESULT_VARIABLE rc
                ERROR_QUIET)
if(NOT rc EQUAL 2 OR EXISTS ${OUTDIR}/export_test.jpg)
  message(FATAL_ERROR "an unknown format must exit 2 and write nothing (got ${rc})")
endif()
