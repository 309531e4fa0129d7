#include "engine.h"

#include <algorithm>

#include "engine_keys.h"
#include "filter_walk.h"
#include "net/reverse_name.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::LinkKind;
using kernel::Neighbour;
using kernel::NetworkNamespace;

std::string toString(DropReason r) {
    switch (r) {
    case DropReason::None:
        return "";
    case DropReason::FilterRule:
        return "dropped by a netfilter rule";
    case DropReason::NoRoute:
        return "no route to host";
    case DropReason::NeighbourFailed:
        return "ARP got no answer";
    case DropReason::TtlExpired:
        return "TTL expired";
    case DropReason::NotForUs:
        return "not addressed to this host";
    case DropReason::LinkDown:
        return "link is down";
    case DropReason::NoSocket:
        return "no socket is listening";
    }
    return "";
}

EngineSettings EngineSettings::fromLab(const LabSettings& lab) {
    EngineSettings e;
    auto us = [](int v, Nanos def) { return v > 0 ? static_cast<Nanos>(v) * 1000 : def; };
    e.vethLatency = us(lab.vethLatencyUs, e.vethLatency);
    e.bridgeLatency = us(lab.bridgeLatencyUs, e.bridgeLatency);
    e.stackLatency = us(lab.stackLatencyUs, e.stackLatency);
    e.wakeupLatency = us(lab.wakeupLatencyUs, e.wakeupLatency);
    e.coldPathLatency = us(lab.coldPathUs, e.coldPathLatency);
    e.lanLatency = us(lab.lanLatencyUs, e.lanLatency);
    if (lab.jitter >= 0) e.jitter = lab.jitter;
    return e;
}

Engine::Engine(Lab& lab, EngineSettings settings) : lab_(&lab), settings_(settings), now_(lab.now()) {
    routerMac_ = Mac::lanRouter(lab.settings().gateway);
}
void Engine::lanReceive(const Bytes& frame) {
    const LabSettings& lab = lab_->settings();
    auto eth = decodeEthernet(frame);
    if (!eth) return;
    hostMacSeen_ = eth->source;
    if (auto arp = decodeArp(frame)) {
        routerArpInput(*arp);
        return;
    }
    auto ip = decodeIpv4(frame);
    if (!ip) return;
    Nanos delay = jittered(settings_.lanLatency);
    if (auto udp = decodeUdp(frame); udp && udp->destinationPort == 53) {
        // The LAN's resolver; the public ones out there are the internet's (internetReceive).
        if (ip->destination == lab.gateway) {
            lanDns(*ip, *udp, delay + jittered(2 * kMillisecond));
            return;
        }
    }
    if (internetReceive(*ip, frame, delay)) return;
    auto icmp = decodeIcmp(frame);
    if (!icmp || icmp->type != 8) return; // the outside world answers pings and DNS, so far
    std::uint8_t ttl = 64;                // the router itself
    if (ip->destination != lab.gateway) {
        auto far =
            std::find_if(lab.internetHosts.begin(), lab.internetHosts.end(),
                         [&](const LabSettings::InternetHost& h) { return h.address == ip->destination; });
        if (far == lab.internetHosts.end()) return; // nobody out there
        delay += jittered(lab.internetRtt);
        // The far host's initial TTL, less every router on the way back (ours included).
        ttl = static_cast<std::uint8_t>(lab.internetInitialTtl - lab.internetHops - 1);
    }
    IcmpMessage reply = *icmp;
    reply.type = 0;
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.ttl = ttl;
    h.source = ip->destination;
    h.destination = ip->source;
    h.identification = nextIpId_++;
    h.dontFragment = false;
    lanSend(encodeEthernet({hostMacSeen_, routerMac_, kEtherTypeIpv4}, encodeIpv4(h, encodeIcmp(reply))),
            delay);
}

void Engine::udpInput(int nsId, const Ipv4Header& ip, const UdpDatagram& d) {
    if (d.destinationPort == 53 && ip.destination == Ipv4{0x7f00000b} && embeddedDns_) {
        // Docker's embedded DNS (dockerd listens in the container's namespace; iptables DNATs :53 to it).
        auto q = decodeDns(d.payload);
        if (!q || q->response) return;
        const Ipv4 client = ip.source;
        const std::uint16_t clientPort = d.sourcePort;
        auto reply = [this, nsId, client, clientPort](DnsMessage m) {
            Ipv4Header h;
            h.protocol = kProtoUdp;
            h.source = Ipv4{0x7f00000b};
            h.destination = client;
            h.identification = nextIpId_++;
            Bytes segment = encodeUdp(h.source, client, {53, clientPort, encodeDns(m)});
            const Nanos t = now_ + jittered(settings_.wakeupLatency);
            scheduleFrame(t, EventKind::IpOutput, nsId, 0, share(encodeIpv4(h, segment)), nextLineage_++);
        };
        if (auto answer = embeddedDns_(nsId, *q)) {
            answer->id = q->id;
            reply(*answer);
            return;
        }
        // Not a container name: forwarded from inside the container's namespace to its upstreams
        // (resolver.go ServeDNS), the first that answers wins.
        std::vector<Ipv4> upstreams;
        if (dnsUpstreams_) upstreams = dnsUpstreams_(nsId);
        if (!dnsUpstreams_) upstreams = {lab_->settings().gateway};
        forwardDns(nsId, *q, std::move(upstreams), 0, reply);
        return;
    }
    auto socket = udpSockets_.find({nsId, d.destinationPort});
    const auto peer = udpPeers_.find({nsId, d.destinationPort});
    const bool otherPeer =
        peer != udpPeers_.end() && peer->second != std::pair<Ipv4, std::uint16_t>{ip.source, d.sourcePort};
    if (socket == udpSockets_.end() || otherPeer) {
        // __udp4_lib_rcv(): nobody listens, ICMP port unreachable (never for a broadcast).
        if (ip.destination.value != 0xffffffff)
            icmpError(nsId,
                      encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4},
                                     encodeIpv4(ip, encodeUdp(ip.source, ip.destination, d))),
                      3, 3);
        return;
    }
    Ipv4Header h = ip;
    UdpDatagram copy = d;
    const auto key = socket->first;
    at(now_ + jittered(settings_.wakeupLatency), [this, key, h, copy] {
        auto s = udpSockets_.find(key);
        if (s != udpSockets_.end()) s->second(h, copy);
    });
}

void Engine::forwardDns(int nsId, const DnsMessage& q, std::vector<Ipv4> upstreams, std::size_t index,
                        std::function<void(DnsMessage)> reply) {
    if (index >= upstreams.size()) return; // resp == nil: the client gets no answer
    DnsMessage forward = q;
    forward.id = nextDnsId_++;
    const std::uint16_t clientId = q.id;
    auto answered = std::make_shared<bool>(false);
    const std::uint16_t boundPort = openUdpSocket(nsId, nullptr);
    udpSockets_[{nsId, boundPort}] = [this, nsId, reply, clientId, boundPort,
                                      answered](const Ipv4Header&, const UdpDatagram& u) {
        auto m = decodeDns(u.payload);
        if (!m || !m->response || *answered) return;
        *answered = true;
        m->id = clientId;
        reply(*m);
        closeUdpSocket(nsId, boundPort);
    };
    sendUdp(nsId, upstreams[index], boundPort, 53, encodeDns(forward));
    constexpr Nanos kExtIoTimeout = 4 * kSecond; // libnetwork resolver.go extIOTimeout
    at(now_ + kExtIoTimeout, [this, nsId, q, upstreams, index, reply, answered, boundPort] {
        if (*answered) return;
        *answered = true;
        closeUdpSocket(nsId, boundPort);
        forwardDns(nsId, q, upstreams, index + 1, reply);
    });
}

void Engine::lanDns(const Ipv4Header& ip, const UdpDatagram& d, Nanos delay) {
    // The LAN router's resolver: it knows the internet hosts, and no container.
    auto q = decodeDns(d.payload);
    if (!q || q->response) return;
    DnsMessage a = *q;
    a.response = true;
    const auto& hosts = lab_->settings().internetHosts;
    if (q->type == 1) {
        for (const auto& h : hosts)
            if (h.name == q->name) a.addresses.push_back(h.address);
    }
    // PTR: the reverse name an address's owner published (A.B.C.D.in-addr.arpa names D.C.B.A).
    if (q->type == 12)
        for (const auto& h : hosts)
            if (!h.reverse.empty() && q->name == reverseName(h.address)) a.pointer = h.reverse;
    const bool known = !a.pointer.empty() || std::any_of(hosts.begin(), hosts.end(),
                                                         [&](const auto& h) { return h.name == q->name; });
    if (!known) a.rcode = 3; // NXDOMAIN; a known name without IPv6 gets an empty NOERROR for AAAA
    Ipv4Header h;
    h.protocol = kProtoUdp;
    h.source = ip.destination;
    h.destination = ip.source;
    h.identification = nextIpId_++;
    h.dontFragment = false;
    Bytes segment = encodeUdp(h.source, h.destination, {53, d.sourcePort, encodeDns(a)});
    lanSend(encodeEthernet({hostMacSeen_, routerMac_, kEtherTypeIpv4}, encodeIpv4(h, segment)), delay);
}

bool Engine::masquerade(int nsId, const std::string& out, Ipv4Header& h, std::uint16_t id,
                        std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    const kernel::NetfilterChain* post = n ? n->netfilter.nat.chain("POSTROUTING") : nullptr;
    if (!post) return false;
    for (const auto& r : post->rules) {
        if (r.target != "MASQUERADE" || !r.protocol.empty()) continue;
        if (r.source && r.source->contains(h.source) == r.sourceNegated) continue;
        if (!r.outInterface.empty() && (r.outInterface == out) != !r.outNegated) continue;
        const Link* dev = n->linkByName(out);
        if (!dev || dev->ipv4.empty()) return false;
        const Ipv4 translated = dev->ipv4.front().prefix.addr;
        nat_[{h.protocol, translated.value, h.destination.value, id}] = h.source.value;
        if (settings_.recordTrace) {
            HopDecision d;
            d.kind = HopDecision::Kind::Nat;
            d.natKind = "MASQUERADE";
            d.before = h.source;
            d.after = translated;
            decide(std::move(d), nsId, lineage);
        }
        h.source = translated;
        return true;
    }
    return false;
}

Nanos Engine::queueTime(int ifindex, Queue queue, Nanos base) {
    // ifindex is unique across namespaces (but lo, which loopbackTime handles).
    const auto slot = static_cast<std::size_t>(ifindex) * 3 + static_cast<std::size_t>(queue);
    if (slot >= queueTail_.size()) queueTail_.resize(slot + 64, 0);
    Nanos& tail = queueTail_[slot];
    tail = std::max(now_ + jittered(base), tail + 1);
    return tail;
}

Nanos Engine::loopbackTime(int nsId) {
    Nanos& tail = loopbackTail_[nsId];
    tail = std::max(now_ + jittered(settings_.stackLatency), tail + 1);
    return tail;
}

Nanos Engine::jittered(Nanos base) {
    // Uniform in [1 - jitter, 1 + jitter] of the base, from the lab's seeded generator.
    const auto span = static_cast<std::uint64_t>(static_cast<double>(base) * settings_.jitter * 2.0);
    const auto low = static_cast<Nanos>(static_cast<double>(base) * (1.0 - settings_.jitter));
    return low + static_cast<Nanos>(lab_->random().below(span + 1));
}

void Engine::record(int nsId, const Link& dev, Direction direction, const Bytes& frame, std::uint64_t lineage,
                    DropReason reason, const std::string& rule) {
    if (direction == Direction::Tx) ++framesSent_;
    if (!settings_.recordTrace) return;
    static const char* const names[] = {"tx", "rx", "drop", "deliver"};
    const bool kept = direction == Direction::Tx || direction == Direction::Rx;
    trace_.push_back({now_, nsId, dev.name, names[static_cast<int>(direction)], summarize(frame), reason,
                      rule, lineage, frame.size(), kept ? static_cast<std::int64_t>(frames_.size()) : -1});
    if (kept) frames_.push_back({now_, nsId, dev.name, direction == Direction::Tx, frame});
}

void Engine::record(int nsId, const Link& dev, const std::string& direction, const Bytes& frame,
                    std::uint64_t lineage, DropReason reason, const std::string& rule) {
    const Direction d = direction == "tx"     ? Direction::Tx
                        : direction == "rx"   ? Direction::Rx
                        : direction == "drop" ? Direction::Drop
                                              : Direction::Deliver;
    record(nsId, dev, d, frame, lineage, reason, rule);
}

void Engine::decide(HopDecision d, int nsId, std::uint64_t lineage) {
    d.time = now_;
    d.namespaceId = nsId;
    d.lineage = lineage;
    d.traceIndex = trace_.size();
    decisions_.push_back(std::move(d));
}

void Engine::decideRoute(int nsId, const kernel::Route& r, Ipv4 destination, std::uint64_t lineage) {
    HopDecision d;
    d.kind = HopDecision::Kind::Route;
    const Link* dev = link(nsId, r.device);
    d.device = dev ? dev->name : std::to_string(r.device);
    d.destination = destination;
    d.gateway = r.gateway;
    decide(std::move(d), nsId, lineage);
}

void Engine::decideNat(int nsId, bool reply, const Bytes& before, const Bytes& after, std::uint64_t lineage) {
    auto was = decodeIpv4(before);
    auto is = decodeIpv4(after);
    if (!was || !is || before.size() < 38 || after.size() < 38) return;
    auto port = [reply](const Bytes& f) { // the source port of a reply, else the destination port
        const std::size_t at = reply ? 34 : 36;
        return static_cast<std::uint16_t>(f[at] << 8 | f[at + 1]);
    };
    HopDecision d;
    d.kind = HopDecision::Kind::Nat;
    d.natKind = reply ? "reply of DNAT" : "DNAT";
    d.before = reply ? was->source : was->destination;
    d.after = reply ? is->source : is->destination;
    d.portBefore = port(before);
    d.portAfter = port(after);
    decide(std::move(d), nsId, lineage);
}

std::uint16_t Engine::openIcmpSocket(int namespaceId, IcmpHandler handler) {
    std::uint16_t id = nextSocketId_++;
    sockets_[id] = {namespaceId, std::move(handler)};
    return id;
}

void Engine::closeIcmpSocket(std::uint16_t id) {
    sockets_.erase(id);
}

std::uint16_t Engine::openUdpSocket(int namespaceId, UdpHandler handler) {
    std::uint16_t port = nextUdpPort_++;
    if (nextUdpPort_ > 60999) nextUdpPort_ = 32768;
    udpSockets_[{namespaceId, port}] = std::move(handler);
    return port;
}

void Engine::closeUdpSocket(int namespaceId, std::uint16_t port) {
    udpSockets_.erase({namespaceId, port});
    udpPeers_.erase({namespaceId, port});
}

bool Engine::bindUdp(int namespaceId, std::uint16_t port, UdpHandler handler) {
    return udpSockets_.try_emplace({namespaceId, port}, std::move(handler)).second;
}

void Engine::connectUdp(int namespaceId, std::uint16_t port, Ipv4 peer, std::uint16_t peerPort) {
    udpPeers_[{namespaceId, port}] = {peer, peerPort};
}

bool Engine::sendUdp(int nsId, Ipv4 destination, std::uint16_t sourcePort, std::uint16_t destinationPort,
                     const Bytes& payload) {
    beginCall();
    auto src = sourceFor(nsId, destination);
    if (!src) return false;
    Ipv4Header h;
    h.protocol = kProtoUdp;
    h.source = *src;
    h.destination = destination;
    h.identification = nextIpId_++;
    Bytes segment = encodeUdp(*src, destination, {sourcePort, destinationPort, payload});
    const std::uint64_t lineage = nextLineage_++;
    scheduleFrame(now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                  share(encodeIpv4(h, segment)), lineage);
    return true;
}

std::optional<DnsMessage> Engine::queryDns(int nsId, Ipv4 server, const std::string& name,
                                           std::uint16_t type) {
    auto answers = queryDnsTogether(nsId, server, {{name, type}});
    if (answers.empty()) return std::nullopt;
    return answers.front();
}

std::vector<DnsMessage>
Engine::queryDnsTogether(int nsId, Ipv4 server,
                         const std::vector<std::pair<std::string, std::uint16_t>>& questions,
                         bool oneSocket) {
    std::vector<DnsMessage> answers;
    std::vector<std::uint16_t> ids;
    std::vector<std::uint16_t> ports;
    auto collect = [&answers, &ids](const Ipv4Header&, const UdpDatagram& d) {
        auto m = decodeDns(d.payload);
        if (m && m->response && std::find(ids.begin(), ids.end(), m->id) != ids.end()) answers.push_back(*m);
    };
    for (const auto& [name, type] : questions) {
        DnsMessage q;
        q.id = nextDnsId_++;
        q.name = name;
        q.type = type;
        ids.push_back(q.id);
        if (!oneSocket || ports.empty()) ports.push_back(openUdpSocket(nsId, collect));
        if (!sendUdp(nsId, server, ports.back(), 53, encodeDns(q))) break;
    }
    const Nanos deadline = now_ + 5 * kSecond;
    while (answers.size() < ids.size() && runNext(deadline)) {
    }
    if (answers.size() < ids.size()) runUntil(deadline);
    for (std::uint16_t port : ports)
        closeUdpSocket(nsId, port);
    return answers;
}

const kernel::Route* Engine::lookup(const NetworkNamespace& n, Ipv4 dst) const {
    const kernel::Route* best = nullptr;
    for (const auto& r : n.routes) {
        if (!r.destination.contains(dst)) continue;
        const Link* dev = n.link(r.device);
        if (!dev || !dev->adminUp) continue;
        if (!best || r.destination.length > best->destination.length) best = &r;
    }
    return best;
}

std::optional<Ipv4> Engine::sourceFor(int namespaceId, Ipv4 destination) const {
    const NetworkNamespace* n = lab_->kernel().find(namespaceId);
    if (!n) return std::nullopt;
    if ((destination.value >> 24) == 127) return Ipv4{0x7f000001};
    const kernel::Route* r = lookup(*n, destination);
    if (!r) return std::nullopt;
    if (r->source) return r->source;
    const Link* dev = n->link(r->device);
    if (dev && !dev->ipv4.empty()) return dev->ipv4.front().prefix.addr;
    return std::nullopt;
}

bool Engine::sendEcho(int nsId, Ipv4 destination, std::uint16_t id, std::uint16_t sequence,
                      std::size_t dataBytes) {
    beginCall();
    NetworkNamespace* n = ns(nsId);
    if (!n) return false;
    auto src = sourceFor(nsId, destination);
    if (!src) return false;
    const std::uint16_t ipId = nextIpId_++;
    Nanos delay = jittered(settings_.stackLatency);
    if (warmed_.insert(pairKey(nsId, static_cast<int>(destination.value))))
        delay += jittered(settings_.coldPathLatency);
    // A plain record (a million of them wait at once in an all-pairs run): source, IP id and data size
    // in `epoch`, ICMP id and sequence in `attempt`.
    Event e;
    e.kind = EventKind::EchoSend;
    e.nsId = nsId;
    e.address = destination.value;
    e.epoch = (static_cast<std::uint64_t>(src->value) << 32) | (static_cast<std::uint64_t>(ipId) << 16) |
              std::min<std::size_t>(dataBytes, 0xffff);
    e.attempt = static_cast<int>((static_cast<std::uint32_t>(id) << 16) | sequence);
    e.lineage = nextLineage_++;
    schedule(now_ + delay, std::move(e));
    return true;
}

void Engine::icmpWake(const Event& e) {
    auto socket = sockets_.find(static_cast<std::uint16_t>(e.attempt));
    if (socket == sockets_.end()) return;
    auto ip = decodeIpv4(*e.frame);
    auto m = decodeIcmp(*e.frame);
    if (ip && m) socket->second.second(*ip, *m);
}

void Engine::echoOutput(const Event& e) {
    // iputils puts a timestamp then a byte pattern in the 56 data bytes; the pattern is enough here.
    static const Bytes pattern = [] {
        Bytes p(0x10000);
        for (std::size_t i = 0; i < p.size(); ++i)
            p[i] = static_cast<std::uint8_t>(i & 0xff);
        return p;
    }();
    IcmpMessage m;
    m.type = 8;
    m.identifier = static_cast<std::uint16_t>(static_cast<std::uint32_t>(e.attempt) >> 16);
    m.sequence = static_cast<std::uint16_t>(static_cast<std::uint32_t>(e.attempt) & 0xffff);
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.source = Ipv4{static_cast<std::uint32_t>(e.epoch >> 32)};
    h.destination = Ipv4{e.address};
    h.identification = static_cast<std::uint16_t>((e.epoch >> 16) & 0xffff);
    ipOutputPacket(e.nsId, encodeIpv4Icmp(h, m, std::span(pattern.data(), e.epoch & 0xffff)), e.lineage);
}

namespace {
// Fields of a bare IPv4 packet (no Ethernet header), as ipOutputPacket needs them.
std::uint8_t packetProtocol(const Bytes& p) {
    return p.size() >= 20 ? p[9] : 0;
}
Ipv4 packetDestination(const Bytes& p) {
    if (p.size() < 20) return Ipv4{};
    return Ipv4{(static_cast<std::uint32_t>(p[16]) << 24) | (static_cast<std::uint32_t>(p[17]) << 16) |
                (static_cast<std::uint32_t>(p[18]) << 8) | p[19]};
}
} // namespace

void Engine::ipOutput(int nsId, Ipv4Header header, const Bytes& payload, std::uint64_t lineage) {
    ipOutputPacket(nsId, encodeIpv4(header, payload), lineage);
}

void Engine::ipOutputPacket(int nsId, const Bytes& original, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    if (!n) return;
    const std::uint8_t protocol = packetProtocol(original);
    Ipv4 destination = packetDestination(original);
    Bytes translated; // the packet after the host's nat OUTPUT, when it rewrote it
    // The host's new connections walk nat OUTPUT (counted) and POSTROUTING, and are confirmed then.
    std::optional<NatFlows::Tuple> fresh;
    if (nsId == kernel::KernelState::kRootNamespace) {
        const Bytes frame = encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, original);
        if (auto ip = decodeIpv4(frame))
            if (auto t = flowTuple(frame, *ip); !natFlows_.isKnown(t, now_)) fresh = t;
        // nat OUTPUT -> DOCKER: the host's own connections to a published port on a non-loopback address.
        if (fresh || protocol == kProtoTcp || protocol == kProtoUdp)
            if (auto f = destinationNat(nsId, "OUTPUT", "", frame, fresh.has_value())) {
                if (settings_.recordTrace) decideNat(nsId, false, frame, *f, lineage);
                const Ipv4Header header = *decodeIpv4(*f);
                translated = encodeIpv4(header, ipv4Payload(*f));
                destination = header.destination;
            }
    }
    const Bytes& packet = translated.empty() ? original : translated;
    auto confirmOutput = [&](const std::string& device) {
        if (!fresh) return;
        const Bytes frame = encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet);
        countNat(nsId, "POSTROUTING", "", device, frame);
        if (auto ip = decodeIpv4(frame)) natFlows_.confirm(*fresh, flowTuple(frame, *ip).reversed(), now_);
    };
    if (isLocalAddress(*n, destination)) {
        // To ourselves: through lo, and back up the stack.
        Link* lo = link(nsId, 1);
        if (!lo) return;
        confirmOutput(lo->name);
        Frame frame = share(encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet));
        lo->counters.txPackets++;
        lo->counters.txBytes += packet.size() + 14;
        lo->counters.rxPackets++;
        lo->counters.rxBytes += packet.size() + 14;
        record(nsId, *lo, Direction::Tx, *frame, lineage);
        schedule(loopbackTime(nsId), Event::carrying(EventKind::IpInput, nsId, 1, lineage, std::move(frame)));
        return;
    }
    const kernel::Route* r = lookup(*n, destination);
    if (!r) {
        if (Link* lo = link(nsId, 1))
            record(nsId, *lo, Direction::Drop, encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet),
                   lineage, DropReason::NoRoute);
        return;
    }
    if (settings_.recordTrace) decideRoute(nsId, *r, destination, lineage);
    if (fresh)
        if (const Link* dev = link(nsId, r->device)) confirmOutput(dev->name);
    Ipv4 nextHop = r->gateway ? *r->gateway : destination;
    neighbourOutput(nsId, r->device, nextHop, packet, lineage);
}

Link* Engine::passThrough(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage, bool transmit) {
    Link* dev = link(nsId, ifindex);
    if (!dev) return nullptr;
    if (!dev->adminUp) {
        record(nsId, *dev, Direction::Drop, frame, lineage, DropReason::LinkDown);
        return nullptr;
    }
    (transmit ? dev->counters.txPackets : dev->counters.rxPackets)++;
    (transmit ? dev->counters.txBytes : dev->counters.rxBytes) += frame.size();
    record(nsId, *dev, transmit ? Direction::Tx : Direction::Rx, frame, lineage);
    return dev;
}

void Engine::linkTransmit(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage) {
    Link* dev = passThrough(nsId, ifindex, *frame, lineage, true);
    if (!dev) return;
    switch (dev->kind) {
    case LinkKind::Veth: {
        const int peerNs = dev->peerNamespace, peerIndex = dev->peerIfindex;
        Link* peer = link(peerNs, peerIndex);
        if (!peer || !peer->adminUp) {
            dev->counters.txDropped++;
            record(nsId, *dev, Direction::Drop, *frame, lineage, DropReason::LinkDown);
            return;
        }
        schedule(queueTime(ifindex, Queue::Wire, settings_.vethLatency),
                 Event::carrying(EventKind::LinkReceive, peerNs, peerIndex, lineage, frame));
        return;
    }
    case LinkKind::Bridge:
        bridgeOutput(nsId, ifindex, 0, frame, lineage);
        return;
    case LinkKind::Loopback: {
        schedule(loopbackTime(nsId), Event::carrying(EventKind::LocalReceive, nsId, 1, lineage, frame));
        return;
    }
    case LinkKind::Ethernet:
        if (nsId == kernel::KernelState::kRootNamespace && dev->name == lab_->settings().eth0Name) {
            Event e;
            e.kind = EventKind::LanReceive;
            e.frame = frame;
            schedule(queueTime(ifindex, Queue::Wire, settings_.lanLatency), std::move(e));
        }
        return;
    case LinkKind::Ifb:
    case LinkKind::Dummy: // a dummy device drops what it is given
        return;
    case LinkKind::Macvlan:
    case LinkKind::Ipvlan:
        stackedTransmit(nsId, *dev, frame, lineage);
        return;
    }
}

void Engine::linkReceive(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage) {
    Link* dev = passThrough(nsId, ifindex, *frame, lineage, false);
    if (!dev) return;
    if (dev->kind == LinkKind::Ethernet && stackedReceive(nsId, *dev, frame, lineage)) return;
    if (dev->master) {
        bridgeInput(nsId, dev->master, ifindex, frame, lineage);
        return;
    }
    auto eth = decodeEthernet(*frame);
    if (!eth) return;
    if (!acceptsFrame(nsId, *dev, eth->destination)) return; // not ours: the NIC filters it
    localReceive(nsId, ifindex, frame, lineage);
}

void Engine::localReceive(int nsId, int ifindex, const Frame& shared, std::uint64_t lineage) {
    const Bytes& frame = *shared;
    if (frame.size() >= 14 && frame[12] == 0x08 && frame[13] == 0x00) { // IPv4
        if (decodeIpv4(frame)) ipInput(nsId, ifindex, shared, lineage);
        return;
    }
    if (frame.size() >= 14 && frame[12] == 0x86 && frame[13] == 0xdd) { // IPv6 (ipv6.cpp)
        ipv6Input(nsId, ifindex, shared, lineage);
        return;
    }
    if (auto arp = decodeArp(frame))
        arpInput(nsId, ifindex, *arp,
                 std::equal(kBroadcastMac.bytes.begin(), kBroadcastMac.bytes.end(), frame.begin()));
}

void Engine::ipInput(int nsId, int ifindex, const Frame& shared, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    Link* dev = n ? link(nsId, ifindex) : nullptr;
    if (!dev) return;
    // The host's nat table first: a reply of a DNATed flow gets its source back; a packet for a
    // published port gets the container as its destination (PREROUTING -> DOCKER).
    std::optional<Bytes> natted;
    // A connection's first packet (nothing in the host's conntrack for it) walks the nat chains, counted.
    bool fresh = false;
    NatFlows::Tuple tuple;
    if (nsId == kernel::KernelState::kRootNamespace) {
        natted = reverseNat(*shared);
        const bool reply = natted.has_value();
        if (auto arrived = decodeIpv4(*shared)) {
            tuple = flowTuple(*shared, *arrived);
            fresh = !natFlows_.isKnown(tuple, now_) && !reply && ifindex != 1;
        }
        if (!natted && ifindex != 1) natted = destinationNat(nsId, "PREROUTING", dev->name, *shared, fresh);
        if (natted && settings_.recordTrace) decideNat(nsId, reply, *shared, *natted, lineage);
    }
    const Bytes& frame = natted ? *natted : *shared;
    auto ip = decodeIpv4(frame);
    if (!ip) return;
    // Decoded once: whether the packet is ours, and its UDP datagram or ICMP header.
    const bool local = isLocalAddress(*n, ip->destination);
    if (fresh && local) {
        countNat(nsId, "INPUT", dev->name, "", frame);
        natFlows_.confirm(tuple, flowTuple(frame, *ip).reversed(), now_);
    }
    std::optional<Ipv4Header> rewritten;
    std::optional<TcpSegment> tcp;
    if (ip->protocol == kProtoTcp && local && !nat_.empty()) {
        // A reply to a masqueraded connection goes back to the container that opened it.
        tcp = decodeTcp(frame);
        if (!tcp) return;
        if (auto b = nat_.find({ip->protocol, ip->destination.value, ip->source.value, tcp->destinationPort});
            b != nat_.end()) {
            rewritten = *ip;
            rewritten->destination = Ipv4{b->second};
        }
    }
    if (ip->protocol == kProtoTcp && local && !rewritten) {
        auto segment = decodeTcp(frame);
        if (!segment) return;
        record(nsId, *dev, Direction::Deliver, frame, lineage);
        tcpInput(nsId, *ip, *segment, *dev, frame, lineage);
        return;
    }
    const std::optional<UdpDatagram> udp = ip->protocol == kProtoUdp ? decodeUdp(frame) : std::nullopt;
    std::optional<IcmpMessage> icmp; // the header only
    if (udp && local) {
        if (auto binding =
                nat_.find({ip->protocol, ip->destination.value, ip->source.value, udp->destinationPort});
            binding != nat_.end()) {
            rewritten = *ip;
            rewritten->destination = Ipv4{binding->second};
        }
    } else if (local && !rewritten) {
        icmp = decodeIcmpHeader(frame, *ip);
        if (!icmp) return;
        // A reply to a masqueraded flow goes back to the container that started it.
        if (icmp->type == 0)
            if (auto binding =
                    nat_.find({ip->protocol, ip->destination.value, ip->source.value, icmp->identifier});
                binding != nat_.end()) {
                rewritten = *ip;
                rewritten->destination = Ipv4{binding->second};
            }
        if (icmp->type == 3 || icmp->type == 11) {
            icmpErrorInput(nsId, *dev, frame, *ip, lineage);
            return;
        }
    }
    if (local && !rewritten) {
        if (udp) {
            record(nsId, *dev, Direction::Deliver, frame, lineage);
            udpInput(nsId, *ip, *udp);
            return;
        }
        if (icmp->type == 8) {
            // The echo reply carries the request's data back: the message is copied once, into the reply.
            IcmpMessage reply = *icmp;
            reply.type = 0;
            Ipv4Header h;
            h.protocol = kProtoIcmp;
            h.source = ip->destination;
            h.destination = ip->source;
            h.identification = nextIpId_++;
            h.dontFragment = false; // Linux's echo replies do not set DF
            const std::size_t data = 14 + 28;
            scheduleFrame(
                now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                share(encodeIpv4Icmp(h, reply, std::span(frame.data() + data, 14 + ip->totalLength - data))),
                lineage);
            return;
        }
        if (icmp->type == 0) {
            auto s = sockets_.find(icmp->identifier);
            if (s == sockets_.end() || s->second.first != nsId) {
                record(nsId, *dev, Direction::Drop, frame, lineage, DropReason::NoSocket);
                return;
            }
            record(nsId, *dev, Direction::Deliver, frame, lineage);
            // Looked up again when the program wakes: it may have closed its socket meanwhile. The frame
            // travels with the wake-up, decoded for the program then.
            Event wake;
            wake.kind = EventKind::IcmpWake;
            wake.nsId = nsId;
            wake.attempt = icmp->identifier;
            wake.frame = natted ? share(*natted) : shared;
            schedule(now_ + jittered(settings_.wakeupLatency), std::move(wake));
        }
        return;
    }
    if (!n->ipForward) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::NotForUs);
        return;
    }
    Ipv4Header h = rewritten ? *rewritten : *ip;
    Bytes payload = ipv4Payload(frame);
    const kernel::Route* r = lookup(*n, h.destination);
    if (!r) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::NoRoute);
        return;
    }
    // ip_forward() checks the TTL and decrements it before the FORWARD hook: FORWARD, and a drop
    // there, see the packet with the TTL it would leave with.
    if (ip->ttl <= 1) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::TtlExpired);
        icmpError(nsId, frame, 11, 0); // ICMP_EXC_TTL, from the address facing the sender
        return;
    }
    h.ttl = static_cast<std::uint8_t>(ip->ttl - 1);
    if (settings_.recordTrace) decideRoute(nsId, *r, h.destination, lineage);
    const Bytes seen = rewritten ? encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, encodeIpv4(h, payload))
                                 : encodeEthernet(*decodeEthernet(frame), encodeIpv4(h, payload));
    const Link* out = link(nsId, r->device);
    std::string rule;
    if (!forwardAllowed(nsId, dev->name, out ? out->name : "", seen, rule, lineage)) {
        Ipv4Header dropped = *ip; // the frame as it arrived, less the hop it had already taken
        dropped.ttl = h.ttl;
        record(nsId, *dev, "drop", encodeEthernet(*decodeEthernet(frame), encodeIpv4(dropped, payload)),
               lineage, DropReason::FilterRule, rule);
        return;
    }
    if (fresh) countNat(nsId, "POSTROUTING", "", out ? out->name : "", seen);
    if (!rewritten && out) {
        if (auto message = decodeIcmpHeader(frame, *ip))
            masquerade(nsId, out->name, h, message->identifier, lineage);
        else if (udp) {
            if (masquerade(nsId, out->name, h, udp->sourcePort,
                           lineage)) // the UDP checksum covers the addresses
                payload = encodeUdp(h.source, h.destination, *udp);
        }
    }
    if (rewritten && udp) payload = encodeUdp(h.source, h.destination, *udp);
    if (rewritten && tcp) payload = encodeTcp(h.source, h.destination, *tcp);
    if (ip->protocol == kProtoTcp && out && !natted && !rewritten)
        if (auto segment = decodeTcp(frame);
            segment && masquerade(nsId, out->name, h, segment->sourcePort, lineage))
            payload = encodeTcp(h.source, h.destination, *segment); // the TCP checksum covers the addresses
    if (fresh) { // confirmed: its replies are known by the addresses NAT gave it
        NatFlows::Tuple sent = flowTuple(seen, h);
        sent.source = h.source.value;
        natFlows_.confirm(tuple, sent.reversed(), now_);
    }
    Ipv4 nextHop = r->gateway ? *r->gateway : h.destination;
    scheduleFrame(queueTime(r->device, Queue::Out, settings_.stackLatency), EventKind::NeighbourOutput, nsId,
                  r->device, share(encodeIpv4(h, payload)), lineage, nextHop.value);
}

bool Engine::forwardAllowed(int nsId, const std::string& in, const std::string& out, const Bytes& frame,
                            std::string& ruleText, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    auto ip = decodeIpv4(frame);
    if (!n || !ip) return true;
    // A flow is (protocol, source, destination, ICMP id or UDP source port); its replies carry the
    // same id, or the port as their destination port.
    std::uint16_t id = 0, replyId = 0, sport = 0, dport = 0;
    if ((ip->protocol == kProtoTcp || ip->protocol == kProtoUdp) && frame.size() >= 14 + 20 + 4) {
        sport = static_cast<std::uint16_t>(frame[34] << 8 | frame[35]); // as transportPorts() reads them
        dport = static_cast<std::uint16_t>(frame[36] << 8 | frame[37]);
    }
    if (auto icmp = decodeIcmpHeader(frame, *ip))
        id = replyId = icmp->identifier;
    else {
        id = sport;
        replyId = dport;
    }
    auto key = [&](Ipv4 from, Ipv4 to, std::uint16_t flowId) {
        return FlowKey{static_cast<std::uint64_t>(from.value) << 32 | to.value,
                       static_cast<std::uint64_t>(ip->protocol) << 16 | flowId};
    };
    const FlowKey flow = key(ip->source, ip->destination, id);
    const bool established =
        conntrack_.contains(key(ip->destination, ip->source, replyId)) || conntrack_.contains(flow);
    FilterWalk packet{n->netfilter.filter,
                      in,
                      out,
                      *ip,
                      sport,
                      dport,
                      established,
                      isLocalAddress(*n, ip->destination),
                      ruleText};
    packet.length = ip->totalLength;
    const int verdict = packet.walk("FORWARD", 0);
    if (verdict == 1 && !established) conntrack_.insert(flow);
    if (settings_.recordTrace && packet.decidedChain) {
        HopDecision d;
        d.kind = HopDecision::Kind::Filter;
        d.chain = "FORWARD";
        d.in = in;
        d.out = out;
        d.accepted = verdict != 0;
        d.rule = packet.decidedRule ? "-A " + packet.decidedChain->name + " " + packet.decidedRule->spec()
                                    : "-P " + packet.decidedChain->name + " " + packet.decidedChain->policy;
        decide(std::move(d), nsId, lineage);
    }
    return verdict != 0;
}

} // namespace vethlab::sim
