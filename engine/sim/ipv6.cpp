// IPv6 in the engine: ICMPv6 echo between namespaces over neighbour discovery (RFC 4861), as Linux
// does it on an --ipv6 Docker network. A packet to an unresolved next hop waits while a neighbour
// solicitation goes to the target's solicited-node group (ff02::1:ffXX:XXXX, MAC 33:33:ff:XX:XX:XX);
// the target learns the asker from the solicitation (STALE) and answers with a solicited, override
// advertisement that makes the asker's entry REACHABLE. Three unanswered solicitations a second apart
// (MAX_MULTICAST_SOLICIT) fail the entry, and the waiting echo gets "Address unreachable".
// Not carried: router solicitations and MLD reports sent at link-up, forwarding between networks.
#include <algorithm>

#include "engine.h"
#include "kernel/ipv6_routes.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::Neighbour;
using kernel::Neighbour6;
using kernel::NetworkNamespace;

namespace {

constexpr int kMaxMulticastSolicit = 3;
constexpr std::uint8_t kNdHopLimit = 255;

bool isValid6(Neighbour::State s) {
    return s == Neighbour::State::Reachable || s == Neighbour::State::Stale;
}

std::optional<Ipv6> addressOf(const kernel::Ipv6Address& a) {
    return Ipv6::parse(a.address);
}

// Whether `ip` is one of the link's addresses (a tentative one included: DAD is not modelled).
bool ownsAddress(const Link& l, const Ipv6& ip) {
    return std::any_of(l.ipv6.begin(), l.ipv6.end(), [&](const auto& a) { return addressOf(a) == ip; });
}

Bytes ethernetFrame(const Mac& destination, const Mac& source, const Bytes& packet) {
    return encodeEthernet({destination, source, kEtherTypeIpv6}, packet);
}

} // namespace

bool Engine::acceptsFrame(int nsId, const Link& dev, const Mac& destination) const {
    if (destination == dev.mac || destination == kBroadcastMac) return true;
    if (destination.bytes[0] != 0x33 || destination.bytes[1] != 0x33) return false;
    const NetworkNamespace* n = lab_->kernel().find(nsId);
    if (n && !kernel::hasIpv6(*n, dev)) return false;
    if (destination == Ipv6::parse("ff02::1")->multicastMac()) return true;
    return std::any_of(dev.ipv6.begin(), dev.ipv6.end(), [&](const auto& a) {
        auto ip = addressOf(a);
        return ip && ip->solicitedNode().multicastMac() == destination;
    });
}

std::uint16_t Engine::openIcmp6Socket(int namespaceId, Icmp6Handler handler) {
    const std::uint16_t id = nextSocketId_++;
    sockets6_[id] = {namespaceId, std::move(handler)};
    return id;
}

void Engine::closeIcmp6Socket(std::uint16_t id) {
    sockets6_.erase(id);
}

std::optional<Ipv6> Engine::sourceFor6(int namespaceId, const Ipv6& destination) const {
    const NetworkNamespace* n = lab_->kernel().find(namespaceId);
    if (!n) return std::nullopt;
    auto route = kernel::ipv6Lookup(*n, destination);
    if (!route) return std::nullopt;
    return kernel::ipv6SourceFor(*n, *route, destination);
}

bool Engine::sendEcho6(int nsId, const Ipv6& destination, std::uint16_t id, std::uint16_t sequence,
                       std::size_t dataBytes) {
    beginCall();
    auto source = sourceFor6(nsId, destination);
    if (!source) return false;
    Icmpv6Message m;
    m.identifier = id;
    m.sequence = sequence;
    m.data.resize(dataBytes);
    for (std::size_t i = 0; i < dataBytes; ++i)
        m.data[i] = static_cast<std::uint8_t>(i & 0xff);
    Ipv6Header h;
    h.source = *source;
    h.destination = destination;
    Bytes packet = encodeIpv6Icmp(h, m);
    const std::uint64_t lineage = nextLineage_++;
    at(now_ + jittered(settings_.stackLatency),
       [this, nsId, packet, lineage] { ipv6Output(nsId, packet, lineage); });
    return true;
}

void Engine::ipv6Output(int nsId, const Bytes& packet, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    if (!n || packet.size() < 40) return;
    Ipv6 destination;
    std::copy(packet.begin() + 24, packet.begin() + 40, destination.bytes.begin());
    if (std::any_of(n->links.begin(), n->links.end(),
                    [&](const Link& l) { return ownsAddress(l, destination); })) {
        // To ourselves: through lo, whatever link holds the address.
        Bytes frame = ethernetFrame(Mac{}, Mac{}, packet);
        schedule(loopbackTime(nsId),
                 Event::carrying(EventKind::LocalReceive, nsId, 1, lineage, share(std::move(frame))));
        return;
    }
    auto route = kernel::ipv6Lookup(*n, destination);
    if (!route) return;
    const Ipv6 nextHop = route->gateway.value_or(destination);
    ndOutput(nsId, route->device, nextHop, ethernetFrame(Mac{}, Mac{}, packet), lineage);
}

Neighbour6* Engine::neighbour6(int nsId, int ifindex, const Ipv6& ip) {
    NetworkNamespace* n = ns(nsId);
    if (!n) return nullptr;
    for (Neighbour6& e : n->neighbours6)
        if (e.ifindex == ifindex && e.ip == ip) return &e;
    return nullptr;
}

void Engine::ndOutput(int nsId, int ifindex, const Ipv6& nextHop, Bytes frame, std::uint64_t lineage) {
    Link* dev = link(nsId, ifindex);
    if (!dev) return;
    std::copy(dev->mac.bytes.begin(), dev->mac.bytes.end(), frame.begin() + 6);
    if (dev->noArp()) { // ndisc_constructor: NUD_NOARP with the device's own address, no solicitation
        std::copy(dev->mac.bytes.begin(), dev->mac.bytes.end(), frame.begin());
        linkTransmit(nsId, ifindex, share(std::move(frame)), lineage);
        return;
    }
    Neighbour6* entry = neighbour6(nsId, ifindex, nextHop);
    if (entry && isValid6(entry->state)) {
        std::copy(entry->mac.bytes.begin(), entry->mac.bytes.end(), frame.begin());
        linkTransmit(nsId, ifindex, share(std::move(frame)), lineage);
        return;
    }
    auto& waiting = resolving6_[{nsId, ifindex, nextHop}];
    waiting.emplace_back(std::move(frame), lineage);
    if (entry && entry->state == Neighbour::State::Incomplete) return; // a solicitation is already out
    if (!entry) {
        ns(nsId)->neighbours6.push_back({ifindex, nextHop, Mac{}, Neighbour::State::Incomplete, false, now_});
    } else {
        entry->state = Neighbour::State::Incomplete;
        entry->updated = now_;
    }
    Ipv6 source;
    std::copy(waiting.front().first.begin() + 14 + 8, waiting.front().first.begin() + 14 + 24,
              source.bytes.begin());
    ndSolicit(nsId, ifindex, nextHop, source, 0);
}

void Engine::ndSolicit(int nsId, int ifindex, const Ipv6& target, const Ipv6& source, int attempt) {
    Neighbour6* entry = neighbour6(nsId, ifindex, target);
    Link* dev = link(nsId, ifindex);
    if (!entry || entry->state != Neighbour::State::Incomplete || !dev) return;
    if (attempt >= kMaxMulticastSolicit) {
        // The entry fails; each waiting packet gets an ICMPv6 Destination Unreachable, code 3 (address
        // unreachable), from the asker's own address.
        entry->state = Neighbour::State::Failed;
        entry->updated = now_;
        auto waiting = std::move(resolving6_[{nsId, ifindex, target}]);
        resolving6_.erase({nsId, ifindex, target});
        for (auto& [frame, lineage] : waiting) {
            record(nsId, *dev, Direction::Drop, frame, lineage, DropReason::NeighbourFailed);
            if (auto ip = decodeIpv6(frame)) {
                auto m = decodeIcmpv6(frame, *ip);
                if (!m || m->type != 128) continue;
                Icmpv6Message error;
                error.type = 1;
                error.code = 3;
                error.sequence = m->sequence;
                Ipv6Header h;
                h.source = ip->source;
                icmp6Deliver(nsId, h, error);
            }
        }
        return;
    }
    Icmpv6Message m;
    m.type = 135;
    m.target = target;
    m.linkLayer = dev->mac;
    Ipv6Header h;
    h.hopLimit = kNdHopLimit;
    h.source = source;
    h.destination = target.solicitedNode();
    linkTransmit(nsId, ifindex,
                 share(ethernetFrame(h.destination.multicastMac(), dev->mac, encodeIpv6Icmp(h, m))),
                 nextLineage_++);
    at(now_ + kSecond, [this, nsId, ifindex, target, source, attempt] {
        ndSolicit(nsId, ifindex, target, source, attempt + 1);
    });
}

void Engine::ipv6Input(int nsId, int ifindex, const Frame& shared, std::uint64_t lineage) {
    const Bytes& frame = *shared;
    Link* dev = link(nsId, ifindex);
    NetworkNamespace* n = ns(nsId);
    auto ip = decodeIpv6(frame);
    if (!dev || !n || !ip || !kernel::hasIpv6(*n, *dev)) return;
    const bool local = ip->destination.isMulticast() ||
                       std::any_of(n->links.begin(), n->links.end(),
                                   [&](const Link& l) { return ownsAddress(l, ip->destination); });
    if (!local) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::NotForUs);
        return;
    }
    auto m = decodeIcmpv6(frame, *ip);
    if (!m) return;
    if (m->type == 135 || m->type == 136) {
        ndInput(nsId, *dev, *ip, *m, lineage);
        return;
    }
    record(nsId, *dev, Direction::Deliver, frame, lineage);
    if (m->type == 128) { // icmpv6_echo_reply: from the address asked, hop limit 64
        Icmpv6Message reply = *m;
        reply.type = 129;
        Ipv6Header h;
        h.source = ip->destination;
        h.destination = ip->source;
        Bytes packet = encodeIpv6Icmp(h, reply);
        at(now_ + jittered(settings_.stackLatency),
           [this, nsId, packet, lineage] { ipv6Output(nsId, packet, lineage); });
        return;
    }
    if (m->type == 129) {
        const Ipv6Header arrived = *ip;
        const Icmpv6Message message = *m;
        at(now_ + jittered(settings_.wakeupLatency),
           [this, nsId, arrived, message] { icmp6Deliver(nsId, arrived, message); });
    }
}

void Engine::icmp6Deliver(int nsId, const Ipv6Header& ip, const Icmpv6Message& m) {
    // An IPv6 ping socket is found by the echo identifier; an error goes to every socket of the namespace
    // (the one ping running there).
    for (auto& [id, socket] : sockets6_) {
        if (socket.first != nsId || (m.type == 129 && id != m.identifier)) continue;
        auto handler = socket.second; // the handler may close the socket
        handler(ip.source, ip.hopLimit, m.type, m.code, m.sequence);
        return;
    }
}

void Engine::ndInput(int nsId, Link& dev, const Ipv6Header& ip, const Icmpv6Message& m,
                     std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    if (!n || ip.hopLimit != kNdHopLimit) return; // RFC 4861 7.1.1: only from the link itself
    const int ifindex = dev.ifindex;
    if (m.type == 135) {
        if (!ownsAddress(dev, m.target)) return; // a solicitation for someone else's address
        // ndisc_recv_ns: learn the asker (STALE unless it already has this address), then answer it.
        if (m.linkLayer && !ip.source.isUnspecified()) {
            Neighbour6* e = neighbour6(nsId, ifindex, ip.source);
            if (!e) {
                n->neighbours6.push_back(
                    {ifindex, ip.source, *m.linkLayer, Neighbour::State::Stale, false, now_});
            } else if (!isValid6(e->state) || e->mac != *m.linkLayer) {
                e->mac = *m.linkLayer;
                e->state = Neighbour::State::Stale;
                e->updated = now_;
            }
        }
        Icmpv6Message na;
        na.type = 136;
        na.flags = n->ipv6Forward ? 0xe0 : 0x60; // solicited, override; R from a router (forwarding on)
        na.target = m.target;
        na.linkLayer = dev.mac;
        Ipv6Header h;
        h.hopLimit = kNdHopLimit;
        h.source = m.target;
        h.destination = ip.source;
        const Mac to = m.linkLayer.value_or(Mac{});
        Bytes frame = ethernetFrame(to, dev.mac, encodeIpv6Icmp(h, na));
        const Frame out = share(std::move(frame));
        schedule(queueTime(ifindex, Queue::Out, settings_.stackLatency),
                 Event::carrying(EventKind::LinkTransmit, nsId, ifindex, lineage, out));
        return;
    }
    // ndisc_recv_na: an INCOMPLETE entry takes the address; solicited means REACHABLE.
    Neighbour6* e = neighbour6(nsId, ifindex, m.target);
    if (!e || !m.linkLayer) return;
    const bool wasValid = isValid6(e->state);
    if (wasValid && e->mac != *m.linkLayer && !(m.flags & 0x20)) return;
    e->mac = *m.linkLayer;
    e->state = (m.flags & 0x40) ? Neighbour::State::Reachable : Neighbour::State::Stale;
    e->router = (m.flags & 0x80) != 0;
    e->updated = now_;
    auto it = resolving6_.find({nsId, ifindex, m.target});
    if (it == resolving6_.end()) return;
    auto waiting = std::move(it->second);
    resolving6_.erase(it);
    for (auto& [frame, packetLineage] : waiting) {
        std::copy(e->mac.bytes.begin(), e->mac.bytes.end(), frame.begin());
        linkTransmit(nsId, ifindex, share(std::move(frame)), packetLineage);
    }
}

} // namespace vethlab::sim
