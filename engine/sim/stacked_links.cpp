// macvlan and ipvlan links, as Linux's drivers move frames between a parent and the links stacked on it
// (drivers/net/macvlan.c macvlan_queue_xmit / macvlan_handle_frame; drivers/net/ipvlan in l2 mode). A
// frame sent on a child in bridge mode (ipvlan: l2) goes to the sibling it is addressed to (by MAC for
// macvlan; by IP address for ipvlan, whose children share the parent's MAC), to every sibling and out of
// the parent when broadcast, and out of the parent otherwise. A private, vepa or passthru child sends
// everything out of the parent: its siblings see it only if the switch outside sends it back, and the
// lab's LAN does not. A frame arriving on the parent goes to the child it is addressed to (broadcasts to
// every child and the parent), and in passthru mode every unicast frame goes to the one child. The
// parent's own stack never sees its children's frames: the host cannot reach its own macvlan children.
#include <algorithm>

#include "engine.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::LinkKind;

namespace {

// Whether a child hands frames to its siblings itself (macvlan bridge mode, ipvlan l2).
bool bridgesSiblings(const Link& l) {
    return l.kind == LinkKind::Ipvlan || l.stackMode.empty() || l.stackMode == "bridge";
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
    if (eth->destination == kBroadcastMac) return true;
    if (l.kind == LinkKind::Macvlan) return eth->destination == l.mac || l.stackMode == "passthru";
    if (eth->destination != l.mac) return false;
    const auto to = addressedTo(frame);
    (void)nsId;
    return to &&
           std::any_of(l.ipv4.begin(), l.ipv4.end(), [&](const auto& a) { return a.prefix.addr == *to; });
}

void Engine::stackedTransmit(int nsId, const Link& dev, const Frame& frame, std::uint64_t lineage) {
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
    bool taken = false;
    for (const auto& [childNs, childIndex] : stackedChildren(nsId, parent.ifindex)) {
        const Link* child = link(childNs, childIndex);
        if (!child || !stackedTakes(childNs, *child, *frame)) continue;
        schedule(queueTime(childIndex, Queue::Wire, settings_.vethLatency),
                 Event::carrying(EventKind::LinkReceive, childNs, childIndex, lineage, frame));
        taken = true;
    }
    auto eth = decodeEthernet(*frame);
    return taken && eth && eth->destination != kBroadcastMac;
}

} // namespace vethlab::sim
