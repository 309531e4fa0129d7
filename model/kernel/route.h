// An IPv4 route in a namespace's main table, as `ip route` and `route -n` print it.
#pragma once

#include <optional>
#include <string>

#include "net/ipv4.h"
#include "net/ipv6.h"

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

/// An IPv6 route someone added (Docker's default via the network's IPv6 gateway). The kernel's own
/// prefix routes (proto kernel, metric 256) follow from the addresses and are not kept here.
struct Ipv6Route {
    Ipv6 destination; // :: with length 0 for the default route
    int length = 0;
    std::optional<Ipv6> gateway;
    int device = 0;
    int metric = 1024;        // IP6_RT_PRIO_USER: what a route added without a metric gets
    bool protoKernel = false; // a prefix route the kernel made for an address (metric 256)
    bool isDefault() const { return length == 0; }
    friend bool operator==(const Ipv6Route&, const Ipv6Route&) = default;
};

} // namespace vethlab::kernel
