// Endpoints: the veth pair, its address and default route that join a container to a bridge.
#include <algorithm>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/go_net.h"

namespace vethlab::docker {

using kernel::NsRef;

void Daemon::attachEndpoint(HostContext& ctx, Container& c, Attachment& a, Ipv4 ip, bool takesDefaultRoute) {
    Network& n = *mutableNetwork(a.networkId);
    a.active = true;
    a.everActive = true;
    if (!n.hasInterface()) return; // host and none: an endpoint with no interface
    n.pool.markUsed(ip);
    a.ip = ip;
    a.mac = Mac::fromDockerIp(ip);
    // --mac-address applies to the endpoint on the network named by --network (or the default
    // bridge without one), not to networks connected later (daemon/network.go).
    const std::string& mode = c.config.networkMode;
    if (!c.config.macAddress.empty() && (n.name == mode || (mode == "default" && n.isDefaultBridge())))
        if (auto hw = gonet::parseMAC(c.config.macAddress); hw && hw->size() == 6)
            std::copy(hw->begin(), hw->end(), a.mac.bytes.begin());
    a.ifname = "eth" + std::to_string(c.nextEth++);
    if (n.isParented()) {
        attachStackedEndpoint(ctx, c, a, n);
        if (takesDefaultRoute) setDefaultRoutes(ctx, c, a, true);
        return;
    }
    NsRef host{};
    NsRef sandbox = nsRef(c);

    // The kernel registers the peer first: it gets the next index, the host end the one after.
    kernel::Link peer;
    peer.ifindex = ctx.kernel.peekIfindex();
    kernel::Link veth;
    veth.ifindex = peer.ifindex + 1;
    veth.name = ctx.random.vethName();
    veth.kind = kernel::LinkKind::Veth;
    veth.mac = ctx.random.kernelMac();
    veth.peerIfindex = peer.ifindex;
    veth.peerNamespace = host.id;
    peer.name = ctx.random.vethName();
    peer.kind = kernel::LinkKind::Veth;
    peer.mac = a.mac;
    peer.peerIfindex = veth.ifindex;
    peer.peerNamespace = host.id;
    if (n.mtu != 0) veth.mtu = peer.mtu = n.mtu; // CreateEndpoint: both ends inherit the network's MTU
    a.hostVeth = veth.name;
    a.hostIfindex = veth.ifindex;
    a.ifindex = peer.ifindex;
    ctx.emit(kernel::VethAdd{host, veth, peer});
    ctx.emit(kernel::LinkSetMaster{host, veth.ifindex, veth.name, n.bridgeIfindex, n.bridgeName});
    ctx.emit(kernel::LinkSetUp{host, veth.ifindex, veth.name, true});
    ctx.emit(kernel::LinkSetNetns{host, peer.ifindex, peer.name, sandbox});
    ctx.emit(kernel::LinkRename{sandbox, peer.ifindex, peer.name, a.ifname});
    Ipv4Prefix subnet = n.pool.subnet();
    ctx.emit(kernel::AddrAdd{
        sandbox, peer.ifindex, a.ifname, {Ipv4Prefix{ip, subnet.length}, subnet.broadcast(), a.ifname}});
    addEndpointIpv6(ctx, c, a, n);
    ctx.emit(kernel::LinkSetUp{sandbox, peer.ifindex, a.ifname, true});
    // The bridge driver's Join gives every endpoint its gateway, internal networks' too: the default
    // route goes to the sandbox's first endpoint in libnetwork's order (see gatewayNetworkFirst).
    if (takesDefaultRoute) setDefaultRoutes(ctx, c, a, true); // the IPv6 one too (SetGatewayIPv6)
}

// osl setInterfaceIPv6: IPv6 on for this interface only (the sandbox has it off for all), the address
// added with IFA_F_NODAD; the kernel adds the link-local when the link comes up.
void Daemon::addEndpointIpv6(HostContext& ctx, const Container& c, Attachment& a, Network& n) {
    if (!n.pool6) return;
    const NsRef sandbox = nsRef(c);
    const std::uint64_t offset = n.pool6->lowestFree().value_or(0);
    n.pool6->markUsed(offset);
    a.ip6 = offset;
    ctx.emit(kernel::Sysctl{sandbox, "net.ipv6.conf." + a.ifname + ".disable_ipv6", "0"});
    ctx.emit(kernel::Ipv6AddrAdd{
        sandbox,
        a.ifindex,
        a.ifname,
        {n.pool6->subnet().at(offset), n.pool6->subnet().length, "global", "nodad", ctx.now, false}});
}

bool gatewayNetworkFirst(const Network& a, const Network& b) {
    // sandbox.go epHeap.Less: internal networks after the others, then by name (equal priorities).
    if (a.internal != b.internal) return !a.internal;
    if (a.internal) return false; // two internal networks: the heap keeps the order they joined
    return a.name < b.name;
}

void Daemon::detachEndpoint(HostContext& ctx, const Container& c, Attachment& a) {
    if (!a.active) return;
    Network* n = mutableNetwork(a.networkId);
    if (n && n->hasInterface()) {
        // A veth dies with its host end; a macvlan/ipvlan link is deleted by the driver's DeleteEndpoint.
        if (n->isBridge())
            ctx.emit(kernel::LinkDel{{}, a.hostIfindex, a.hostVeth});
        else
            ctx.emit(kernel::LinkDel{nsRef(c), a.ifindex, a.ifname});
        // macvlan_port_destroy: a passthru parent gets its own address back.
        if (n->driver == "macvlan" && stackedMode(*n) == "passthru")
            ctx.emit(kernel::LinkSetMac{{}, n->parentIfindex, n->parentLink, n->parentMac});
        n->pool.release(a.ip);
        if (n->pool6 && a.ip6) n->pool6->release(*a.ip6);
    }
    a.ip6.reset();
    a.active = false;
    a.endpointId.clear();
    a.ip = {};
    a.mac = {};
    a.ifindex = a.hostIfindex = 0;
    a.hostVeth.clear();
    a.ifname.clear();
}

} // namespace vethlab::docker
