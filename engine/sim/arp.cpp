// ARP and the neighbour table, as net/ipv4/arp.c (arp_process, arp_solicit) and net/core/neighbour.c
// (neigh_update) do it: packets queued while an entry resolves, three tries a second apart.
#include <algorithm>

#include "engine.h"
#include "engine_keys.h"

namespace vethlab::sim {
namespace {
// A waiting frame's Ethernet addresses, as the device has them when the frame leaves.
void setAddresses(Bytes& frame, const Mac& destination, const Mac& source) {
    std::copy(destination.bytes.begin(), destination.bytes.end(), frame.begin());
    std::copy(source.bytes.begin(), source.bytes.end(), frame.begin() + 6);
}
} // namespace

using kernel::Link;
using kernel::LinkKind;
using kernel::Neighbour;
using kernel::NetworkNamespace;

void Engine::neighbourOutput(int nsId, int ifindex, Ipv4 nextHop, const Bytes& ipPacket,
                             std::uint64_t lineage) {
    Link* dev = link(nsId, ifindex);
    if (!dev) return;
    // A NOARP device (arp_constructor): NUD_NOARP with the device's own address, no request; `ip neigh`
    // and /proc/net/arp leave such entries out, so none is kept.
    if (dev->noArp()) {
        linkTransmit(nsId, ifindex, share(encodeEthernet({dev->mac, dev->mac, kEtherTypeIpv4}, ipPacket)),
                     lineage);
        return;
    }
    Neighbour* entry = neighbour(nsId, ifindex, nextHop);
    if (entry && isValid(entry->state)) {
        linkTransmit(nsId, ifindex, share(encodeEthernet({entry->mac, dev->mac, kEtherTypeIpv4}, ipPacket)),
                     lineage);
        return;
    }
    // Kept as the frame it will leave as: the addresses are written in when it leaves (or fails).
    resolving_[resolvingKey(nsId, ifindex, nextHop.value)].packets.push_back(
        {encodeEthernet({Mac{}, dev->mac, kEtherTypeIpv4}, ipPacket), lineage});
    if (entry && entry->state == Neighbour::State::Incomplete) return; // a request is already out
    if (!entry) {
        addNeighbour(nsId, {ifindex, nextHop, Mac{}, Neighbour::State::Incomplete, now_});
    } else {
        entry->state = Neighbour::State::Incomplete;
        entry->updated = now_;
        noteNeighbour(nsId, *entry);
    }
    arpRetry(nsId, ifindex, nextHop, 0);
}

void Engine::arpRetry(int nsId, int ifindex, Ipv4 target, int attempt) {
    NetworkNamespace* n = ns(nsId);
    Link* dev = link(nsId, ifindex);
    Neighbour* entry = neighbour(nsId, ifindex, target);
    if (!n || !dev || !entry || entry->state != Neighbour::State::Incomplete) return;
    if (attempt >= 3) {
        // No answer after three requests: the entry fails and the waiting packets are dropped.
        entry->state = Neighbour::State::Failed;
        entry->updated = now_;
        noteNeighbour(nsId, *entry);
        const FlowKey key = resolvingKey(nsId, ifindex, target.value);
        std::vector<std::pair<Bytes, std::uint64_t>> waiting;
        if (Resolving* r = resolving_.find(key)) waiting = std::move(r->packets);
        resolving_.erase(key);
        // neigh_invalidate reports the queue's packets in order: their senders hear in that order too.
        Nanos wake = now_;
        for (auto& [frame, lineage] : waiting) {
            setAddresses(frame, kBroadcastMac, dev->mac);
            record(nsId, *dev, Direction::Drop, frame, lineage, DropReason::NeighbourFailed);
            // A sender on this host hears about it: ICMP host unreachable, from its own address.
            auto ip = decodeIpv4(frame);
            if (auto syn = decodeTcp(frame);
                ip && syn && syn->has(TcpSegment::Syn) && isLocalAddress(*n, ip->source)) {
                // connect() fails with EHOSTUNREACH.
                const TcpKey conn{nsId, ip->source.value, syn->sourcePort, ip->destination.value,
                                  syn->destinationPort};
                wake = std::max(wake, now_ + jittered(settings_.wakeupLatency));
                at(wake, [this, conn] {
                    auto c = tcp_.find(conn);
                    if (c != tcp_.end() && c->second.state == TcpConnection::State::SynSent)
                        tcpFinish(conn, TcpResult::Outcome::Unreachable);
                });
                continue;
            }
            auto echo = decodeIcmp(frame);
            if (!ip || !echo || echo->type != 8 || !isLocalAddress(*n, ip->source)) continue;
            auto socket = sockets_.find(echo->identifier);
            if (socket == sockets_.end() || socket->second.first != nsId) continue;
            IcmpMessage error;
            error.type = 3;
            error.code = 1;
            error.identifier = echo->identifier; // the quoted echo header, decoded for the program
            error.sequence = echo->sequence;
            Ipv4Header from = *ip;
            from.destination = ip->source;
            wake = std::max(wake, now_ + jittered(settings_.wakeupLatency));
            at(wake, [this, id = echo->identifier, from, error] {
                auto sock = sockets_.find(id);
                if (sock != sockets_.end()) sock->second.second(from, error);
            });
        }
        return;
    }
    ArpPacket req;
    req.operation = 1;
    req.senderMac = dev->mac;
    req.senderIp = dev->ipv4.empty() ? Ipv4{} : dev->ipv4.front().prefix.addr;
    req.targetIp = target;
    ++arpRequests_;
    linkTransmit(nsId, ifindex,
                 share(encodeEthernet({kBroadcastMac, dev->mac, kEtherTypeArp}, encodeArp(req))),
                 nextLineage_++);
    // The entry's one retry timer (neigh->timer): cancelled when an answer resolves the entry.
    Event e;
    e.kind = EventKind::ArpTimer;
    e.nsId = nsId;
    e.ifindex = ifindex;
    e.address = target.value;
    e.attempt = attempt + 1;
    const std::uint32_t slot = scheduleTimer(std::move(e));
    Resolving& r = resolving_[resolvingKey(nsId, ifindex, target.value)];
    r.timed = true;
    r.timerSlot = slot;
    r.timerSeq = events_[slot].seq;
}

void Engine::neighbourUpdate(int nsId, int ifindex, Neighbour& e, Mac mac, Neighbour::State state,
                             bool override) {
    // neigh_update(): a valid entry keeps its address unless the update may override it, and a STALE
    // update that brings the same address leaves the state alone (REACHABLE stays REACHABLE).
    const Neighbour::State old = e.state;
    const bool confirmed = state == Neighbour::State::Reachable; // an answer to us
    if (isValid(old)) {
        if (mac != e.mac && !override) return;
        if (mac == e.mac && state == Neighbour::State::Stale) state = old;
    }
    // `updated` also stands for the kernel's `confirmed`: `ip neigh` ages REACHABLE from it.
    if (state != old || mac != e.mac || confirmed) e.updated = now_;
    const bool changed = state != old || mac != e.mac;
    e.state = state;
    e.mac = mac;
    if (changed) noteNeighbour(nsId, e);
    if (isValid(old)) return;
    // INCOMPLETE (or FAILED) -> valid: the retry timer stops and the queued packets leave.
    cancelArpTimer(nsId, ifindex, e.ip);
    const FlowKey key = resolvingKey(nsId, ifindex, e.ip.value);
    Resolving* waiting = resolving_.find(key);
    if (!waiting) return;
    auto packets = std::move(waiting->packets);
    resolving_.erase(key); // its timer was cancelled above
    const Link* dev = link(nsId, ifindex);
    if (!dev) return;
    const Mac source = dev->mac;
    for (auto& [frame, lineage] : packets) {
        setAddresses(frame, mac, source);
        linkTransmit(nsId, ifindex, share(std::move(frame)), lineage);
    }
}

void Engine::arpInput(int nsId, int ifindex, const ArpPacket& arp, bool broadcast) {
    // arp_process() in net/ipv4/arp.c, with arp_ignore, arp_filter and arp_accept at their defaults (0).
    Link* dev = link(nsId, ifindex);
    // arp_rcv drops what reaches a NOARP device; a DAD probe teaches nothing (and we send none).
    if (!dev || dev->noArp() || arp.senderIp == Ipv4{}) return;
    const bool request = arp.operation == 1;
    const bool ours =
        request && std::any_of(dev->ipv4.begin(), dev->ipv4.end(),
                               [&](const kernel::Ipv4Address& a) { return a.prefix.addr == arp.targetIp; });
    if (ours) {
        // neigh_event_ns(): the asker's entry is created if need be, and updated to STALE.
        Neighbour* e = neighbour(nsId, ifindex, arp.senderIp);
        if (!e)
            e = &addNeighbour(nsId, {ifindex, arp.senderIp, arp.senderMac, Neighbour::State::Stale, now_});
        neighbourUpdate(nsId, ifindex, *e, arp.senderMac, Neighbour::State::Stale, true);
        const ArpPacket reply{2, dev->mac, arp.targetIp, arp.senderMac, arp.senderIp};
        schedule(queueTime(ifindex, Queue::Out, settings_.stackLatency),
                 Event::carrying(
                     EventKind::LinkTransmit, nsId, ifindex, nextLineage_++,
                     share(encodeEthernet({arp.senderMac, dev->mac, kEtherTypeArp}, encodeArp(reply)))));
        return;
    }
    // Anything else updates only an entry we already have: unsolicited ARP creates none (arp_accept 0).
    Neighbour* e = neighbour(nsId, ifindex, arp.senderIp);
    if (!e) return;
    // Within locktime (1 s) of its last change an entry keeps its address: the first answer wins.
    const bool gratuitous = request && arp.senderIp == arp.targetIp;
    const bool override = now_ > e->updated + kArpLocktime || gratuitous;
    // Requests and broadcast replies do not prove the neighbour reachable.
    const auto state = request || broadcast ? Neighbour::State::Stale : Neighbour::State::Reachable;
    neighbourUpdate(nsId, ifindex, *e, arp.senderMac, state, override);
}

} // namespace vethlab::sim
