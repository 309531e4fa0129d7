# vethlab-cli export writes each format: the files exist and start as their formats start; a wrong
# format, or a step beyond the lesson's last, is refused with exit 2 and writes nothing.
foreach(format svg png pdf dot graphml drawio mermaid)
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
  set(magic_drawio "3c3f786d6c")       # <?xml
  set(magic_mermaid "2d2d2d0a7469746c653a20") # ---\ntitle: 
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

# The picture is titled with its step; a still picture has no frame legend.
file(READ ${OUTDIR}/export_test.svg svg)
string(FIND "${svg}" "step 2 of 10: Bridge mode" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the SVG is not titled with its step")
endif()
string(FIND "${svg}" ">Networks<" at) # how the SVG writes a legend's text
if(at EQUAL -1)
  message(FATAL_ERROR "the SVG has no network legend")
endif()
foreach(absent ">ICMP<" ">Frames<")
  string(FIND "${svg}" "${absent}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "a still picture shows the frame legend (${absent})")
  endif()
endforeach()
file(READ ${OUTDIR}/export_test.drawio drawio)
foreach(want "<mxfile" "vertex=\"1\"" "17: eth0@if18" "source=\"n")
  string(FIND "${drawio}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the draw.io file has no ${want}")
  endif()
endforeach()
file(READ ${OUTDIR}/export_test.mermaid mermaid)
string(FIND "${mermaid}" "flowchart LR" at)
string(REGEX MATCH "---\\|\"17: eth0@if18 [^\"]*@if17\"\\|" link "${mermaid}")
if(at EQUAL -1 OR link STREQUAL "")
  message(FATAL_ERROR "the Mermaid file has no flowchart or no labelled veth link:\n${mermaid}")
endif()
foreach(step 11 99)
  file(REMOVE ${OUTDIR}/export_test_beyond.svg)
  execute_process(COMMAND ${CLI} export ${SCENARIO} --step ${step} --format svg -o ${OUTDIR}/export_test_beyond.svg
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR EXISTS ${OUTDIR}/export_test_beyond.svg OR NOT err MATCHES "beyond the last step.*10 steps")
    message(FATAL_ERROR "--step ${step} must be refused with exit 2 and a clear error (got ${rc}: ${err})")
  endif()
endforeach()
