// The engine's TCP: enough of RFC 793 for one request and one response per connection (an HTTP GET),
// with Linux's behaviour where a student sees it — RST|ACK for a closed port, SYN retransmissions
// at 1, 3, 7, 15, 31 and 63 s before connect() gives up at 127 s, EHOSTUNREACH when ARP fails —
// and Docker's DNAT for published ports on the host.
#include <algorithm>
#include <charconv>
#include <string_view>

#include "engine.h"
#include "filter_walk.h"
#include "tcp_services.h"

namespace vethlab::sim {
namespace {

// A request is complete at the end of its headers; a response when Content-Length bytes follow them
// (a HEAD response has headers only).
bool httpComplete(const Bytes& data, bool headOnly) {
    const std::string text(data.begin(), data.end());
    const auto end = text.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    if (headOnly) return true;
    std::size_t length = 0;
    std::string lower = text.substr(0, end);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (auto at = lower.find("\r\ncontent-length:"); at != std::string::npos)
        length = static_cast<std::size_t>(std::strtoul(lower.c_str() + at + 17, nullptr, 10));
    return text.size() - (end + 4) >= length;
}

bool startsWith(const Bytes& data, std::string_view prefix) {
    return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

// The same packet with other addresses and ports, checksums recomputed.
std::optional<Bytes> rewrite(const Bytes& frame, Ipv4 source, std::uint16_t sourcePort, Ipv4 destination,
                             std::uint16_t destinationPort) {
    auto eth = decodeEthernet(frame);
    auto ip = decodeIpv4(frame);
    if (!eth || !ip) return std::nullopt;
    Ipv4Header h = *ip;
    h.source = source;
    h.destination = destination;
    Bytes l4;
    if (auto t = decodeTcp(frame)) {
        t->sourcePort = sourcePort;
        t->destinationPort = destinationPort;
        l4 = encodeTcp(source, destination, *t);
    } else if (auto u = decodeUdp(frame)) {
        u->sourcePort = sourcePort;
        u->destinationPort = destinationPort;
        l4 = encodeUdp(source, destination, *u);
    } else {
        return std::nullopt;
    }
    return encodeEthernet(*eth, encodeIpv4(h, l4));
}

} // namespace

bool Engine::tcpRequest(int nsId, Ipv4 destination, std::uint16_t port, Bytes request, Nanos connectTimeout,
                        TcpDone done, bool shutdownWrite) {
    beginCall();
    auto source = sourceFor(nsId, destination);
    if (!source) return false;
    // Linux's ephemeral range is 32768-60999; the engine walks it from a fixed start, for determinism.
    if (nextTcpPort_ < 32768 || nextTcpPort_ > 60999) nextTcpPort_ = 32768;
    const TcpKey key{nsId, source->value, nextTcpPort_++, destination.value, port};
    TcpConnection& c = tcp_[key];
    c = TcpConnection{};
    c.client = true;
    c.request = std::move(request);
    c.shutdownWrite = shutdownWrite;
    c.done = std::move(done);
    c.opened = now_;
    c.deadline = now_ + connectTimeout;
    c.sendNext = nextIss_;
    nextIss_ += 0x0a3f'1c4d; // initial sequence numbers differ per connection, predictably
    c.mss = TcpReceiveWindow::mssFor(routeMtu(nsId, destination));
    c.window = TcpReceiveWindow(c.mss, false);
    c.tsOffset = timestampOffset(key);
    tcpSend(key, TcpSegment::Syn);
    at(std::min(now_ + kSecond, c.deadline), [this, key] { tcpSynTimer(key, 1); });
    return true;
}

Engine::TcpResult Engine::tcpExchange(int nsId, Ipv4 destination, std::uint16_t port, const Bytes& request,
                                      Nanos connectTimeout, bool shutdownWrite) {
    std::optional<TcpResult> result;
    if (!tcpRequest(
            nsId, destination, port, request, connectTimeout, [&result](const TcpResult& r) { result = r; },
            shutdownWrite)) {
        TcpResult r;
        r.outcome = TcpResult::Outcome::NoRoute;
        return r;
    }
    const Nanos limit = now_ + connectTimeout + 30 * kSecond;
    while (!result && runNext(limit)) {
    }
    // The program returns once it has its answer; the teardown (FIN, ACK) finishes meanwhile.
    const Nanos settle = now_ + 50 * kMillisecond;
    while (runNext(settle)) {
    }
    if (!result) result = TcpResult{TcpResult::Outcome::TimedOut, {}, connectTimeout};
    return *result;
}

void Engine::tcpSynTimer(TcpKey key, int attempt) {
    auto it = tcp_.find(key);
    if (it == tcp_.end() || it->second.state != TcpConnection::State::SynSent) return;
    TcpConnection& c = it->second;
    if (now_ >= c.deadline || attempt > 6) {
        tcpFinish(key, TcpResult::Outcome::TimedOut);
        return;
    }
    c.sendNext -= 1; // the same SYN again
    tcpSend(key, TcpSegment::Syn);
    const Nanos next = now_ + (Nanos{1} << attempt) * kSecond; // the RTO doubles each time
    at(std::min(next, c.deadline), [this, key, attempt] { tcpSynTimer(key, attempt + 1); });
}

void Engine::tcpSend(const TcpKey& key, std::uint8_t flags, const Bytes& payload, std::uint32_t unread) {
    auto it = tcp_.find(key);
    if (it == tcp_.end()) return;
    TcpConnection& c = it->second;
    const auto& [nsId, local, localPort, remote, remotePort] = key;
    TcpSegment s;
    s.sourcePort = localPort;
    s.destinationPort = remotePort;
    s.sequence = c.sendNext;
    s.acknowledgment = (flags & TcpSegment::Ack) ? c.receiveNext : 0;
    s.flags = flags;
    s.payload = payload;
    // TCP's clock is in milliseconds (tcp_time_stamp_ms), offset per connection.
    const auto tsVal =
        static_cast<std::uint32_t>(c.tsOffset + static_cast<std::uint64_t>(now_ / kMillisecond));
    if (s.has(TcpSegment::Syn)) {
        s.mss = c.mss;
        s.sackPermitted = true;
        s.windowScale = TcpReceiveWindow::kScale;
        s.timestamp = std::pair{tsVal, s.has(TcpSegment::Ack) ? c.tsRecent : 0u};
        s.window = c.window.initial();
    } else {
        if (c.timestamps) s.timestamp = std::pair{tsVal, c.tsRecent};
        s.window = c.window.select(c.receiveNext, unread, c.scaled);
    }
    c.sendNext += s.length();
    Ipv4Header h;
    h.protocol = kProtoTcp;
    h.source = Ipv4{local};
    h.destination = Ipv4{remote};
    h.identification = nextIpId_++;
    Bytes segment = encodeTcp(h.source, h.destination, s);
    c.lastSend = std::max(now_ + jittered(settings_.stackLatency), c.lastSend + 1);
    at(c.lastSend, [this, n = nsId, h, segment, l = nextLineage_++] { ipOutput(n, h, segment, l); });
}

void Engine::tcpConnected(const TcpKey& key) {
    auto it = tcp_.find(key);
    if (it == tcp_.end() || it->second.state != TcpConnection::State::Established) return;
    TcpConnection& c = it->second;
    if (c.request.empty()) { // connect() and close(): nc -z
        c.state = TcpConnection::State::FinWait1;
        tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
        tcpFinish(key, TcpResult::Outcome::Response);
        return;
    }
    tcpSend(key, TcpSegment::Psh | TcpSegment::Ack, c.request);
    if (c.shutdownWrite) { // shutdown(SHUT_WR): the request is all there is
        c.state = TcpConnection::State::FinWait1;
        tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
    }
}

int Engine::routeMtu(int nsId, Ipv4 destination) {
    kernel::NetworkNamespace* n = ns(nsId);
    if (!n) return 1500;
    if ((destination.value >> 24) == 127 || isLocalAddress(*n, destination)) {
        const kernel::Link* lo = n->linkByName("lo");
        return lo ? lo->mtu : 65536;
    }
    const kernel::Route* r = lookup(*n, destination);
    const kernel::Link* dev = r ? n->link(r->device) : nullptr;
    return dev ? dev->mtu : 1500;
}

std::uint32_t Engine::timestampOffset(const TcpKey& key) const {
    const auto& [nsId, local, localPort, remote, remotePort] = key;
    std::uint64_t z = lab_->settings().seed ^ (static_cast<std::uint64_t>(local) << 32 | remote) ^
                      (static_cast<std::uint64_t>(localPort) << 16 | remotePort) * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL; // splitmix64's finalizer
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::uint32_t>(z ^ (z >> 31));
}

void Engine::tcpReset(int nsId, const Ipv4Header& ip, const TcpSegment& s) {
    // A closed port: RST|ACK acknowledging what the segment took (Linux's tcp_v4_send_reset).
    TcpSegment r;
    r.sourcePort = s.destinationPort;
    r.destinationPort = s.sourcePort;
    r.sequence = s.has(TcpSegment::Ack) ? s.acknowledgment : 0;
    r.acknowledgment = s.sequence + s.length();
    r.flags = TcpSegment::Rst | (s.has(TcpSegment::Ack) ? 0 : TcpSegment::Ack);
    r.window = 0;
    Ipv4Header h;
    h.protocol = kProtoTcp;
    h.source = ip.destination;
    h.destination = ip.source;
    h.identification = 0; // Linux sends resets with ID 0 and DF
    Bytes segment = encodeTcp(h.source, h.destination, r);
    at(now_ + jittered(settings_.stackLatency),
       [this, nsId, h, segment, l = nextLineage_++] { ipOutput(nsId, h, segment, l); });
}

void Engine::tcpFinish(const TcpKey& key, TcpResult::Outcome outcome) {
    auto it = tcp_.find(key);
    if (it == tcp_.end() || it->second.answered) return;
    TcpConnection& c = it->second;
    c.answered = true;
    TcpResult r;
    r.outcome = outcome;
    r.elapsed = now_ - c.opened;
    if (outcome == TcpResult::Outcome::Response) r.response = c.received;
    TcpDone done = std::move(c.done);
    if (outcome != TcpResult::Outcome::Response && outcome != TcpResult::Outcome::Empty) tcp_.erase(it);
    if (done) done(r);
}

void Engine::tcpServe(const TcpKey& key) {
    auto it = tcp_.find(key);
    if (it == tcp_.end()) return;
    const TcpServer server = it->second.server;
    const Bytes request = it->second.received;
    if (server.kind == TcpServer::Kind::App) {
        at(now_ + jittered(settings_.wakeupLatency), [this, key, server, request] {
            auto c = tcp_.find(key);
            if (c == tcp_.end()) return;
            const Bytes response = server.respond(request);
            tcpSend(key, TcpSegment::Psh | TcpSegment::Ack, response);
            const std::string text(response.begin(), response.end());
            if (text.find("\r\nConnection: close\r\n") != std::string::npos) {
                // The server closes after its response; the client reads until the end of the stream.
                c->second.state = TcpConnection::State::FinWait1;
                tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
            }
        });
        return;
    }
    // docker-proxy: a second connection, from the host to the container, carries the request.
    const bool started = tcpRequest(kernel::KernelState::kRootNamespace, server.backend, server.backendPort,
                                    request, 127 * kSecond, [this, key](const TcpResult& r) {
                                        auto front = tcp_.find(key);
                                        if (front == tcp_.end()) return;
                                        if (r.outcome == TcpResult::Outcome::Response) {
                                            tcpSend(key, TcpSegment::Psh | TcpSegment::Ack, r.response);
                                            return;
                                        }
                                        // The container did not answer: the proxy closes the client's
                                        // connection.
                                        front->second.state = TcpConnection::State::FinWait1;
                                        tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
                                    });
    if (!started) {
        it->second.state = TcpConnection::State::FinWait1;
        tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
    }
}

void Engine::tcpInput(int nsId, const Ipv4Header& ip, const TcpSegment& s, const kernel::Link& dev,
                      const Bytes& frame, std::uint64_t lineage) {
    using State = TcpConnection::State;
    const TcpKey key{nsId, ip.destination.value, s.destinationPort, ip.source.value, s.sourcePort};
    auto it = tcp_.find(key);
    if (it == tcp_.end()) {
        if (s.has(TcpSegment::Rst)) return;
        if (s.has(TcpSegment::Syn) && !s.has(TcpSegment::Ack)) {
            if (auto server = tcpListener(nsId, ip.destination, s.destinationPort)) {
                TcpConnection& c = tcp_[key];
                c.state = State::SynReceived;
                c.server = *server;
                c.receiveNext = s.sequence + 1;
                c.sendNext = nextIss_;
                c.opened = now_;
                nextIss_ += 0x0a3f'1c4d;
                c.mss = TcpReceiveWindow::mssFor(routeMtu(nsId, ip.source));
                c.timestamps = s.timestamp.has_value();
                c.scaled = s.windowScale.has_value();
                c.tsRecent = s.timestamp ? s.timestamp->first : 0;
                c.tsOffset = timestampOffset(key);
                c.window = TcpReceiveWindow(c.mss, c.timestamps);
                tcpSend(key, TcpSegment::Syn | TcpSegment::Ack);
                return;
            }
            record(nsId, dev, "drop", frame, lineage, DropReason::NoSocket);
        }
        tcpReset(nsId, ip, s);
        return;
    }
    TcpConnection& c = it->second;
    if (s.has(TcpSegment::Rst)) {
        const bool refused = c.state == State::SynSent;
        if (c.client && !c.answered) {
            tcpFinish(key, refused ? TcpResult::Outcome::Refused : TcpResult::Outcome::Empty);
            it = tcp_.find(key);
        }
        if (it != tcp_.end()) tcp_.erase(it);
        return;
    }
    if (c.state == State::SynSent) {
        if (!s.has(TcpSegment::Syn) || !s.has(TcpSegment::Ack)) return;
        c.receiveNext = s.sequence + 1;
        c.state = State::Established;
        c.timestamps = s.timestamp.has_value();
        c.scaled = s.windowScale.has_value();
        if (c.timestamps) c.tsRecent = s.timestamp->first;
        c.window.established(c.receiveNext, c.timestamps);
        tcpSend(key, TcpSegment::Ack);
        // connect() returns once the SYN-ACK is in: the program, woken, writes after the ACK has left.
        at(now_ + settings_.wakeupLatency, [this, key] { tcpConnected(key); });
        return;
    }
    if (c.timestamps && s.timestamp) c.tsRecent = s.timestamp->first;
    if (c.state == State::SynReceived && s.has(TcpSegment::Ack)) {
        c.state = State::Established;
        c.window.established(c.receiveNext, c.timestamps);
    }
    if (!s.payload.empty()) {
        c.received.insert(c.received.end(), s.payload.begin(), s.payload.end());
        c.receiveNext += static_cast<std::uint32_t>(s.payload.size());
        c.window.grew();
        // The buffer the segment takes until it is read (its skb's truesize: the data and ~768 bytes).
        const auto truesize = static_cast<std::uint32_t>(s.payload.size()) + 768;
        if (c.client) {
            if (!c.answered && !c.shutdownWrite && httpComplete(c.received, startsWith(c.request, "HEAD "))) {
                // curl has its response: it closes the connection, and FIN|ACK acknowledges the data.
                c.state = State::FinWait1;
                tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
                tcpFinish(key, TcpResult::Outcome::Response);
                return;
            }
            tcpSend(key, TcpSegment::Ack, {}, truesize);
        } else {
            // Linux acknowledges at once early in a connection (quickack), before the program reads.
            tcpSend(key, TcpSegment::Ack, {}, truesize);
            // Any method: the server decides what it answers (nginx's 405, busybox httpd's 501).
            const bool serves = c.server.kind == TcpServer::Kind::Proxy || c.server.respond;
            if (serves && !c.answered && !parseRequestLine(c.received).method.empty() &&
                httpComplete(c.received, startsWith(c.received, "HEAD "))) {
                c.answered = true;
                tcpServe(key);
            }
        }
    }
    if (s.has(TcpSegment::Fin)) {
        c.receiveNext += 1;
        if (c.state == State::FinWait1 || c.state == State::FinWait2) {
            tcpSend(key, TcpSegment::Ack);
            if (c.client && !c.answered) {
                tcpFinish(key, c.received.empty() ? TcpResult::Outcome::Empty : TcpResult::Outcome::Response);
                if (tcp_.find(key) == tcp_.end()) return;
            }
            tcp_.erase(key); // TIME_WAIT is not modelled
            return;
        }
        if (!c.client && c.server.closed) {
            c.server.closed(Ipv4{std::get<3>(key)}, std::get<4>(key), c.received);
        }
        if (c.client && !c.answered) {
            // The end of the stream: the response (Connection: close), or nothing at all (docker-proxy
            // with nobody behind it).
            tcpFinish(key, c.received.empty() ? TcpResult::Outcome::Empty : TcpResult::Outcome::Response);
            it = tcp_.find(key);
            if (it == tcp_.end()) return;
        }
        it->second.state = State::LastAck;
        tcpSend(key, TcpSegment::Fin | TcpSegment::Ack);
        return;
    }
    if (s.has(TcpSegment::Ack)) {
        if (c.state == State::FinWait1) c.state = State::FinWait2;
        if (c.state == State::LastAck) tcp_.erase(key);
    }
}

std::optional<Bytes> Engine::destinationNat(int nsId, const std::string& chain, const std::string& in,
                                            const Bytes& frame, bool count) {
    kernel::NetworkNamespace* n = ns(nsId);
    auto ip = decodeIpv4(frame);
    const bool ported = ip && (ip->protocol == kProtoTcp || ip->protocol == kProtoUdp);
    if (!n || !ip || (!ported && !count)) return std::nullopt;
    const auto [sport, dport] = ported ? transportPorts(frame) : std::pair<std::uint16_t, std::uint16_t>{};
    std::string rule;
    static const std::string none;
    FilterWalk walk{
        n->netfilter.nat, in, none, *ip, sport, dport, false, isLocalAddress(*n, ip->destination), rule};
    if (count) walk.length = ip->totalLength;
    walk.walk(chain, 0);
    if (!walk.dnat || !ported) return std::nullopt;
    // --to-destination ADDRESS[:PORT]
    const std::string& to = walk.dnat->toDestination;
    const auto colon = to.find(':');
    auto address = Ipv4::parse(to.substr(0, colon));
    if (!address) return std::nullopt;
    // iptables accepts only 1-65535 (or a range, whose first port is taken); never trust the text.
    std::uint16_t port = dport;
    if (colon != std::string::npos) {
        const std::string text = to.substr(colon + 1);
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
        if (ec != std::errc{} || port == 0 || (end != text.data() + text.size() && *end != '-'))
            return std::nullopt;
    }
    dnat_[{ip->protocol, ip->source.value, sport, address->value, port}] = {ip->destination.value, dport};
    return rewrite(frame, ip->source, sport, *address, port);
}

void Engine::countNat(int nsId, const char* chain, const std::string& in, const std::string& out,
                      const Bytes& frame) {
    kernel::NetworkNamespace* n = ns(nsId);
    auto ip = decodeIpv4(frame);
    if (!n || !ip) return;
    const bool ported = ip->protocol == kProtoTcp || ip->protocol == kProtoUdp;
    const auto [sport, dport] = ported ? transportPorts(frame) : std::pair<std::uint16_t, std::uint16_t>{};
    std::string rule;
    FilterWalk walk{
        n->netfilter.nat, in, out, *ip, sport, dport, false, isLocalAddress(*n, ip->destination), rule};
    walk.length = ip->totalLength;
    walk.walk(chain, 0);
}

void Engine::bridgedNat(int nsId, const char* chain, const std::string& bridgeName, const Bytes& frame,
                        bool confirm) {
    kernel::NetworkNamespace* n = ns(nsId);
    const kernel::NetfilterChain* c = n ? n->netfilter.nat.chain(chain) : nullptr;
    if (!c || !c->policyCounters) return;
    auto ip = decodeIpv4(frame);
    if (!ip) return;
    const NatFlows::Tuple t = flowTuple(frame, *ip);
    if (natFlows_.isKnown(t, now_)) return;
    static const std::string none;
    countNat(nsId, chain, confirm ? none : bridgeName, confirm ? bridgeName : none, frame);
    if (confirm) natFlows_.confirm(t, t.reversed(), now_);
}

NatFlows::Tuple Engine::flowTuple(const Bytes& frame, const Ipv4Header& ip) {
    NatFlows::Tuple t{ip.protocol, ip.source.value, ip.destination.value, 0, 0};
    if (ip.protocol == kProtoTcp || ip.protocol == kProtoUdp)
        std::tie(t.sourcePort, t.destinationPort) = transportPorts(frame);
    else if (ip.protocol == kProtoIcmp && frame.size() >= 42)
        t.sourcePort = static_cast<std::uint16_t>(frame[38] << 8 | frame[39]); // the echo identifier
    return t;
}

std::optional<Bytes> Engine::reverseNat(const Bytes& frame) {
    if (dnat_.empty()) return std::nullopt;
    auto ip = decodeIpv4(frame);
    if (!ip || (ip->protocol != kProtoTcp && ip->protocol != kProtoUdp)) return std::nullopt;
    const auto [sport, dport] = transportPorts(frame);
    auto b = dnat_.find({ip->protocol, ip->destination.value, dport, ip->source.value, sport});
    if (b == dnat_.end()) return std::nullopt;
    return rewrite(frame, Ipv4{b->second.first}, b->second.second, ip->destination, dport);
}

} // namespace vethlab::sim
