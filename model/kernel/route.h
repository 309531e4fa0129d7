// An IPv4 route in a namespace's main table, as `ip route` and `route -n` print it.
#pragma once

#include <optional>
#include <string>

#include "net/ipv4.h"

namespace vethlab::kernel {

struct Route {
    Ipv4Prefix destination; // 0.0.0.0/0 for the default route
    std::optional<Ipv4> gateway;
    int device = 0;           // ifindex of the outgoing link
    bool protoKernel = false; // a connected route the kernel added with the address
    bool scopeLink = false;
    std::optional<Ipv4> source; // preferred source ("src")
    bool isDefault() const { return destination.length == 0; }
    friend bool operator==(const Route&, const Route&) = default;
};

} // namespace vethlab::kernel
