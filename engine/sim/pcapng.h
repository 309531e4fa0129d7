// pcapng writer: one interface block per captured link (named "tomcat81:eth0", "host:docker0"),
// nanosecond timestamps, Ethernet link type. Wireshark and tshark open the files.
#pragma once

#include <functional>
#include <string>

#include "engine.h"

namespace vethlab::sim {

/// The capture of everything the engine recorded, as pcapng bytes. `interfaceName` names a link
/// from its namespace and device.
std::string toPcapng(const Engine& engine,
                     const std::function<std::string(int, const std::string&)>& interfaceName);

} // namespace vethlab::sim
