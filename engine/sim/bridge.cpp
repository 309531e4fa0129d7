// A Linux bridge in the engine: FDB learning, forwarding through br_netfilter's FORWARD check, and
// flooding — ARP broadcasts in one event, in bulk when nothing traces them.
#include <algorithm>

#include "engine.h"
#include "engine_keys.h"
#include "filter_walk.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::LinkKind;
using kernel::Neighbour;
using kernel::NetworkNamespace;

int Engine::BridgeCache::position(int port) const {
    if (ports.empty() || port < ports.front().ifindex) return -1;
    const auto i = static_cast<std::size_t>(port - ports.front().ifindex);
    return i < byIfindex.size() ? byIfindex[i] : -1;
}

Engine::BridgeCache& Engine::bridge(int nsId, Link& br) {
    BridgeCache& c = bridgeCache_[pairKey(nsId, br.ifindex)];
    if (c.epoch == epoch_) return c;
    c = BridgeCache{};
    c.epoch = epoch_;
    c.nsId = nsId;
    c.ifindex = br.ifindex;
    NetworkNamespace* n = ns(nsId);
    if (!n) return c;
    for (auto& l : n->links) {
        if (l.master != br.ifindex) continue;
        BridgePort p;
        p.ifindex = l.ifindex;
        p.port = &l;
        p.carrier = lab_->kernel().hasCarrier(*n, l);
        if (l.kind == LinkKind::Veth) {
            p.peerNs = l.peerNamespace;
            p.peer = link(l.peerNamespace, l.peerIfindex);
        }
        p.plain = p.carrier && p.peer && p.peer->adminUp && p.peer->master == 0;
        const auto at = static_cast<std::uint32_t>(c.ports.size());
        if (p.plain) {
            ++c.plainCarriers;
            c.byPeer.emplace(pairKey(p.peerNs, p.peer->ifindex), at);
            for (const auto& a : p.peer->ipv4)
                c.byAddress[a.prefix.addr.value].push_back(at);
        } else if (p.carrier) {
            c.special.push_back(at);
        }
        c.ports.push_back(p);
    }
    // Ports are few thousand at most (BR_MAX_PORTS) and their ifindexes close: a table finds a position.
    if (!c.ports.empty()) {
        c.byIfindex.assign(static_cast<std::size_t>(c.ports.back().ifindex - c.ports.front().ifindex + 1),
                           -1);
        for (std::size_t i = 0; i < c.ports.size(); ++i)
            c.byIfindex[static_cast<std::size_t>(c.ports[i].ifindex - c.ports.front().ifindex)] =
                static_cast<std::int32_t>(i);
    }
    for (std::size_t i = 0; i < br.fdb.size(); ++i)
        c.fdb.emplace(macKey(br.fdb[i].mac), static_cast<std::uint32_t>(i));
    return c;
}

void Engine::flushFloodCounters() {
    for (BridgeCache* c : dirtyBridges_) {
        for (BridgePort& p : c->ports) {
            if (!p.plain) continue;
            const std::uint64_t packets = c->floodPackets - p.ingressPackets;
            const std::uint64_t bytes = c->floodBytes - p.ingressBytes;
            p.port->counters.txPackets += packets;
            p.port->counters.txBytes += bytes;
            p.peer->counters.rxPackets += packets;
            p.peer->counters.rxBytes += bytes;
            p.ingressPackets = p.ingressBytes = 0;
        }
        c->floodPackets = c->floodBytes = 0;
        c->dirty = false;
    }
    dirtyBridges_.clear();
}

void Engine::bridgeInput(int nsId, int bridgeIndex, int ingressPort, const Frame& frame,
                         std::uint64_t lineage) {
    Link* br = link(nsId, bridgeIndex);
    auto eth = decodeEthernet(*frame);
    if (!br || !eth) return;
    // Learn where the sender lives.
    BridgeCache& c = bridge(nsId, *br);
    if (const std::uint32_t* at = c.fdb.find(macKey(eth->source)); !at) {
        c.fdb.emplace(macKey(eth->source), static_cast<std::uint32_t>(br->fdb.size()));
        br->fdb.push_back({eth->source, ingressPort, now_});
    } else {
        kernel::FdbEntry& e = br->fdb[*at];
        e.port = ingressPort;
        e.updated = now_;
    }
    bridgeOutput(nsId, bridgeIndex, ingressPort, frame, lineage);
}

std::vector<int> Engine::floodTargets(int nsId, Link& br, int ingress) {
    std::vector<int> targets;
    for (const BridgePort& p : bridge(nsId, br).ports)
        if (p.ifindex != ingress && p.carrier) targets.push_back(p.ifindex);
    return targets;
}

void Engine::bridgeOutput(int nsId, int bridgeIndex, int ingressPort, const Frame& frame,
                          std::uint64_t lineage) {
    Link* br = link(nsId, bridgeIndex);
    auto eth = decodeEthernet(*frame);
    if (!br || !eth) return;
    // A group address (IPv6 multicast too) floods and goes up: no multicast snooping without a querier.
    const bool broadcast = eth->destination == kBroadcastMac || (eth->destination.bytes[0] & 1) != 0;
    if (ingressPort != 0 && (broadcast || eth->destination == br->mac)) {
        // Up to the bridge's own stack (the gateway address lives here).
        // br_pass_frame_up counts skb->len: the Ethernet header was already pulled (eth_type_trans).
        br->counters.rxPackets++;
        br->counters.rxBytes += frame->size() - 14;
        schedule(queueTime(bridgeIndex, Queue::Up, settings_.bridgeLatency),
                 Event::carrying(EventKind::LocalReceive, nsId, bridgeIndex, lineage, frame));
        if (!broadcast) return;
    }
    BridgeCache& c = bridge(nsId, *br);
    int known = 0; // the port the FDB knows the destination behind
    if (!broadcast)
        if (const std::uint32_t* at = c.fdb.find(macKey(eth->destination))) known = br->fdb[*at].port;
    const bool flood = known == 0;
    if (settings_.recordTrace) {
        HopDecision d;
        d.kind = flood ? HopDecision::Kind::FdbFlood : HopDecision::Kind::FdbHit;
        d.device = br->name;
        d.mac = eth->destination;
        if (const Link* port = flood ? nullptr : link(nsId, known)) d.port = port->name;
        decide(std::move(d), nsId, lineage);
    }
    if (flood && eth->etherType == kEtherTypeArp) {
        // A broadcast reaches every port at (nearly) the same moment: one event delivers all the copies,
        // instead of two per port. Each copy is still counted and traced on its own links.
        Event e;
        e.kind = EventKind::Flood;
        e.nsId = nsId;
        e.ifindex = bridgeIndex;
        e.attempt = ingressPort;
        e.lineage = lineage;
        e.frame = frame;
        e.epoch = epoch_;
        // In bulk, the ports are worked out on delivery (the same ones while the lab is unchanged).
        e.bulk = broadcast && settings_.bulkFlood && !settings_.recordTrace && frame->size() >= 22 &&
                 (*frame)[20] == 0 && (*frame)[21] == 1; // an ARP request
        if (!e.bulk) e.side = floodPorts_.put(floodTargets(nsId, *br, ingressPort));
        const Nanos delay = jittered(settings_.bridgeLatency) + jittered(settings_.vethLatency);
        schedule(now_ + delay, std::move(e));
        return;
    }
    auto forward = [&](int p) {
        const int at = c.position(p);
        if (at >= 0 ? !c.ports[static_cast<std::size_t>(at)].carrier
                    : !link(nsId, p) || !lab_->kernel().hasCarrier(*ns(nsId), *link(nsId, p)))
            return true;
        if (ingressPort != 0 && eth->etherType == kEtherTypeIpv4) {
            // Docker loads br_netfilter: bridged IPv4 goes through FORWARD with -i br -o br.
            std::string rule;
            bridgedNat(nsId, "PREROUTING", br->name, *frame, false);
            if (!forwardAllowed(nsId, br->name, br->name, *frame, rule, lineage)) {
                if (Link* in = link(nsId, ingressPort))
                    record(nsId, *in, Direction::Drop, *frame, lineage, DropReason::FilterRule, rule);
                return false;
            }
            bridgedNat(nsId, "POSTROUTING", br->name, *frame, true);
        }
        schedule(queueTime(p, Queue::Out, settings_.bridgeLatency),
                 Event::carrying(EventKind::LinkTransmit, nsId, p, lineage, frame));
        return true;
    };
    if (!flood) {
        if (known == ingressPort) { // no hairpin
            if (Link* in = link(nsId, known))
                record(nsId, *in, Direction::Drop, *frame, lineage, DropReason::NotForUs);
            return;
        }
        forward(known);
        return;
    }
    for (const BridgePort& p : c.ports)
        if (p.ifindex != ingressPort && !forward(p.ifindex)) return;
}

void Engine::floodCopy(int nsId, int p, const Frame& frame, std::uint64_t lineage) {
    Link* port = passThrough(nsId, p, *frame, lineage, true);
    if (!port || port->kind != LinkKind::Veth) return;
    Link* peer = link(port->peerNamespace, port->peerIfindex);
    if (peer && peer->adminUp) linkReceive(port->peerNamespace, port->peerIfindex, frame, lineage);
}

void Engine::deliverFlood(Event& e) {
    if (e.bulk && e.epoch == epoch_) {
        bulkFlood(e);
        return;
    }
    std::vector<int> targets;
    if (!e.bulk) {
        targets = floodPorts_.take(e.side);
    } else { // queued before the lab last changed: its ports as they are now
        Link* br = link(e.nsId, e.ifindex);
        if (!br) return;
        targets = floodTargets(e.nsId, *br, e.attempt);
    }
    for (int p : targets)
        floodCopy(e.nsId, p, e.frame, e.lineage);
}

void Engine::bulkFlood(const Event& e) {
    Link* br = link(e.nsId, e.ifindex);
    auto arp = decodeArp(*e.frame); // decoded once for every receiver
    if (!br || !arp) return;
    BridgeCache& c = bridge(e.nsId, *br);
    const int ingress = c.position(e.attempt);
    const bool ingressPlain = ingress >= 0 && c.ports[static_cast<std::size_t>(ingress)].plain;
    // Every plain port's copy is counted in bulk: on the port (tx) and on its peer (rx).
    const std::uint64_t bytes = e.frame->size();
    c.floodPackets++;
    c.floodBytes += bytes;
    if (ingressPlain) {
        c.ports[static_cast<std::size_t>(ingress)].ingressPackets++;
        c.ports[static_cast<std::size_t>(ingress)].ingressBytes += bytes;
    }
    framesSent_ += c.plainCarriers - (ingressPlain ? 1 : 0);
    if (!c.dirty) {
        c.dirty = true;
        dirtyBridges_.push_back(&c);
    }
    // Per-port work only where the request changes something: the target's stack answers, and an
    // entry for the sender that is not yet resolved (or holds another MAC) is updated.
    std::vector<std::uint32_t> work = std::move(floodWork_); // its memory reused from flood to flood
    work.assign(c.special.begin(), c.special.end());
    if (auto t = c.byAddress.find(arp->targetIp.value); t != c.byAddress.end())
        work.insert(work.end(), t->second.begin(), t->second.end());
    if (holdersEpoch_ != epoch_) {
        holders_.clear();
        holdersEpoch_ = epoch_;
        for (const auto& [id, n] : lab_->kernel().namespaces())
            for (const auto& entry : n.neighbours)
                noteNeighbour(id, entry);
    }
    if (Holders* h = holders_.find(arp->senderIp.value)) {
        if (h->mixed || (h->anyValid && h->mac != arp->senderMac)) {
            for (std::uint32_t i = 0; i < c.ports.size(); ++i)
                if (c.ports[i].plain) work.push_back(i);
        } else {
            auto& list = h->unresolved;
            // A holder this flood reaches is resolved by it (an unresolved entry takes any sender's
            // address): it leaves the list now rather than be looked up again at the next flood.
            std::erase_if(list, [&](const std::pair<int, int>& holder) {
                const Neighbour* entry = neighbour(holder.first, holder.second, arp->senderIp);
                if (!entry || isValid(entry->state)) return true; // resolved since: forget it
                const std::uint32_t* at = c.byPeer.find(pairKey(holder.first, holder.second));
                if (!at || static_cast<int>(*at) == ingress) return false;
                work.push_back(*at);
                return true;
            });
        }
    }
    std::sort(work.begin(), work.end());
    work.erase(std::unique(work.begin(), work.end()), work.end());
    for (std::uint32_t i : work) {
        if (static_cast<int>(i) == ingress) continue;
        const BridgePort& p = c.ports[i];
        if (p.plain)
            arpInput(p.peerNs, p.peer->ifindex, *arp, true); // what the peer's linkReceive comes to
        else
            floodCopy(e.nsId, p.ifindex, e.frame, e.lineage);
    }
    floodWork_ = std::move(work);
}

} // namespace vethlab::sim
