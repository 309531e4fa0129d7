#include "kernel/ipv6_routes.h"

#include <algorithm>

namespace vethlab::kernel {

bool hasIpv6(const NetworkNamespace& ns, const Link& l) {
    return !l.ipv6Disabled.value_or(ns.ipv6Disabled);
}

namespace {

// fib6 walk order: compare the common bits; if they agree, the longer prefix (the child) comes first.
bool walkOrder(const Ipv6Route& a, const Ipv6Route& b) {
    const int common = std::min(a.length, b.length);
    const Ipv6 ma = a.destination.masked(common), mb = b.destination.masked(common);
    if (ma != mb) return ma < mb;
    if (a.length != b.length) return a.length > b.length;
    return a.metric < b.metric;
}

} // namespace

std::vector<Ipv6Route> ipv6MainTable(const NetworkNamespace& ns) {
    std::vector<Ipv6Route> table;
    auto add = [&](Ipv6Route r) {
        r.destination = r.destination.masked(r.length);
        if (std::find(table.begin(), table.end(), r) == table.end()) table.push_back(r);
    };
    for (const Link& l : ns.links) {
        if (!l.adminUp || !hasIpv6(ns, l)) continue;
        for (const Ipv6Address& a : l.ipv6) {
            auto ip = Ipv6::parse(a.address);
            if (!ip) continue;
            Ipv6Route r;
            r.destination = *ip;
            r.length = ip->isLinkLocal() ? 64 : a.prefixLength;
            r.device = l.ifindex;
            r.metric = 256;
            r.protoKernel = true;
            if (a.flags.find("noprefixroute") == std::string::npos) add(r);
        }
    }
    for (const Ipv6Route& r : ns.routes6)
        add(r);
    std::stable_sort(table.begin(), table.end(), walkOrder);
    return table;
}

std::optional<Ipv6Route> ipv6Lookup(const NetworkNamespace& ns, const Ipv6& destination) {
    std::optional<Ipv6Route> best;
    for (const Ipv6Route& r : ipv6MainTable(ns)) {
        if (!destination.sharesPrefix(r.destination, r.length)) continue;
        if (!best || r.length > best->length || (r.length == best->length && r.metric < best->metric))
            best = r;
    }
    return best;
}

std::optional<Ipv6> ipv6SourceFor(const NetworkNamespace& ns, const Ipv6Route& route,
                                  const Ipv6& destination) {
    const Link* l = ns.link(route.device);
    if (!l) return std::nullopt;
    std::optional<Ipv6> linkLocal, global;
    for (const Ipv6Address& a : l->ipv6) {
        auto ip = Ipv6::parse(a.address);
        if (!ip) continue;
        if (ip->isLinkLocal())
            linkLocal = linkLocal.value_or(*ip);
        else if (!global || ip->sharesPrefix(destination, a.prefixLength))
            global = *ip;
    }
    if (destination.isLinkLocal()) return linkLocal;
    return global ? global : linkLocal;
}

} // namespace vethlab::kernel
