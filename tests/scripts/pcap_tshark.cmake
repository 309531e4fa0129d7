# The capture of a ping session opens in tshark with no malformed frame and the expected protocols:
# ARP request and reply, ICMP echo request and reply, and a TCP handshake with an HTTP GET and its answer.
execute_process(COMMAND ${CLI} run ${SCRIPT} --lab facts --pcap ${OUT} OUTPUT_QUIET RESULT_VARIABLE rc)
execute_process(COMMAND ${TSHARK} -r ${OUT} -Y _ws.malformed OUTPUT_VARIABLE malformed ERROR_QUIET RESULT_VARIABLE rc1)
if(NOT rc1 EQUAL 0)
  message(FATAL_ERROR "tshark could not read the capture")
endif()
if(NOT malformed STREQUAL "")
  message(FATAL_ERROR "malformed frames:\n${malformed}")
endif()
execute_process(COMMAND ${TSHARK} -r ${OUT} -T fields -e _ws.col.Info OUTPUT_VARIABLE info ERROR_QUIET)
foreach(expected "Who has 172.17.0.3? Tell 172.17.0.2" "172.17.0.3 is at 02:42:ac:11:00:03"
                 "Echo (ping) request" "Echo (ping) reply" "[SYN]" "[SYN, ACK]" "GET / HTTP/1.1"
                 "HTTP/1.1 404 Not Found" "[FIN, ACK]")
  string(FIND "${info}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the capture has no '${expected}'")
  endif()
endforeach()
execute_process(COMMAND ${TSHARK} -r ${OUT} -T fields -e frame.interface_name OUTPUT_VARIABLE names ERROR_QUIET)
string(FIND "${names}" "a1:eth0" at)
if(at EQUAL -1)
  message(FATAL_ERROR "interfaces are not named after their containers")
endif()
