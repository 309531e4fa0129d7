// macvlan and ipvlan links, as Linux's drivers move frames between a parent and the links stacked on it
// (drivers/net/macvlan.c macvlan_queue_xmit / macvlan_handle_frame; drivers/net/ipvlan ipvlan_core.c). A
// frame sent on a child in bridge mode (ipvlan: l2) goes to the sibling it is addressed to (by MAC for
// macvlan; by IP address for ipvlan, whose children share the parent's MAC), to every sibling and out of
// the parent when broadcast, and out of the parent otherwise. A private, vepa or passthru child sends
// everything out of the parent: its siblings see it only if the switch outside sends it back, and the
// lab's LAN does not. A frame arriving on the parent goes to the child it is addressed to (broadcasts to
// every child and the parent), and in passthru mode every unicast frame goes to the one child. The
// parent's own stack never sees its children's frames: the host cannot reach its own macvlan children.
// ipvlan l3 switches by IP address only: a packet for a sibling's address goes to it, any other IPv4
// packet crosses into the parent's namespace and leaves through that stack (ipvlan_process_outbound ->
// ip_local_out: the host routes it, its nat chains see it, its eth0 sends it with its own MAC and ARP);
// broadcasts, ARP and other IPv6 are dropped. On the parent, an IPv4 packet or an ARP frame (broadcast
// or not) whose target is a child's address goes to that child only (ipvlan_handle_mode_l3), where a
// NOARP device drops the ARP: nobody on the LAN can resolve an l3 child's address.
#include <algorithm>

#include "engine.h"
#include "ipv6_packet.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::LinkKind;

namespace {

// Whether a child hands frames to its siblings itself (macvlan bridge mode, ipvlan l2).
bool bridgesSiblings(const Link& l) {
    return l.kind == LinkKind::Ipvlan || l.stackMode.empty() || l.stackMode == "bridge";
}

bool hasAddress(const Link& l, Ipv4 ip) {
    return std::any_of(l.ipv4.begin(), l.ipv4.end(), [&](const auto& a) { return a.prefix.addr == ip; });
}

bool hasAddress6(const Link& l, const Ipv6& ip) {
    return std::any_of(l.ipv6.begin(), l.ipv6.end(),
                       [&](const auto& a) { return Ipv6::parse(a.address) == ip; });
}

// An IPv4 destination the parent's routing would not send as unicast (ipvlan_process_v4_outbound drops
// anything but RTN_UNICAST and RTN_LOCAL): the limited broadcast, multicast, a subnet's broadcast.
bool notUnicast(const kernel::NetworkNamespace& ns, Ipv4 to) {
    if (to == Ipv4{0xffffffff} || (to.value >> 28) == 0xe) return true;
    for (const auto& l : ns.links)
        for (const auto& a : l.ipv4)
            if (a.prefix.length < 31 && a.broadcast == to) return true;
    return false;
}

// The IPv4 address a frame is for: the IP destination, or an ARP request's target.
std::optional<Ipv4> addressedTo(const Bytes& frame) {
    if (auto ip = decodeIpv4(frame)) return ip->destination;
    if (auto arp = decodeArp(frame)) return arp->targetIp;
    return std::nullopt;
}

} // namespace

std::vector<std::pair<int, int>> Engine::stackedChildren(int parentNs, int parentIfindex) {
    std::vector<std::pair<int, int>> out;
    for (const auto& [id, n] : lab_->kernel().namespaces())
        for (const auto& l : n.links)
            if (l.isStacked() && l.peerNamespace == parentNs && l.peerIfindex == parentIfindex)
                out.emplace_back(id, l.ifindex);
    return out;
}

bool Engine::hasStackedLinks() {
    if (stackedEpoch_ != epoch_) {
        stackedEpoch_ = epoch_;
        anyStacked_ = false;
        for (const auto& [id, n] : lab_->kernel().namespaces())
            anyStacked_ = anyStacked_ || std::any_of(n.links.begin(), n.links.end(),
                                                     [](const Link& l) { return l.isStacked(); });
    }
    return anyStacked_;
}

// Whether a frame on its way to or from a parent is for the stacked link (nsId, l).
bool Engine::stackedTakes(int nsId, const Link& l, const Bytes& frame) {
    auto eth = decodeEthernet(frame);
    if (!eth || !l.adminUp) return false;
    (void)nsId;
    const bool broadcast = eth->destination == kBroadcastMac;
    // l3: by the IPv4 or ARP target alone, a broadcast ARP request included; no other broadcast.
    if (l.isIpvlanL3()) {
        const auto to = addressedTo(frame);
        return (broadcast || eth->destination == l.mac) && to && hasAddress(l, *to);
    }
    if (broadcast) return true;
    if (l.kind == LinkKind::Macvlan) return eth->destination == l.mac || l.stackMode == "passthru";
    if (eth->destination != l.mac) return false;
    const auto to = addressedTo(frame);
    return to && hasAddress(l, *to);
}

// ipvlan_xmit_mode_l3: to the sibling holding the destination address (ipvlan_addr_lookup over the port's
// up links), else into the parent's namespace as a packet its stack sends (ip_local_out / ip6_local_out;
// IPv6 beyond the port is not modelled: dropped). The crossing takes a veth-like moment.
void Engine::ipvlanL3Transmit(const Link& dev, const Frame& frame, std::uint64_t lineage) {
    const auto ip = decodeIpv4(*frame);
    const auto ip6 = ip ? std::nullopt : decodeIpv6(*frame);
    if (!ip && !ip6) return; // ARP and the rest: "Dropped outbound packet type"
    for (const auto& [childNs, childIndex] : stackedChildren(dev.peerNamespace, dev.peerIfindex)) {
        const Link* sibling = link(childNs, childIndex);
        if (!sibling || !sibling->adminUp || !sibling->isIpvlanL3()) continue;
        if (ip ? !hasAddress(*sibling, ip->destination) : !hasAddress6(*sibling, ip6->destination)) continue;
        schedule(queueTime(childIndex, Queue::Wire, settings_.vethLatency),
                 Event::carrying(EventKind::LinkReceive, childNs, childIndex, lineage, frame));
        return;
    }
    const kernel::NetworkNamespace* parentNs = ns(dev.peerNamespace);
    if (!ip || !parentNs || notUnicast(*parentNs, ip->destination)) return;
    scheduleFrame(queueTime(dev.ifindex, Queue::Wire, settings_.vethLatency), EventKind::IpOutput,
                  dev.peerNamespace, 0, share(Bytes(frame->begin() + 14, frame->end())), lineage);
}

void Engine::stackedTransmit(int nsId, const Link& dev, const Frame& frame, std::uint64_t lineage) {
    if (dev.isIpvlanL3()) {
        ipvlanL3Transmit(dev, frame, lineage);
        return;
    }
    bool delivered = false;
    const auto siblings = bridgesSiblings(dev) ? stackedChildren(dev.peerNamespace, dev.peerIfindex)
                                               : std::vector<std::pair<int, int>>{};
    for (const auto& [childNs, childIndex] : siblings) {
        if (childNs == nsId && childIndex == dev.ifindex) continue;
        const Link* sibling = link(childNs, childIndex);
        if (!sibling || !bridgesSiblings(*sibling) || !stackedTakes(childNs, *sibling, *frame)) continue;
        schedule(queueTime(childIndex, Queue::Wire, settings_.vethLatency),
                 Event::carrying(EventKind::LinkReceive, childNs, childIndex, lineage, frame));
        delivered = true;
    }
    auto eth = decodeEthernet(*frame);
    if (delivered && eth && eth->destination != kBroadcastMac) return;
    linkTransmit(dev.peerNamespace, dev.peerIfindex, frame, lineage);
}

bool Engine::stackedReceive(int nsId, const Link& parent, const Frame& frame, std::uint64_t lineage) {
    if (!hasStackedLinks()) return false;
    bool taken = false, consumed = false;
    for (const auto& [childNs, childIndex] : stackedChildren(nsId, parent.ifindex)) {
        const Link* child = link(childNs, childIndex);
        if (!child || !stackedTakes(childNs, *child, *frame)) continue;
        schedule(queueTime(childIndex, Queue::Wire, settings_.vethLatency),
                 Event::carrying(EventKind::LinkReceive, childNs, childIndex, lineage, frame));
        taken = true;
        consumed = consumed || child->isIpvlanL3(); // ipvlan_rcv_frame: RX_HANDLER_CONSUMED
    }
    auto eth = decodeEthernet(*frame);
    return consumed || (taken && eth && eth->destination != kBroadcastMac);
}

} // namespace vethlab::sim
