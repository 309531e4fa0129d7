#include "ipv6_tools.h"

#include "kernel/ipv6_routes.h"
#include "lab.h"

namespace vethlab::shell {

using kernel::Link;
using kernel::NetworkNamespace;

namespace {

std::string destinationText(const kernel::Ipv6Route& r) {
    if (r.isDefault()) return "default";
    if (r.length == 128) return r.destination.str();
    return r.destination.str() + "/" + std::to_string(r.length);
}

// iproute2 print_route: "proto kernel " for prefix routes (boot is not shown), "metric N ", the flags
// ("linkdown " without a carrier), then "pref medium" and no trailing space.
std::string iproute2Line(const ExecContext& ctx, const NetworkNamespace& ns, const kernel::Ipv6Route& r) {
    const Link* dev = ns.link(r.device);
    std::string line = destinationText(r) + " ";
    if (r.gateway) line += "via " + r.gateway->str() + " ";
    line += "dev " + (dev ? dev->name : std::string("?")) + " ";
    if (r.protoKernel) line += "proto kernel ";
    line += "metric " + std::to_string(r.metric) + " ";
    if (dev && !ctx.lab->kernel().hasCarrier(ns, *dev)) line += "linkdown ";
    return line + "pref medium\n";
}

// busybox print_route: "dev %s ", then " metric %d " (two spaces before, one after).
std::string busyboxLine(const NetworkNamespace& ns, const std::string& type, const kernel::Ipv6Route& r) {
    const Link* dev = ns.link(r.device);
    std::string line = type + destinationText(r) + " ";
    if (r.gateway) line += "via " + r.gateway->str() + " ";
    line += "dev " + (dev ? dev->name : std::string("?")) + " ";
    return line + " metric " + std::to_string(r.metric) + " \n";
}

} // namespace

std::string ipv6RouteLines(const ExecContext& ctx, const NetworkNamespace& ns, const std::string& dev) {
    const Link* only = dev.empty() ? nullptr : ns.linkByName(dev);
    auto shown = [&](int ifindex) { return !only || only->ifindex == ifindex; };
    const bool busybox = ctx.isBusybox();
    std::string out;
    for (const kernel::Ipv6Route& r : kernel::ipv6MainTable(ns))
        if (shown(r.device)) out += busybox ? busyboxLine(ns, "", r) : iproute2Line(ctx, ns, r);
    if (!busybox) return out;
    // The local table follows the main one in the dump: its multicast ff00::/8 route per link with IPv6.
    for (const Link& l : ns.links) {
        if (!l.adminUp || !kernel::hasIpv6(ns, l) || l.ipv6.empty() || !shown(l.ifindex)) continue;
        kernel::Ipv6Route m;
        m.destination = *Ipv6::parse("ff00::");
        m.length = 8;
        m.device = l.ifindex;
        m.metric = 256;
        out += busyboxLine(ns, "multicast ", m);
    }
    return out;
}

std::string ipv6NeighbourLines(const ExecContext& ctx, const NetworkNamespace& ns) {
    const bool busybox = ctx.isBusybox();
    std::string out;
    for (const kernel::Neighbour6& n : ns.neighbours6) {
        const Link* dev = ns.link(n.ifindex);
        if (!dev) continue;
        std::string line = n.ip.str() + " dev " + dev->name + " ";
        using State = kernel::Neighbour::State;
        if (n.state == State::Incomplete || n.state == State::Failed) {
            line += n.state == State::Incomplete ? "INCOMPLETE" : "FAILED";
        } else {
            line += "lladdr " + n.mac.str() + " ";
            if (n.router) line += "router ";
            // As the IPv4 table: confirmed within reachable_time (30 s), then STALE.
            const bool fresh =
                n.state == State::Reachable && ctx.lab->kernel().now() - n.updated < 30 * kSecond;
            line += fresh ? "REACHABLE" : "STALE";
        }
        // busybox: " router" and the state after the address without a trailing space.
        if (busybox) {
            if (line.ends_with(" ")) line.pop_back();
            out += line + "\n";
        } else {
            out += line + " \n";
        }
    }
    return out;
}

} // namespace vethlab::shell
