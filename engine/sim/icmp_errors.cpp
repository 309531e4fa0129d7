// ICMP errors as Linux sends and routes them: Time Exceeded when a forwarded packet's TTL runs out,
// Port Unreachable for a datagram nobody listens for, and the way back through MASQUERADE (an error is
// RELATED to the flow it quotes). traceroute's probes and its raw socket sit on top of them.
#include <algorithm>

#include "engine.h"

namespace vethlab::sim {
namespace {

constexpr std::size_t kEth = 14;
// icmp_send() quotes as much of the offending packet as fits in 576 bytes.
constexpr std::size_t kMaxQuote = 576 - 20 - 8;

std::uint16_t be16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}
std::uint32_t be32(const Bytes& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

// The ICMP id or the UDP/TCP source port of a quoted packet: what MASQUERADE keyed the flow on.
std::optional<std::uint16_t> quotedFlowId(const Bytes& quote, std::size_t ihl, std::uint8_t proto) {
    if (quote.size() < ihl + 8) return std::nullopt;
    if (proto == kProtoIcmp) return be16(quote, ihl + 4);
    if (proto == kProtoUdp || proto == kProtoTcp) return be16(quote, ihl);
    return std::nullopt;
}

} // namespace

void Engine::icmpError(int nsId, const Bytes& frame, std::uint8_t type, std::uint8_t code) {
    auto ip = decodeIpv4(frame);
    if (!ip || frame.size() < kEth + 20) return;
    if (ip->protocol == kProtoIcmp)
        if (auto m = decodeIcmpHeader(frame, *ip); !m || (m->type != 0 && m->type != 8)) return;
    auto source = sourceFor(nsId, ip->source);
    if (!source) return;
    IcmpMessage m;
    m.type = type;
    m.code = code;
    m.identifier = m.sequence = 0; // "unused"
    const std::size_t quoted = std::min<std::size_t>({ip->totalLength, kMaxQuote, frame.size() - kEth});
    m.payload.assign(frame.begin() + kEth, frame.begin() + static_cast<std::ptrdiff_t>(kEth + quoted));
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.source = *source;
    h.destination = ip->source;
    h.identification = nextIpId_++;
    h.dontFragment = false;
    scheduleFrame(now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                  share(encodeIpv4(h, encodeIcmp(m))), nextLineage_++);
}

void Engine::icmpErrorInput(int nsId, const kernel::Link& dev, const Bytes& frame, const Ipv4Header& ip,
                            std::uint64_t lineage) {
    auto m = decodeIcmp(frame);
    if (!m || m->payload.size() < 28) return;
    Bytes& quote = m->payload;
    const std::size_t ihl = static_cast<std::size_t>(quote[0] & 0x0f) * 4;
    const std::uint8_t proto = quote[9];
    const Ipv4 quotedSource{be32(quote, 12)}, quotedDestination{be32(quote, 16)};
    if (nsId == kernel::KernelState::kRootNamespace && !nat_.empty())
        if (auto id = quotedFlowId(quote, ihl, proto))
            if (auto b = nat_.find({proto, quotedSource.value, quotedDestination.value, *id});
                b != nat_.end()) {
                // nf_nat_icmp_reply_translation(): the quoted source and the outer destination become
                // the container's again; conntrack's RELATED state lets it through FORWARD.
                const Ipv4 original{b->second};
                put32(quote, 12, original.value);
                quote[10] = quote[11] = 0;
                const std::uint16_t sum = internetChecksum(quote.data(), ihl);
                quote[10] = static_cast<std::uint8_t>(sum >> 8);
                quote[11] = static_cast<std::uint8_t>(sum);
                const kernel::NetworkNamespace* n = ns(nsId);
                const kernel::Route* r = n ? lookup(*n, original) : nullptr;
                if (!r || ip.ttl <= 1) return;
                Ipv4Header h = ip;
                h.destination = original;
                h.ttl = static_cast<std::uint8_t>(ip.ttl - 1);
                record(nsId, dev, Direction::Deliver, frame, lineage);
                const Ipv4 nextHop = r->gateway ? *r->gateway : original;
                scheduleFrame(queueTime(r->device, Queue::Out, settings_.stackLatency),
                              EventKind::NeighbourOutput, nsId, r->device,
                              share(encodeIpv4(h, encodeIcmp(*m))), lineage, nextHop.value);
                return;
            }
    auto listener = icmpErrorListeners_.find(nsId);
    if (listener == icmpErrorListeners_.end()) return;
    record(nsId, dev, Direction::Deliver, frame, lineage);
    at(now_ + jittered(settings_.wakeupLatency), [this, nsId, h = ip, message = *m] {
        auto l = icmpErrorListeners_.find(nsId);
        if (l != icmpErrorListeners_.end() && l->second) l->second(h, message);
    });
}

void Engine::setIcmpErrorListener(int namespaceId, IcmpErrorHandler handler) {
    if (handler)
        icmpErrorListeners_[namespaceId] = std::move(handler);
    else
        icmpErrorListeners_.erase(namespaceId);
}

namespace {
// A traceroute probe's IP header: the TTL it is sent with; it may be fragmented (IP_PMTUDISC_DONT
// unless -F).
Ipv4Header probeHeader(std::uint8_t protocol, std::uint8_t ttl, Ipv4 source, Ipv4 destination,
                       std::uint16_t id) {
    Ipv4Header h;
    h.protocol = protocol;
    h.ttl = ttl;
    h.source = source;
    h.destination = destination;
    h.identification = id;
    h.dontFragment = false;
    return h;
}
} // namespace

bool Engine::sendUdpProbe(int nsId, Ipv4 destination, std::uint16_t sourcePort, std::uint16_t destinationPort,
                          std::size_t dataBytes, std::uint8_t ttl) {
    beginCall();
    auto source = sourceFor(nsId, destination);
    if (!source) return false;
    const Ipv4Header h = probeHeader(kProtoUdp, ttl, *source, destination, nextIpId_++);
    Bytes segment = encodeUdp(*source, destination, {sourcePort, destinationPort, Bytes(dataBytes, 0)});
    scheduleFrame(now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                  share(encodeIpv4(h, segment)), nextLineage_++);
    return true;
}

bool Engine::sendEchoProbe(int nsId, Ipv4 destination, std::uint16_t id, std::uint16_t sequence,
                           std::size_t dataBytes, std::uint8_t ttl) {
    beginCall();
    auto source = sourceFor(nsId, destination);
    if (!source) return false;
    const Ipv4Header h = probeHeader(kProtoIcmp, ttl, *source, destination, nextIpId_++);
    IcmpMessage m;
    m.type = 8;
    m.identifier = id;
    m.sequence = sequence;
    m.payload = Bytes(dataBytes, 0);
    scheduleFrame(now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                  share(encodeIpv4(h, encodeIcmp(m))), nextLineage_++);
    return true;
}

} // namespace vethlab::sim
