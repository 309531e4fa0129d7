// Kernel operations: the only way the Docker daemon model changes kernel state. Each one applies
// itself to a KernelState and prints itself as the ip / iptables / sysctl command that does the same,
// so a student can see exactly what Docker did in the kernel.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "kernel/kernel_state.h"

namespace vethlab::kernel {

/// Where an operation acts: the namespace handle and the name `ip -n` would take ("" = the host).
struct NsRef {
    int id = KernelState::kRootNamespace;
    std::string name;
    friend bool operator==(const NsRef&, const NsRef&) = default;
};

struct NetnsAdd {
    NsRef ns;
};
struct NetnsDel {
    NsRef ns;
};
struct LinkAdd {
    NsRef ns;
    Link link;
    std::string parent; // macvlan/ipvlan: the parent's name (the link's peerIfindex) and its mode
    std::string mode;
};
struct VethAdd {
    NsRef ns;
    Link hostEnd;
    Link peerEnd;
}; // both ends created in `ns`
struct LinkSetMaster {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
    int master = 0;
    std::string masterName;
};
struct LinkSetNetns {
    NsRef from;
    int ifindex = 0;
    std::string dev;
    NsRef to;
};
struct LinkRename {
    NsRef ns;
    int ifindex = 0;
    std::string from;
    std::string to;
};
struct LinkSetMac {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
    Mac mac;
};
struct LinkSetUp {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
    bool up = true;
};
struct LinkDel {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
};
struct AddrAdd {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
    Ipv4Address address;
};
struct Ipv6AddrAdd {
    NsRef ns;
    int ifindex = 0;
    std::string dev;
    Ipv6Address address;
};
struct RouteAdd {
    NsRef ns;
    Route route;
    std::string dev;
};
/// Removes the route with this destination, gateway and device (`ip route del`).
struct RouteDel {
    NsRef ns;
    Route route;
    std::string dev;
};
struct Ipv6RouteAdd {
    NsRef ns;
    Ipv6Route route;
    std::string dev;
};
struct Ipv6RouteDel {
    NsRef ns;
    Ipv6Route route;
    std::string dev;
};
struct FileWrite {
    NsRef ns;
    std::string path;
    std::string content;
    std::string hostPath;
    // "" : the namespace's own file, every process in it sees it. A container's short ID: that container's
    // own (a host-mode container's hosts file with --add-host: Docker binds it in the container's mount
    // namespace, while the namespace's files stay the host's).
    std::string container;
};
struct Sysctl {
    NsRef ns;
    std::string key;
    std::string value;
};
struct ChainNew {
    NsRef ns;
    std::string table;
    std::string chain;
};
struct ChainPolicy {
    NsRef ns;
    std::string table;
    std::string chain;
    std::string policy;
};
/// position 0 appends (-A); position N >= 1 inserts before rule N (-I CHAIN N).
struct RuleInsert {
    NsRef ns;
    std::string table;
    std::string chain;
    int position = 0;
    NetfilterRule rule;
};
struct RuleDelete {
    NsRef ns;
    std::string table;
    std::string chain;
    NetfilterRule rule;
};

using KernelOp =
    std::variant<NetnsAdd, NetnsDel, LinkAdd, VethAdd, LinkSetMaster, LinkSetNetns, LinkRename, LinkSetMac,
                 LinkSetUp, LinkDel, AddrAdd, Ipv6AddrAdd, RouteAdd, FileWrite, Sysctl, ChainNew, ChainPolicy,
                 RuleInsert, RuleDelete, RouteDel, Ipv6RouteAdd, Ipv6RouteDel>;

void apply(KernelState& kernel, const KernelOp& op);
/// The equivalent shell command(s), one per line, without a trailing newline.
std::string render(const KernelOp& op);

} // namespace vethlab::kernel
