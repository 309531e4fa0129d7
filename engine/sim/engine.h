// The discrete-event packet engine: moves real Ethernet frames through the lab's kernel model —
// veth pairs, Linux bridges (FDB learning, flooding, no hairpin), ARP with queued packets, IPv4
// routing and forwarding, ICMP echo, and Docker's netfilter FORWARD rules (isolation, icc) with
// connection tracking. Events are ordered by (time, insertion order); there is no wall clock, so a
// run is deterministic. Every frame sent, received or dropped is recorded in the trace.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lab.h"
#include "packet.h"
#include "tcp_segment.h"

namespace vethlab::sim {

/// Why the engine dropped a frame, shown the same way in the CLI, the GUI and captures.
enum class DropReason {
    None,
    FilterRule, // a netfilter rule (the rule is named in the trace)
    NoRoute,
    NeighbourFailed, // ARP got no answer
    TtlExpired,
    NotForUs, // IPv4 for another host reached a namespace that does not forward
    LinkDown,
    NoSocket,
};
std::string toString(DropReason r);

struct TraceEvent {
    Nanos time = 0;
    int namespaceId = 0;
    std::string device;    // "eth0", "vethc01f9e7", "docker0"
    std::string direction; // "tx", "rx", "drop", "deliver"
    std::string summary;   // one line: "ICMP echo request 172.17.0.2 > 172.17.0.3 id 1 seq 1 ttl 64"
    DropReason reason = DropReason::None;
    std::string rule;          // for FilterRule: "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"
    std::uint64_t lineage = 0; // copies of one frame (a flood) share it
    std::size_t bytes = 0;
    std::int64_t frame = -1; // tx and rx: the frame's index in captured(), for its layer-by-layer details
};

/// Hop latencies of the lab; the defaults give the magnitudes of the seed's transcripts.
struct EngineSettings {
    Nanos vethLatency = 12'000;      // a frame crossing a veth pair
    Nanos bridgeLatency = 7'000;     // a bridge forwarding decision
    Nanos stackLatency = 14'000;     // the IPv4 stack handing a packet up or down
    Nanos wakeupLatency = 20'000;    // a sleeping program woken by its socket
    Nanos coldPathLatency = 320'000; // the first packet to a destination: caches and ARP state are cold
    Nanos lanLatency = 150'000;      // the host's eth0 to the LAN router
    double jitter = 0.25;            // +/- share of each latency, from the lab's seed
    bool recordTrace = true;         // keep every event and frame (the GUI and captures need them)

    /// The defaults, with what the lab's settings override.
    static EngineSettings fromLab(const LabSettings& lab);
};

class Engine {
public:
    using IcmpHandler = std::function<void(const Ipv4Header&, const IcmpMessage&)>;

    Engine(Lab& lab, EngineSettings settings = {});

    Nanos now() const { return now_; }
    /// Schedules `action` at absolute time `t` (never before now).
    void at(Nanos t, std::function<void()> action);
    /// Runs events up to and including time `t`; the engine's clock ends at `t`.
    void runUntil(Nanos t);
    bool idle() const { return queue_.empty(); }
    /// Runs the events of the earliest pending moment if it is no later than `limit`; false if none is.
    /// A program waiting for an answer calls it until it has the answer or the limit.
    bool runNext(Nanos limit);
    /// Brings the engine's clock up to the lab's (events due meanwhile run first).
    void syncTo(Nanos t);
    /// Packet-level micro-steps: once `eventsRun()` reaches the limit no further event runs and the clock
    /// stays at the last one, so the lab is exactly as it was at that event. nullopt lifts the limit.
    void setEventLimit(std::optional<std::uint64_t> limit) { eventLimit_ = limit; }
    bool eventLimitReached() const { return eventLimit_ && eventsRun_ >= *eventLimit_; }

    /// A ping socket in a namespace; replies with its identifier go to `handler`.
    std::uint16_t openIcmpSocket(int namespaceId, IcmpHandler handler);
    void closeIcmpSocket(std::uint16_t id);
    /// Sends an echo request now. Returns false when there is no route ("Network is unreachable").
    bool sendEcho(int namespaceId, Ipv4 destination, std::uint16_t id, std::uint16_t sequence,
                  std::size_t dataBytes);
    using UdpHandler = std::function<void(const Ipv4Header&, const UdpDatagram&)>;
    /// A UDP socket on an ephemeral port in a namespace.
    std::uint16_t openUdpSocket(int namespaceId, UdpHandler handler);
    void closeUdpSocket(int namespaceId, std::uint16_t port);
    bool sendUdp(int namespaceId, Ipv4 destination, std::uint16_t sourcePort, std::uint16_t destinationPort,
                 const Bytes& payload);
    /// A DNS query from a namespace to `server`, answered over the wire (the engine runs until the answer
    /// comes, or 5 s pass: nullopt).
    std::optional<DnsMessage> queryDns(int namespaceId, Ipv4 server, const std::string& name,
                                       std::uint16_t type);
    /// Several questions sent at once (as busybox sends A and AAAA); the answers in the order they came.
    std::vector<DnsMessage>
    queryDnsTogether(int namespaceId, Ipv4 server,
                     const std::vector<std::pair<std::string, std::uint16_t>>& questions);
    /// Answers for Docker's embedded DNS (set by the terminal): a namespace and a question -> the answer,
    /// or nullopt to forward the question upstream.
    using EmbeddedDns = std::function<std::optional<DnsMessage>(int namespaceId, const DnsMessage& question)>;
    void setEmbeddedDns(EmbeddedDns dns) { embeddedDns_ = std::move(dns); }

    /// A program that accepts TCP connections in a namespace: an application that answers a request
    /// with a response (a web server), or docker-proxy, which relays the request to a container.
    struct TcpServer {
        enum class Kind { App, Proxy } kind = Kind::App;
        std::function<Bytes(const Bytes& request)> respond; // App
        Ipv4 backend;                                       // Proxy: the container's address and port
        std::uint16_t backendPort = 0;
    };
    struct TcpResult {
        enum class Outcome {
            Response,
            Refused,
            TimedOut,
            Unreachable,
            NoRoute,
            Empty
        } outcome = Outcome::TimedOut;
        Bytes response;
        Nanos elapsed = 0; // from connect() to the outcome
    };
    using TcpDone = std::function<void(const TcpResult&)>;
    /// A client connection from a namespace: handshake, `request` once established, the response until
    /// it is complete (Content-Length), then FIN. `done` runs once. False when there is no route.
    bool tcpRequest(int namespaceId, Ipv4 destination, std::uint16_t port, Bytes request,
                    Nanos connectTimeout, TcpDone done);
    /// The same, waiting for the outcome (and the teardown after it) as a program blocked in recv() does.
    TcpResult tcpExchange(int namespaceId, Ipv4 destination, std::uint16_t port, const Bytes& request,
                          Nanos connectTimeout);
    /// Open TCP connections (for tests: a finished exchange leaves none behind).
    std::size_t tcpConnections() const { return tcp_.size(); }

    /// The source address the namespace would use towards `destination`.
    std::optional<Ipv4> sourceFor(int namespaceId, Ipv4 destination) const;

    const std::vector<TraceEvent>& trace() const { return trace_; }
    std::uint64_t framesSent() const { return framesSent_; }
    std::uint64_t eventsRun() const { return eventsRun_; }
    /// A frame as an interface saw it (for captures).
    struct CapturedFrame {
        Nanos time;
        int namespaceId;
        std::string device;
        bool transmitted;
        Bytes bytes;
    };
    const std::vector<CapturedFrame>& captured() const { return frames_; }

private:
    // The heap holds small records; the actions live in a slab, so sifting the heap moves 24 bytes.
    struct Scheduled {
        Nanos time;
        std::uint64_t seq;
        std::uint32_t slot;
        bool operator>(const Scheduled& o) const { return time != o.time ? time > o.time : seq > o.seq; }
    };

    Nanos jittered(Nanos base);
    /// The queues of a device: the stack or bridge handing it frames (Out), the wire or veth carrying
    /// them (Wire), and a bridge handing frames up to the host's stack (Up).
    enum class Queue { Out, Wire, Up };
    /// When a frame queued now leaves the queue: a jittered latency, but never before the frame queued
    /// before it — a veth, a bridge port or an output queue does not reorder.
    Nanos queueTime(int ifindex, Queue queue, Nanos base);
    Nanos loopbackTime(int nsId); // lo is ifindex 1 in every namespace: one queue per namespace
    kernel::NetworkNamespace* ns(int id) { return lab_->kernel().find(id); }
    void record(int nsId, const kernel::Link& dev, const std::string& direction, const Bytes& frame,
                std::uint64_t lineage, DropReason reason = DropReason::None, const std::string& rule = {});

    /// A frame crossing a link: counted and recorded; nullptr (and a drop) when the link is down.
    kernel::Link* passThrough(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage,
                              bool transmit);
    void linkTransmit(int nsId, int ifindex, Bytes frame, std::uint64_t lineage);
    void linkReceive(int nsId, int ifindex, Bytes frame, std::uint64_t lineage);
    void bridgeInput(int nsId, int bridgeIndex, int ingressPort, const Bytes& frame, std::uint64_t lineage);
    void bridgeOutput(int nsId, int bridgeIndex, int ingressPort, const Bytes& frame, std::uint64_t lineage);
    void localReceive(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage);
    void arpInput(int nsId, int ifindex, const ArpPacket& arp);
    void ipInput(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage);
    void ipOutput(int nsId, Ipv4Header header, const Bytes& payload, std::uint64_t lineage);
    void neighbourOutput(int nsId, int ifindex, Ipv4 nextHop, Bytes ipPacket, std::uint64_t lineage);
    void arpRetry(int nsId, int ifindex, Ipv4 target, int attempt);
    /// Evaluates the filter FORWARD chain. Returns the verdict and, for a DROP, the rule's -S text.
    bool forwardAllowed(int nsId, const std::string& in, const std::string& out, const Bytes& frame,
                        std::string& rule);
    const kernel::Route* lookup(const kernel::NetworkNamespace& n, Ipv4 dst) const;
    /// The LAN behind the host's eth0: the router (the lab's gateway) and the internet beyond it.
    void lanReceive(const Bytes& frame);
    void lanSend(const Bytes& frame, Nanos delay);
    /// nat POSTROUTING: MASQUERADE rewrites the source of packets leaving through another device.
    bool masquerade(int nsId, const std::string& out, Ipv4Header& h, std::uint16_t id);
    void udpInput(int nsId, const Ipv4Header& ip, const UdpDatagram& d);
    void lanDns(const Ipv4Header& ip, const UdpDatagram& d, Nanos delay);
    bool isLocalAddress(const kernel::NetworkNamespace& n, Ipv4 ip) const;

    // TCP (tcp.cpp): connections keyed by (namespace, local address, local port, remote, remote port).
    using TcpKey = std::tuple<int, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
    struct TcpConnection {
        enum class State { SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, LastAck };
        State state = State::SynSent;
        bool client = false;
        std::uint32_t sendNext = 0, receiveNext = 0;
        Bytes request, received;
        TcpServer server;
        TcpDone done;
        Nanos opened = 0, deadline = 0;
        Nanos lastSend = 0;    // segments of one socket leave in order, whatever the jitter
        bool answered = false; // a server has sent its response; a client has its outcome
    };
    void tcpInput(int nsId, const Ipv4Header& ip, const TcpSegment& s, const kernel::Link& dev,
                  const Bytes& frame, std::uint64_t lineage);
    void tcpSend(const TcpKey& key, std::uint8_t flags, const Bytes& payload = {}, std::uint16_t mss = 0);
    void tcpReset(int nsId, const Ipv4Header& ip, const TcpSegment& s);
    void tcpFinish(const TcpKey& key, TcpResult::Outcome outcome);
    void tcpSynTimer(TcpKey key, int attempt);
    void tcpServe(const TcpKey& key);
    /// The program listening on `port` in a namespace (services.cpp): a container's server, docker-proxy.
    std::optional<TcpServer> tcpListener(int nsId, Ipv4 local, std::uint16_t port) const;
    /// nat PREROUTING / OUTPUT of the host: Docker's DNAT for published ports. Returns the frame with its
    /// destination rewritten (and remembers the flow, so replies get their source rewritten back).
    std::optional<Bytes> destinationNat(int nsId, const std::string& chain, const std::string& in,
                                        const Bytes& frame);
    /// A reply of a DNATed flow: its source becomes the address and port the client asked for.
    std::optional<Bytes> reverseNat(const Bytes& frame);
    std::map<TcpKey, TcpConnection> tcp_;
    std::vector<Nanos> queueTail_;                // per (ifindex, side): when its last frame leaves
    std::unordered_map<int, Nanos> loopbackTail_; // per namespace
    std::uint16_t nextTcpPort_ = 45000;
    std::uint32_t nextIss_ = 0x3b9a'ca00;
    // DNAT bindings: (proto, client, client port, translated dst, dst port) -> (original dst, dst port).
    std::map<std::tuple<int, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>,
             std::pair<std::uint32_t, std::uint16_t>>
        dnat_;
    Lab* lab_;
    EngineSettings settings_;
    Nanos now_;
    std::uint64_t seq_ = 0;
    std::uint64_t nextLineage_ = 1;
    std::uint16_t nextIpId_ = 0x1c46;
    std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<Scheduled>> queue_;
    std::vector<std::function<void()>> actions_;
    std::vector<std::uint32_t> freeSlots_;
    std::map<std::uint16_t, std::pair<int, IcmpHandler>> sockets_;
    std::uint16_t nextSocketId_ = 1;
    struct KeyHash {
        std::size_t operator()(const std::tuple<int, int, std::uint32_t>& k) const {
            return std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(std::get<0>(k)) << 40) ^
                                              (static_cast<std::uint64_t>(std::get<1>(k)) << 32) ^
                                              std::get<2>(k));
        }
        std::size_t operator()(const std::tuple<int, std::uint32_t, std::uint32_t, std::uint16_t>& k) const {
            return std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(std::get<1>(k)) << 32) ^
                                              std::get<2>(k)) ^
                   (static_cast<std::size_t>(std::get<3>(k)) << 7) ^ static_cast<std::size_t>(std::get<0>(k));
        }
    };
    // Packets waiting for ARP: (ns, ifindex, next hop) -> IP packets without the Ethernet header.
    std::unordered_map<std::tuple<int, int, std::uint32_t>, std::vector<std::pair<Bytes, std::uint64_t>>,
                       KeyHash>
        pending_;
    std::set<std::tuple<int, std::uint32_t>> warmed_; // (ns, destination) pairs past their first packet
    // Connection tracking: flows seen in their original direction (proto, src, dst, id).
    std::unordered_set<std::tuple<int, std::uint32_t, std::uint32_t, std::uint16_t>, KeyHash> conntrack_;
    std::vector<TraceEvent> trace_;
    std::uint64_t framesSent_ = 0, eventsRun_ = 0;
    std::optional<std::uint64_t> eventLimit_;
    Mac routerMac_;
    Mac hostMacSeen_; // the router learns the host's eth0 address from its frames
    // MASQUERADE bindings: (proto, translated source, destination, id) -> original source.
    std::map<std::tuple<int, std::uint32_t, std::uint32_t, std::uint16_t>, std::uint32_t> nat_;
    std::map<std::pair<int, std::uint16_t>, UdpHandler> udpSockets_; // (namespace, port)
    std::uint16_t nextUdpPort_ = 41000;
    std::uint16_t nextDnsId_ = 0x2a17;
    EmbeddedDns embeddedDns_;
    std::vector<CapturedFrame> frames_;
};

} // namespace vethlab::sim
