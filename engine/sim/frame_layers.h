// A frame taken apart layer by layer, for the GUI's frame details: Ethernet, then ARP or IPv4, then
// ICMP, UDP (and DNS) or TCP (and the first line of HTTP), with the header fields a student looks at,
// decoded by the engine's own codecs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "packet.h"

namespace vethlab::sim {

struct Layer {
    std::string name; // "Ethernet II", "IPv4", "TCP", ...
    std::vector<std::pair<std::string, std::string>> fields;
};

std::vector<Layer> dissect(const Bytes& frame);

} // namespace vethlab::sim
