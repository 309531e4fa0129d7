#include "engine.h"

#include <algorithm>

#include "filter_walk.h"

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
    // The router's MAC is fixed per lab (a hash of the gateway), so it does not use up the seed.
    const std::uint32_t g = lab.settings().gateway.value;
    routerMac_ = Mac{{0x52, 0x54, 0x00, static_cast<std::uint8_t>(g >> 16), static_cast<std::uint8_t>(g >> 8),
                      static_cast<std::uint8_t>(g)}};
}

void Engine::lanSend(const Bytes& frame, Nanos delay) {
    // From the router onto the host's eth0.
    NetworkNamespace& root = lab_->kernel().root();
    const Link* eth0 = root.linkByName(lab_->settings().eth0Name);
    if (!eth0) return;
    const int index = eth0->ifindex;
    scheduleFrame(now_ + delay, EventKind::LinkReceive, kernel::KernelState::kRootNamespace, index,
                  share(frame), nextLineage_++);
}

void Engine::lanReceive(const Bytes& frame) {
    const LabSettings& lab = lab_->settings();
    auto eth = decodeEthernet(frame);
    if (!eth) return;
    hostMacSeen_ = eth->source;
    if (auto arp = decodeArp(frame)) {
        if (arp->operation == 1 && arp->targetIp == lab.gateway)
            lanSend(encodeEthernet({arp->senderMac, routerMac_, kEtherTypeArp},
                                   encodeArp({2, routerMac_, lab.gateway, arp->senderMac, arp->senderIp})),
                    jittered(settings_.lanLatency));
        return;
    }
    auto ip = decodeIpv4(frame);
    if (!ip) return;
    Nanos delay = jittered(settings_.lanLatency);
    if (auto udp = decodeUdp(frame); udp && udp->destinationPort == 53 && ip->destination == lab.gateway) {
        lanDns(*ip, *udp, delay + jittered(2 * kMillisecond));
        return;
    }
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
        // Not a container name: forwarded to the host's resolver, from inside the container's namespace.
        const Ipv4 upstream = lab_->settings().gateway;
        DnsMessage forward = *q;
        forward.id = nextDnsId_++;
        const std::uint16_t clientId = q->id;
        const std::uint16_t boundPort = openUdpSocket(nsId, nullptr);
        udpSockets_[{nsId, boundPort}] = [this, nsId, reply, clientId, boundPort](const Ipv4Header&,
                                                                                  const UdpDatagram& u) {
            auto m = decodeDns(u.payload);
            if (!m || !m->response) return;
            m->id = clientId;
            reply(*m);
            closeUdpSocket(nsId, boundPort);
        };
        sendUdp(nsId, upstream, boundPort, 53, encodeDns(forward));
        return;
    }
    auto socket = udpSockets_.find({nsId, d.destinationPort});
    if (socket == udpSockets_.end()) return;
    Ipv4Header h = ip;
    UdpDatagram copy = d;
    const auto key = socket->first;
    at(now_ + jittered(settings_.wakeupLatency), [this, key, h, copy] {
        auto s = udpSockets_.find(key);
        if (s != udpSockets_.end()) s->second(h, copy);
    });
}

void Engine::lanDns(const Ipv4Header& ip, const UdpDatagram& d, Nanos delay) {
    // The LAN router's resolver: it knows the internet hosts, and no container.
    auto q = decodeDns(d.payload);
    if (!q || q->response) return;
    DnsMessage a = *q;
    a.response = true;
    if (q->type == 1) {
        for (const auto& h : lab_->settings().internetHosts)
            if (h.name == q->name) a.addresses.push_back(h.address);
    }
    const bool known =
        std::any_of(lab_->settings().internetHosts.begin(), lab_->settings().internetHosts.end(),
                    [&](const LabSettings::InternetHost& h) { return h.name == q->name; });
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

bool Engine::masquerade(int nsId, const std::string& out, Ipv4Header& h, std::uint16_t id) {
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

std::uint32_t Engine::store(Event e) {
    e.seq = seq_++;
    ++live_;
    if (freeSlots_.empty()) {
        events_.push_back(std::move(e));
        return static_cast<std::uint32_t>(events_.size() - 1);
    }
    const std::uint32_t slot = freeSlots_.back();
    freeSlots_.pop_back();
    events_[slot] = std::move(e);
    return slot;
}

std::uint32_t Engine::schedule(Nanos t, Event e) {
    t = std::max(t, now_);
    const std::uint32_t slot = store(std::move(e));
    // Due now: behind every event queued before it (they hold smaller sequence numbers), no heap needed.
    if (t == now_)
        sameTime_.push_back(Scheduled::make(t, events_[slot].seq, slot));
    else
        queue_.push(Scheduled::make(t, events_[slot].seq, slot));
    return slot;
}

std::uint32_t Engine::scheduleTimer(Event e) {
    const std::uint32_t slot = store(std::move(e));
    timers_.push_back(Scheduled::make(now_ + kSecond, events_[slot].seq, slot));
    return slot;
}

void Engine::scheduleFrame(Nanos t, EventKind kind, int nsId, int ifindex, Frame frame, std::uint64_t lineage,
                           std::uint32_t address) {
    Event e;
    e.kind = kind;
    e.nsId = nsId;
    e.ifindex = ifindex;
    e.address = address;
    e.lineage = lineage;
    e.frame = std::move(frame);
    schedule(t, std::move(e));
}

void Engine::at(Nanos t, std::function<void()> action) {
    beginCall();
    Event e;
    e.kind = EventKind::Action;
    e.action = std::move(action);
    schedule(t, std::move(e));
}

const Engine::Scheduled* Engine::peek() {
    for (;;) {
        const Scheduled* next = queue_.empty() ? nullptr : &queue_.top();
        for (const std::deque<Scheduled>* fifo : {&sameTime_, &timers_})
            if (!fifo->empty() && (!next || fifo->front().before(*next))) next = &fifo->front();
        if (!next || events_[next->slot()].kind != EventKind::Cancelled) return next;
        freeSlots_.push_back(next->slot()); // a cancelled timer: dropped without running
        pop(next);
    }
}

void Engine::pop(const Scheduled* next) {
    if (!sameTime_.empty() && next == &sameTime_.front())
        sameTime_.pop_front();
    else if (!timers_.empty() && next == &timers_.front())
        timers_.pop_front();
    else
        queue_.pop();
}

bool Engine::runNext(Nanos limit) {
    beginCall();
    const Scheduled* next = peek();
    if (!next || next->time > limit || eventLimitReached()) return false;
    runUntil(next->time);
    return true;
}

void Engine::syncTo(Nanos t) {
    if (t > now_) runUntil(t);
}

void Engine::runUntil(Nanos t) {
    beginCall();
    const bool outer = !running_;
    running_ = true;
    while (const Scheduled* next = peek()) {
        if (next->time > t) break;
        if (eventLimitReached()) break; // a micro-step: the clock stays at the last event
        const Scheduled s = *next;
        pop(next);
        Event e = std::move(events_[s.slot()]);
        events_[s.slot()] = Event{};
        freeSlots_.push_back(s.slot());
        --live_;
        now_ = s.time;
        lab_->kernel().setNow(now_);
        ++eventsRun_;
        dispatch(e);
    }
    if (!eventLimitReached() || !peek() || peek()->time > t) now_ = std::max(now_, t);
    if (outer) {
        running_ = false;
        flushFloodCounters(); // the lab is read between calls: its counters must be whole
    }
}

void Engine::dispatch(Event& e) {
    switch (e.kind) {
    case EventKind::Cancelled:
        return;
    case EventKind::Action:
        e.action();
        return;
    case EventKind::LinkReceive:
        linkReceive(e.nsId, e.ifindex, e.frame, e.lineage);
        return;
    case EventKind::LinkTransmit:
        linkTransmit(e.nsId, e.ifindex, e.frame, e.lineage);
        return;
    case EventKind::LocalReceive:
        localReceive(e.nsId, e.ifindex, *e.frame, e.lineage);
        return;
    case EventKind::IpInput:
        ipInput(e.nsId, e.ifindex, *e.frame, e.lineage);
        return;
    case EventKind::IpOutput:
        ipOutputPacket(e.nsId, *e.frame, e.lineage);
        return;
    case EventKind::NeighbourOutput:
        neighbourOutput(e.nsId, e.ifindex, Ipv4{e.address}, *e.frame, e.lineage);
        return;
    case EventKind::Flood:
        deliverFlood(e);
        return;
    case EventKind::ArpTimer: {
        auto timer = arpTimers_.find(std::make_tuple(e.nsId, e.ifindex, e.address));
        if (timer != arpTimers_.end() && timer->second.second == e.seq) arpTimers_.erase(timer);
        arpRetry(e.nsId, e.ifindex, Ipv4{e.address}, e.attempt);
        return;
    }
    case EventKind::LanReceive:
        lanReceive(*e.frame);
        return;
    }
}

void Engine::cancelArpTimer(int nsId, int ifindex, Ipv4 target) {
    auto timer = arpTimers_.find(std::make_tuple(nsId, ifindex, target.value));
    if (timer == arpTimers_.end()) return;
    const auto [slot, seq] = timer->second;
    arpTimers_.erase(timer);
    Event& e = events_[slot];
    if (e.kind != EventKind::ArpTimer || e.seq != seq) return;
    e = Event{}; // Cancelled: peek() drops it
    --live_;
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

NetworkNamespace* Engine::ns(int id) {
    if (id < 0 || id > (1 << 20)) return lab_->kernel().find(id);
    const auto i = static_cast<std::size_t>(id);
    if (i >= namespaceCache_.size()) namespaceCache_.resize(i + 16);
    NamespaceCache& c = namespaceCache_[i];
    if (c.epoch != epoch_) {
        c.epoch = epoch_;
        c.ns = lab_->kernel().find(id);
    }
    return c.ns;
}

Link* Engine::link(int nsId, int ifindex) {
    if (ifindex <= 1 || ifindex > (1 << 20)) { // lo is ifindex 1 in every namespace
        NetworkNamespace* n = ns(nsId);
        return n ? n->link(ifindex) : nullptr;
    }
    const auto i = static_cast<std::size_t>(ifindex);
    if (i >= linkCache_.size()) linkCache_.resize(i + 64);
    LinkCache& c = linkCache_[i];
    if (c.epoch != epoch_ || c.nsId != nsId) {
        NetworkNamespace* n = ns(nsId);
        c = {epoch_, nsId, n ? n->link(ifindex) : nullptr};
    }
    return c.link;
}

namespace {
std::uint64_t neighbourKey(int ifindex, Ipv4 ip) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ifindex)) << 32) | ip.value;
}
std::uint64_t pairKey(int a, int b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}
std::uint64_t macKey(const Mac& m) {
    std::uint64_t k = 0;
    for (std::uint8_t b : m.bytes)
        k = (k << 8) | b;
    return k;
}
bool isValid(Neighbour::State s) {
    return s == Neighbour::State::Reachable || s == Neighbour::State::Stale;
}
} // namespace

Neighbour* Engine::neighbour(int nsId, int ifindex, Ipv4 ip) {
    NetworkNamespace* n = ns(nsId);
    if (!n) return nullptr;
    if (nsId < 0 || static_cast<std::size_t>(nsId) >= namespaceCache_.size())
        return n->neighbour(ifindex, ip);
    NamespaceCache& c = namespaceCache_[static_cast<std::size_t>(nsId)];
    if (c.neighbourEpoch != epoch_) {
        c.neighbours.clear();
        for (std::size_t i = 0; i < n->neighbours.size(); ++i) // the first one wins, as a scan finds it
            c.neighbours.emplace(neighbourKey(n->neighbours[i].ifindex, n->neighbours[i].ip),
                                 static_cast<std::uint32_t>(i));
        c.neighbourEpoch = epoch_;
    }
    auto it = c.neighbours.find(neighbourKey(ifindex, ip));
    return it == c.neighbours.end() ? nullptr : &n->neighbours[it->second];
}

Neighbour& Engine::addNeighbour(int nsId, Neighbour entry) {
    NetworkNamespace* n = ns(nsId);
    neighbour(nsId, entry.ifindex, entry.ip); // brings the index up to date first
    n->neighbours.push_back(entry);
    if (nsId >= 0 && static_cast<std::size_t>(nsId) < namespaceCache_.size())
        namespaceCache_[static_cast<std::size_t>(nsId)].neighbours.emplace(
            neighbourKey(entry.ifindex, entry.ip), static_cast<std::uint32_t>(n->neighbours.size() - 1));
    noteNeighbour(nsId, n->neighbours.back());
    return n->neighbours.back();
}

void Engine::noteNeighbour(int nsId, const Neighbour& e) {
    if (holdersEpoch_ != epoch_) return; // not kept: rebuilt when a bulk flood needs it
    Holders& h = holders_[e.ip.value];
    if (!isValid(e.state)) {
        h.unresolved.push_back({nsId, e.ifindex});
    } else if (!h.anyValid) {
        h.anyValid = true;
        h.mac = e.mac;
    } else if (h.mac != e.mac) {
        h.mixed = true;
    }
}

bool Engine::isLocalAddress(const NetworkNamespace& n, Ipv4 ip) {
    if ((ip.value >> 24) == 127) return true;
    if (n.id < 0 || static_cast<std::size_t>(n.id) >= namespaceCache_.size()) {
        for (const auto& l : n.links)
            for (const auto& a : l.ipv4)
                if (a.prefix.addr == ip) return true;
        return false;
    }
    NamespaceCache& c = namespaceCache_[static_cast<std::size_t>(n.id)];
    if (c.localEpoch != epoch_) {
        c.local.clear();
        for (const auto& l : n.links)
            for (const auto& a : l.ipv4)
                c.local.push_back(a.prefix.addr.value);
        std::sort(c.local.begin(), c.local.end());
        c.localEpoch = epoch_;
    }
    return std::binary_search(c.local.begin(), c.local.end(), ip.value);
}

int Engine::BridgeCache::position(int port) const {
    auto it = std::lower_bound(ports.begin(), ports.end(), port,
                               [](const BridgePort& p, int i) { return p.ifindex < i; });
    return it != ports.end() && it->ifindex == port ? static_cast<int>(it - ports.begin()) : -1;
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
                         const std::vector<std::pair<std::string, std::uint16_t>>& questions) {
    std::vector<DnsMessage> answers;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> sent; // (port, id)
    for (const auto& [name, type] : questions) {
        DnsMessage q;
        q.id = nextDnsId_++;
        q.name = name;
        q.type = type;
        const std::uint16_t id = q.id;
        std::uint16_t port = openUdpSocket(nsId, [&answers, id](const Ipv4Header&, const UdpDatagram& d) {
            auto m = decodeDns(d.payload);
            if (m && m->response && m->id == id) answers.push_back(*m);
        });
        sent.push_back({port, id});
        if (!sendUdp(nsId, server, port, 53, encodeDns(q))) break;
    }
    const Nanos deadline = now_ + 5 * kSecond;
    while (answers.size() < sent.size() && runNext(deadline)) {
    }
    if (answers.size() < sent.size()) runUntil(deadline);
    for (const auto& [port, id] : sent)
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
    IcmpMessage m;
    m.type = 8;
    m.identifier = id;
    m.sequence = sequence;
    // iputils puts a timestamp then a byte pattern in the 56 data bytes; the pattern is enough here.
    for (std::size_t i = 0; i < dataBytes; ++i)
        m.payload.push_back(static_cast<std::uint8_t>(i & 0xff));
    Ipv4Header h;
    h.protocol = kProtoIcmp;
    h.source = *src;
    h.destination = destination;
    h.identification = nextIpId_++;
    Nanos delay = jittered(settings_.stackLatency);
    if (warmed_.insert(pairKey(nsId, static_cast<int>(destination.value))).second)
        delay += jittered(settings_.coldPathLatency);
    Event e;
    e.kind = EventKind::IpOutput;
    e.nsId = nsId;
    e.lineage = nextLineage_++;
    e.frame = share(encodeIpv4(h, encodeIcmp(m)));
    schedule(now_ + delay, std::move(e));
    return true;
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

void Engine::ipOutputPacket(int nsId, Bytes packet, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    if (!n) return;
    const std::uint8_t protocol = packetProtocol(packet);
    Ipv4 destination = packetDestination(packet);
    if (nsId == kernel::KernelState::kRootNamespace && (protocol == kProtoTcp || protocol == kProtoUdp)) {
        // nat OUTPUT -> DOCKER: the host's own connections to a published port on a non-loopback address.
        if (auto f =
                destinationNat(nsId, "OUTPUT", "", encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet))) {
            const Ipv4Header header = *decodeIpv4(*f);
            packet = encodeIpv4(header, ipv4Payload(*f));
            destination = header.destination;
        }
    }
    if (isLocalAddress(*n, destination)) {
        // To ourselves: through lo, and back up the stack.
        Link* lo = link(nsId, 1);
        if (!lo) return;
        Frame frame = share(encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet));
        lo->counters.txPackets++;
        lo->counters.txBytes += packet.size() + 14;
        lo->counters.rxPackets++;
        lo->counters.rxBytes += packet.size() + 14;
        record(nsId, *lo, Direction::Tx, *frame, lineage);
        Event e;
        e.kind = EventKind::IpInput;
        e.nsId = nsId;
        e.ifindex = 1;
        e.lineage = lineage;
        e.frame = std::move(frame);
        schedule(loopbackTime(nsId), std::move(e));
        return;
    }
    const kernel::Route* r = lookup(*n, destination);
    if (!r) {
        if (Link* lo = link(nsId, 1))
            record(nsId, *lo, Direction::Drop, encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, packet),
                   lineage, DropReason::NoRoute);
        return;
    }
    Ipv4 nextHop = r->gateway ? *r->gateway : destination;
    neighbourOutput(nsId, r->device, nextHop, std::move(packet), lineage);
}

void Engine::neighbourOutput(int nsId, int ifindex, Ipv4 nextHop, Bytes ipPacket, std::uint64_t lineage) {
    Link* dev = link(nsId, ifindex);
    if (!dev) return;
    Neighbour* entry = neighbour(nsId, ifindex, nextHop);
    if (entry && isValid(entry->state)) {
        linkTransmit(nsId, ifindex, share(encodeEthernet({entry->mac, dev->mac, kEtherTypeIpv4}, ipPacket)),
                     lineage);
        return;
    }
    pending_[{nsId, ifindex, nextHop.value}].push_back({std::move(ipPacket), lineage});
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
        auto key = std::make_tuple(nsId, ifindex, target.value);
        for (const auto& [packet, lineage] : pending_[key]) {
            Bytes frame = encodeEthernet({kBroadcastMac, dev->mac, kEtherTypeIpv4}, packet);
            record(nsId, *dev, Direction::Drop, frame, lineage, DropReason::NeighbourFailed);
            // A sender on this host hears about it: ICMP host unreachable, from its own address.
            auto ip = decodeIpv4(frame);
            if (auto syn = decodeTcp(frame);
                ip && syn && syn->has(TcpSegment::Syn) && isLocalAddress(*n, ip->source)) {
                // connect() fails with EHOSTUNREACH.
                const TcpKey conn{nsId, ip->source.value, syn->sourcePort, ip->destination.value,
                                  syn->destinationPort};
                at(now_ + jittered(settings_.wakeupLatency), [this, conn] {
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
            at(now_ + jittered(settings_.wakeupLatency), [this, id = echo->identifier, from, error] {
                auto sock = sockets_.find(id);
                if (sock != sockets_.end()) sock->second.second(from, error);
            });
        }
        pending_.erase(key);
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
    arpTimers_[std::make_tuple(nsId, ifindex, target.value)] = {slot, events_[slot].seq};
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
        Event e;
        e.kind = EventKind::LinkReceive;
        e.nsId = peerNs;
        e.ifindex = peerIndex;
        e.lineage = lineage;
        e.frame = frame;
        schedule(queueTime(ifindex, Queue::Wire, settings_.vethLatency), std::move(e));
        return;
    }
    case LinkKind::Bridge:
        bridgeOutput(nsId, ifindex, 0, frame, lineage);
        return;
    case LinkKind::Loopback: {
        Event e;
        e.kind = EventKind::LocalReceive;
        e.nsId = nsId;
        e.ifindex = 1;
        e.lineage = lineage;
        e.frame = frame;
        schedule(loopbackTime(nsId), std::move(e));
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
        return;
    }
}

void Engine::linkReceive(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage) {
    Link* dev = passThrough(nsId, ifindex, *frame, lineage, false);
    if (!dev) return;
    if (dev->master) {
        bridgeInput(nsId, dev->master, ifindex, frame, lineage);
        return;
    }
    auto eth = decodeEthernet(*frame);
    if (!eth) return;
    if (eth->destination != dev->mac && eth->destination != kBroadcastMac)
        return; // not ours: the NIC filters it
    localReceive(nsId, ifindex, *frame, lineage);
}

void Engine::bridgeInput(int nsId, int bridgeIndex, int ingressPort, const Frame& frame,
                         std::uint64_t lineage) {
    Link* br = link(nsId, bridgeIndex);
    auto eth = decodeEthernet(*frame);
    if (!br || !eth) return;
    // Learn where the sender lives.
    BridgeCache& c = bridge(nsId, *br);
    auto it = c.fdb.find(macKey(eth->source));
    if (it == c.fdb.end()) {
        c.fdb.emplace(macKey(eth->source), static_cast<std::uint32_t>(br->fdb.size()));
        br->fdb.push_back({eth->source, ingressPort, now_});
    } else {
        kernel::FdbEntry& e = br->fdb[it->second];
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
    const bool broadcast = eth->destination == kBroadcastMac;
    if (ingressPort != 0 && (broadcast || eth->destination == br->mac)) {
        // Up to the bridge's own stack (the gateway address lives here).
        br->counters.rxPackets++;
        br->counters.rxBytes += frame->size();
        Event up;
        up.kind = EventKind::LocalReceive;
        up.nsId = nsId;
        up.ifindex = bridgeIndex;
        up.lineage = lineage;
        up.frame = frame;
        schedule(queueTime(bridgeIndex, Queue::Up, settings_.bridgeLatency), std::move(up));
        if (!broadcast) return;
    }
    BridgeCache& c = bridge(nsId, *br);
    int known = 0; // the port the FDB knows the destination behind
    if (!broadcast)
        if (auto it = c.fdb.find(macKey(eth->destination)); it != c.fdb.end())
            known = br->fdb[it->second].port;
    const bool flood = known == 0;
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
        if (!e.bulk) e.ports = floodTargets(nsId, *br, ingressPort);
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
            if (!forwardAllowed(nsId, br->name, br->name, *frame, rule)) {
                if (Link* in = link(nsId, ingressPort))
                    record(nsId, *in, Direction::Drop, *frame, lineage, DropReason::FilterRule, rule);
                return false;
            }
        }
        Event e;
        e.kind = EventKind::LinkTransmit;
        e.nsId = nsId;
        e.ifindex = p;
        e.lineage = lineage;
        e.frame = frame;
        schedule(queueTime(p, Queue::Out, settings_.bridgeLatency), std::move(e));
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
    std::vector<int> targets = std::move(e.ports);
    if (e.bulk) { // queued before the lab last changed: its ports as they are now
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
    std::vector<std::uint32_t> work = c.special;
    if (auto t = c.byAddress.find(arp->targetIp.value); t != c.byAddress.end())
        work.insert(work.end(), t->second.begin(), t->second.end());
    if (holdersEpoch_ != epoch_) {
        holders_.clear();
        holdersEpoch_ = epoch_;
        for (const auto& [id, n] : lab_->kernel().namespaces())
            for (const auto& entry : n.neighbours)
                noteNeighbour(id, entry);
    }
    if (auto h = holders_.find(arp->senderIp.value); h != holders_.end()) {
        if (h->second.mixed || (h->second.anyValid && h->second.mac != arp->senderMac)) {
            for (std::uint32_t i = 0; i < c.ports.size(); ++i)
                if (c.ports[i].plain) work.push_back(i);
        } else {
            auto& list = h->second.unresolved;
            std::erase_if(list, [&](const std::pair<int, int>& holder) {
                const Neighbour* entry = neighbour(holder.first, holder.second, arp->senderIp);
                if (!entry || isValid(entry->state)) return true; // resolved since: forget it
                if (auto at = c.byPeer.find(pairKey(holder.first, holder.second)); at != c.byPeer.end())
                    work.push_back(at->second);
                return false;
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
}

void Engine::localReceive(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage) {
    if (auto arp = decodeArp(frame)) {
        arpInput(nsId, ifindex, *arp,
                 std::equal(kBroadcastMac.bytes.begin(), kBroadcastMac.bytes.end(), frame.begin()));
        return;
    }
    if (decodeIpv4(frame)) ipInput(nsId, ifindex, frame, lineage);
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
    auto waiting = pending_.find(std::make_tuple(nsId, ifindex, e.ip.value));
    if (waiting == pending_.end()) return;
    auto packets = std::move(waiting->second);
    pending_.erase(waiting);
    const Link* dev = link(nsId, ifindex);
    if (!dev) return;
    const Mac source = dev->mac;
    for (auto& [packet, lineage] : packets)
        linkTransmit(nsId, ifindex, share(encodeEthernet({mac, source, kEtherTypeIpv4}, packet)), lineage);
}

void Engine::arpInput(int nsId, int ifindex, const ArpPacket& arp, bool broadcast) {
    // arp_process() in net/ipv4/arp.c, with arp_ignore, arp_filter and arp_accept at their defaults (0).
    Link* dev = link(nsId, ifindex);
    if (!dev || arp.senderIp == Ipv4{}) return; // a DAD probe teaches nothing (and we send none)
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
        Event out;
        out.kind = EventKind::LinkTransmit;
        out.nsId = nsId;
        out.ifindex = ifindex;
        out.lineage = nextLineage_++;
        out.frame = share(encodeEthernet({arp.senderMac, dev->mac, kEtherTypeArp}, encodeArp(reply)));
        schedule(queueTime(ifindex, Queue::Out, settings_.stackLatency), std::move(out));
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

void Engine::ipInput(int nsId, int ifindex, const Bytes& arrived, std::uint64_t lineage) {
    NetworkNamespace* n = ns(nsId);
    Link* dev = n ? link(nsId, ifindex) : nullptr;
    if (!dev) return;
    // The host's nat table first: a reply of a DNATed flow gets its source back; a packet for a
    // published port gets the container as its destination (PREROUTING -> DOCKER).
    std::optional<Bytes> natted;
    if (nsId == kernel::KernelState::kRootNamespace) {
        natted = reverseNat(arrived);
        if (!natted && ifindex != 1) natted = destinationNat(nsId, "PREROUTING", dev->name, arrived);
    }
    const Bytes& frame = natted ? *natted : arrived;
    auto ip = decodeIpv4(frame);
    if (!ip) return;
    if (ip->protocol == kProtoTcp && isLocalAddress(*n, ip->destination)) {
        auto segment = decodeTcp(frame);
        if (!segment) return;
        record(nsId, *dev, "deliver", frame, lineage);
        tcpInput(nsId, *ip, *segment, *dev, frame, lineage);
        return;
    }
    std::optional<Ipv4Header> rewritten;
    if (auto udp = decodeUdp(frame); udp && isLocalAddress(*n, ip->destination)) {
        if (auto binding =
                nat_.find({ip->protocol, ip->destination.value, ip->source.value, udp->destinationPort});
            binding != nat_.end()) {
            rewritten = *ip;
            rewritten->destination = Ipv4{binding->second};
        }
    } else if (isLocalAddress(*n, ip->destination)) {
        auto icmp = decodeIcmp(frame);
        if (!icmp) return;
        // A reply to a masqueraded flow goes back to the container that started it.
        if (auto binding =
                nat_.find({ip->protocol, ip->destination.value, ip->source.value, icmp->identifier});
            icmp->type == 0 && binding != nat_.end()) {
            rewritten = *ip;
            rewritten->destination = Ipv4{binding->second};
        }
    }
    if (isLocalAddress(*n, ip->destination) && !rewritten) {
        if (auto udp = decodeUdp(frame)) {
            record(nsId, *dev, "deliver", frame, lineage);
            udpInput(nsId, *ip, *udp);
            return;
        }
        auto icmp = decodeIcmp(frame);
        if (!icmp) return;
        if (icmp->type == 8) {
            IcmpMessage reply = *icmp;
            reply.type = 0;
            Ipv4Header h;
            h.protocol = kProtoIcmp;
            h.source = ip->destination;
            h.destination = ip->source;
            h.identification = nextIpId_++;
            h.dontFragment = false; // Linux's echo replies do not set DF
            scheduleFrame(now_ + jittered(settings_.stackLatency), EventKind::IpOutput, nsId, 0,
                          share(encodeIpv4(h, encodeIcmp(reply))), lineage);
            return;
        }
        if (icmp->type == 0) {
            auto s = sockets_.find(icmp->identifier);
            if (s == sockets_.end() || s->second.first != nsId) {
                record(nsId, *dev, "drop", frame, lineage, DropReason::NoSocket);
                return;
            }
            record(nsId, *dev, "deliver", frame, lineage);
            Ipv4Header h = *ip;
            IcmpMessage m = *icmp;
            // Looked up again when the program wakes: it may have closed its socket meanwhile.
            at(now_ + jittered(settings_.wakeupLatency), [this, id = icmp->identifier, h, m] {
                auto socket = sockets_.find(id);
                if (socket != sockets_.end()) socket->second.second(h, m);
            });
        }
        return;
    }
    if (!n->ipForward) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::NotForUs);
        return;
    }
    Ipv4Header h = rewritten ? *rewritten : *ip;
    Bytes payload = ipv4Payload(frame);
    const Bytes seen = rewritten ? encodeEthernet({Mac{}, Mac{}, kEtherTypeIpv4}, encodeIpv4(h, payload))
                                 : frame; // what FORWARD sees
    const kernel::Route* r = lookup(*n, h.destination);
    if (!r) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::NoRoute);
        return;
    }
    const Link* out = link(nsId, r->device);
    std::string rule;
    if (!forwardAllowed(nsId, dev->name, out ? out->name : "", seen, rule)) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::FilterRule, rule);
        return;
    }
    if (ip->ttl <= 1) {
        record(nsId, *dev, "drop", frame, lineage, DropReason::TtlExpired);
        return;
    }
    h.ttl = static_cast<std::uint8_t>(ip->ttl - 1);
    if (!rewritten && out) {
        if (auto icmp = decodeIcmp(frame))
            masquerade(nsId, out->name, h, icmp->identifier);
        else if (auto udp = decodeUdp(frame)) {
            if (masquerade(nsId, out->name, h, udp->sourcePort)) // the UDP checksum covers the addresses
                payload = encodeUdp(h.source, h.destination, *udp);
        }
    }
    if (rewritten)
        if (auto udp = decodeUdp(frame)) payload = encodeUdp(h.source, h.destination, *udp);
    if (ip->protocol == kProtoTcp && out && !natted)
        if (auto tcp = decodeTcp(frame); tcp && masquerade(nsId, out->name, h, tcp->sourcePort))
            payload = encodeTcp(h.source, h.destination, *tcp); // the TCP checksum covers the addresses
    Ipv4 nextHop = r->gateway ? *r->gateway : h.destination;
    scheduleFrame(queueTime(r->device, Queue::Out, settings_.stackLatency), EventKind::NeighbourOutput, nsId,
                  r->device, share(encodeIpv4(h, payload)), lineage, nextHop.value);
}

bool Engine::forwardAllowed(int nsId, const std::string& in, const std::string& out, const Bytes& frame,
                            std::string& ruleText) {
    NetworkNamespace* n = ns(nsId);
    auto ip = decodeIpv4(frame);
    if (!n || !ip) return true;
    // A flow is (protocol, source, destination, ICMP id or UDP source port); its replies carry the
    // same id, or the port as their destination port.
    std::uint16_t id = 0, replyId = 0;
    const auto [sport, dport] = transportPorts(frame);
    if (auto icmp = decodeIcmp(frame))
        id = replyId = icmp->identifier;
    else {
        id = sport;
        replyId = dport;
    }
    const auto flow = std::make_tuple(int{ip->protocol}, ip->source.value, ip->destination.value, id);
    const auto reverse = std::make_tuple(int{ip->protocol}, ip->destination.value, ip->source.value, replyId);
    const bool established = conntrack_.count(reverse) > 0 || conntrack_.count(flow) > 0;
    FilterWalk packet{n->netfilter.filter,
                      in,
                      out,
                      *ip,
                      sport,
                      dport,
                      established,
                      isLocalAddress(*n, ip->destination),
                      ruleText};
    const int verdict = packet.walk("FORWARD", 0);
    if (verdict == 1 && !established) conntrack_.insert(flow);
    return verdict != 0;
}

} // namespace vethlab::sim
