// macvlan and ipvlan endpoints (libnetwork drivers/macvlan, drivers/ipvlan at v20.10.24): Join makes a
// link stacked on the network's parent under a generated "vethXXXXXXX" name, and the sandbox moves it in
// as ethN with the endpoint's address. No veth, no bridge, no iptables rule.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {

namespace {

// The macvlan links stacked on a host link, in whatever namespace they now live, and whether one of them
// is in passthru mode.
struct MacvlanPort {
    int links = 0;
    bool passthru = false;
};
MacvlanPort macvlanPort(const kernel::KernelState& k, int parentIfindex) {
    MacvlanPort port;
    for (const auto& [id, ns] : k.namespaces())
        for (const auto& l : ns.links)
            if (l.kind == kernel::LinkKind::Macvlan && l.peerIfindex == parentIfindex &&
                l.peerNamespace == kernel::KernelState::kRootNamespace) {
                ++port.links;
                port.passthru = port.passthru || l.stackMode == "passthru";
            }
    return port;
}

} // namespace

std::string stackedMode(const Network& n) {
    auto it = n.options.find(n.driver + "_mode");
    if (it != n.options.end() && !it->second.empty()) return it->second;
    return n.driver == "macvlan" ? "bridge" : "l2";
}

// Linux macvlan_common_newlink: a parent in passthru mode takes one macvlan only, and a passthru link
// only a parent with none yet (EINVAL); createMacVlan wraps netlink's error, Join passes it on as is.
Outcome refuseStackedPort(const kernel::KernelState& k, const Network& n) {
    if (n.driver != "macvlan") return Outcome::ok();
    const MacvlanPort port = macvlanPort(k, n.parentIfindex);
    if (!port.passthru && !(stackedMode(n) == "passthru" && port.links > 0)) return Outcome::ok();
    return daemonError("failed to create the macvlan port: invalid argument");
}

void Daemon::attachStackedEndpoint(HostContext& ctx, Container& c, Attachment& a, const Network& n) {
    const bool mac = n.driver == "macvlan";
    const kernel::NsRef host{}, sandbox = nsRef(c);
    kernel::Link l;
    l.ifindex = ctx.kernel.peekIfindex();
    l.name = ctx.random.vethName(); // GenerateIfaceName(vethPrefix "veth", vethLen 7)
    l.kind = mac ? kernel::LinkKind::Macvlan : kernel::LinkKind::Ipvlan;
    l.peerIfindex = n.parentIfindex;
    l.peerNamespace = kernel::KernelState::kRootNamespace;
    const kernel::Link* parent = ctx.kernel.root().link(n.parentIfindex);
    if (parent) l.mtu = parent->mtu; // a stacked link takes its parent's MTU
    l.qlen = 1000;
    // macvlan: the endpoint's MAC (GenerateMACFromIP); ipvlan shares its parent's, and shows none.
    if (!mac) a.mac = parent ? parent->mac : Mac{};
    l.mac = a.mac;
    l.stackMode = stackedMode(n);
    a.ifindex = l.ifindex;
    ctx.emit(kernel::LinkAdd{host, l, n.parentLink, l.stackMode});
    // passthru: the sandbox's MAC goes to the parent too (macvlan_set_mac_address), the link follows it.
    if (l.stackMode == "passthru") ctx.emit(kernel::LinkSetMac{host, n.parentIfindex, n.parentLink, a.mac});
    ctx.emit(kernel::LinkSetNetns{host, l.ifindex, l.name, sandbox});
    ctx.emit(kernel::LinkRename{sandbox, l.ifindex, l.name, a.ifname});
    const Ipv4Prefix subnet = n.pool.subnet();
    ctx.emit(kernel::AddrAdd{
        sandbox, l.ifindex, a.ifname, {Ipv4Prefix{a.ip, subnet.length}, subnet.broadcast(), a.ifname}});
    addEndpointIpv6(ctx, c, a, *mutableNetwork(n.id));
    ctx.emit(kernel::LinkSetUp{sandbox, l.ifindex, a.ifname, true});
}

} // namespace vethlab::docker
