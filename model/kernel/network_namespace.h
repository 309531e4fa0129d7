// A network namespace: its links, routes, netfilter tables, sysctls and the files a container sees.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "kernel/link.h"
#include "kernel/netfilter.h"
#include "kernel/route.h"

namespace vethlab::kernel {

/// A neighbour (ARP) table entry.
struct Neighbour {
    enum class State { Incomplete, Reachable, Stale, Failed };
    int ifindex = 0;
    Ipv4 ip;
    Mac mac;
    State state = State::Incomplete;
    Nanos updated = 0;
    friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

/// An IPv6 neighbour (NDP) table entry.
struct Neighbour6 {
    int ifindex = 0;
    Ipv6 ip;
    Mac mac;
    Neighbour::State state = Neighbour::State::Incomplete;
    bool router = false; // the R flag of the advertisement ("router" in ip -6 neigh)
    Nanos updated = 0;
    friend bool operator==(const Neighbour6&, const Neighbour6&) = default;
};

struct NetworkNamespace {
    int id = 0;                   // the lab's own handle; the host's root namespace is 0
    std::string name;             // "" for the root namespace, else the name `ip netns` would use
    std::vector<Link> links;      // kept sorted by ifindex
    std::vector<Route> routes;    // main table, in insertion order (printing sorts)
    std::map<int, int> peerNsids; // other namespace id -> the nsid this namespace assigned to it
    std::set<int> freedNsids;     // nsids given back by removed namespaces, reused lowest first
    int nextNsid = 0;
    std::map<std::string, std::string> files; // /etc/hosts, /etc/resolv.conf, /etc/hostname
    bool ipv6Disabled = false; // net.ipv6.conf.all.disable_ipv6 (Docker sets it in container sandboxes)
    bool ipForward = false;    // net.ipv4.ip_forward
    bool ipv6Forward = false;  // net.ipv6.conf.all.forwarding: a router (NA with the R flag)
    Netfilter netfilter;
    std::vector<Neighbour> neighbours;
    std::vector<Ipv6Route> routes6; // added IPv6 routes (the kernel's prefix routes are derived)
    std::vector<Neighbour6> neighbours6;

    Link* link(int ifindex);
    Neighbour* neighbour(int ifindex, Ipv4 ip);
    const Link* link(int ifindex) const;
    Link* linkByName(const std::string& name);
    const Link* linkByName(const std::string& name) const;
    friend bool operator==(const NetworkNamespace&, const NetworkNamespace&) = default;
};

} // namespace vethlab::kernel
