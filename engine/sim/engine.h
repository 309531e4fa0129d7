// The discrete-event packet engine: moves real Ethernet frames through the lab's kernel model —
// veth pairs, Linux bridges (FDB learning, flooding, no hairpin), ARP with queued packets, IPv4
// routing and forwarding, ICMP echo, and Docker's netfilter FORWARD rules (isolation, icc) with
// connection tracking. Events are ordered by (time, insertion order); there is no wall clock, so a
// run is deterministic. Every frame sent, received or dropped is recorded in the trace.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "event_calendar.h"
#include "flat_hash.h"
#include "frame_pool.h"
#include "hop_decision.h"
#include "huge_pages.h"
#include "ipv6_packet.h"
#include "lab.h"
#include "nat_flows.h"
#include "packet.h"
#include "side_slab.h"
#include "tcp_segment.h"
#include "tcp_window.h"

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
    /// A flooded ARP request is handled in bulk when nothing traces it: every port's counters advance in
    /// one loop, and only the receivers it changes (the target, entries it resolves) do per-port work.
    /// The outcome (counters, tables, timing) is the one-by-one path's; false forces that path.
    bool bulkFlood = true;

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
    bool idle() const { return live_ == 0; }
    /// Runs the events of the earliest pending moment if it is no later than `limit`; false if none is.
    /// A program waiting for an answer calls it until it has the answer or the limit.
    bool runNext(Nanos limit);
    /// Brings the engine's clock up to the lab's (events due meanwhile run first).
    void syncTo(Nanos t);
    /// Packet-level micro-steps: once `eventsRun()` reaches the limit no further event runs and the clock
    /// stays at the last one, so the lab is exactly as it was at that event. nullopt lifts the limit.
    void setEventLimit(std::optional<std::uint64_t> limit) { eventLimit_ = limit; }
    bool eventLimitReached() const { return eventLimit_ && eventsRun_ >= *eventLimit_; }
    /// Whether frames are traced and captured from now on (a program's capture, the GUI) and whether
    /// untraced broadcasts go in bulk (see EngineSettings).
    void setTraceRecording(bool on) { settings_.recordTrace = on; }
    void setBulkFlood(bool on) { settings_.bulkFlood = on; }

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
    /// A program's UDP socket bound to `port` (nc -u -l -p PORT): false when the port is taken.
    bool bindUdp(int namespaceId, std::uint16_t port, UdpHandler handler);
    /// connect() on a UDP socket: from now on only `peer`:`peerPort` reaches it; the kernel's socket
    /// lookup finds no match for anyone else, who gets Port Unreachable.
    void connectUdp(int namespaceId, std::uint16_t port, Ipv4 peer, std::uint16_t peerPort);
    bool sendUdp(int namespaceId, Ipv4 destination, std::uint16_t sourcePort, std::uint16_t destinationPort,
                 const Bytes& payload);
    /// A DNS query from a namespace to `server`, answered over the wire (the engine runs until the answer
    /// comes, or 5 s pass: nullopt).
    std::optional<DnsMessage> queryDns(int namespaceId, Ipv4 server, const std::string& name,
                                       std::uint16_t type);
    /// Several questions sent at once (as busybox nslookup sends A and AAAA, each from its own socket; with
    /// `oneSocket` from one, as glibc's and musl's getaddrinfo do); the answers in the order they came.
    std::vector<DnsMessage>
    queryDnsTogether(int namespaceId, Ipv4 server,
                     const std::vector<std::pair<std::string, std::uint16_t>>& questions,
                     bool oneSocket = false);
    /// Answers for Docker's embedded DNS (set by the terminal): a namespace and a question -> the answer,
    /// or nullopt to forward the question upstream.
    using EmbeddedDns = std::function<std::optional<DnsMessage>(int namespaceId, const DnsMessage& question)>;
    void setEmbeddedDns(EmbeddedDns dns) { embeddedDns_ = std::move(dns); }
    /// Where the embedded DNS of a namespace forwards what it cannot answer (libnetwork's extDNS: the
    /// container's --dns servers, else the host's; at most 3). Unset: the LAN router.
    using DnsUpstreams = std::function<std::vector<Ipv4>(int namespaceId)>;
    void setEmbeddedDnsUpstreams(DnsUpstreams upstreams) { dnsUpstreams_ = std::move(upstreams); }

    /// A program that accepts TCP connections in a namespace: an application that answers a request
    /// with a response (a web server), or docker-proxy, which relays the request to a container.
    struct TcpServer {
        enum class Kind { App, Proxy } kind = Kind::App;
        std::function<Bytes(const Bytes& request)> respond; // App
        Ipv4 backend;                                       // Proxy: the container's address and port
        std::uint16_t backendPort = 0;
        /// A program reading its socket (nc -l): what the peer sent, once the peer has closed.
        std::function<void(Ipv4 peer, std::uint16_t peerPort, const Bytes& received)> closed;
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
    /// An empty request only connects and closes at once (nc -z): the outcome is then Response.
    /// With `shutdownWrite` (nc), the request is followed by FIN and the response is whatever comes until
    /// the peer closes.
    bool tcpRequest(int namespaceId, Ipv4 destination, std::uint16_t port, Bytes request,
                    Nanos connectTimeout, TcpDone done, bool shutdownWrite = false);
    /// The same, waiting for the outcome (and the teardown after it) as a program blocked in recv() does.
    TcpResult tcpExchange(int namespaceId, Ipv4 destination, std::uint16_t port, const Bytes& request,
                          Nanos connectTimeout, bool shutdownWrite = false);
    /// A program listening on a TCP port of a namespace (nc -l), before the images' own servers.
    void listenTcp(int namespaceId, std::uint16_t port, TcpServer server);
    void closeTcpListener(int namespaceId, std::uint16_t port);
    /// Open TCP connections (for tests: a finished exchange leaves none behind).
    std::size_t tcpConnections() const { return tcp_.size(); }

    /// A raw ICMP socket's view of the errors (Time Exceeded, Destination Unreachable) reaching a
    /// namespace, as traceroute reads them: the outer header and the message, whose payload is the
    /// offending packet. nullptr closes it.
    using IcmpErrorHandler = std::function<void(const Ipv4Header&, const IcmpMessage&)>;
    void setIcmpErrorListener(int namespaceId, IcmpErrorHandler handler);
    /// traceroute's probes (icmp_errors.cpp): a UDP datagram of `dataBytes` zeros, or an echo request,
    /// leaving with `ttl`. False when there is no route.
    bool sendUdpProbe(int namespaceId, Ipv4 destination, std::uint16_t sourcePort,
                      std::uint16_t destinationPort, std::size_t dataBytes, std::uint8_t ttl);
    bool sendEchoProbe(int namespaceId, Ipv4 destination, std::uint16_t id, std::uint16_t sequence,
                       std::size_t dataBytes, std::uint8_t ttl);

    /// The source address the namespace would use towards `destination`.
    std::optional<Ipv4> sourceFor(int namespaceId, Ipv4 destination) const;

    // IPv6 (ipv6.cpp): ICMPv6 echo over neighbour discovery, on links with IPv6 on.
    /// What an IPv6 ping socket hears: an echo reply (type 129) or an error about its echo (type 1, with
    /// the sequence of the echo it is about).
    using Icmp6Handler = std::function<void(const Ipv6& source, std::uint8_t hopLimit, std::uint8_t type,
                                            std::uint8_t code, std::uint16_t sequence)>;
    std::uint16_t openIcmp6Socket(int namespaceId, Icmp6Handler handler);
    void closeIcmp6Socket(std::uint16_t id);
    /// Sends an ICMPv6 echo request now; false when there is no route ("Network is unreachable").
    bool sendEcho6(int namespaceId, const Ipv6& destination, std::uint16_t id, std::uint16_t sequence,
                   std::size_t dataBytes);
    /// The source address the namespace would use towards `destination`.
    std::optional<Ipv6> sourceFor6(int namespaceId, const Ipv6& destination) const;

    const std::vector<TraceEvent>& trace() const { return trace_; }
    /// The FDB lookups, routes, netfilter verdicts and NAT rewrites behind the trace, in the order they
    /// were taken (kept only while tracing, like the trace).
    const std::vector<HopDecision>& decisions() const { return decisions_; }
    std::uint64_t framesSent() const { return framesSent_; }
    std::uint64_t eventsRun() const { return eventsRun_; }
    /// ARP requests sent (first tries and retries), for the ratio to the N(N-1)/2 minimum of all-pairs.
    std::uint64_t arpRequestsSent() const { return arpRequests_; }
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
    /// A frame on its way: shared read-only by every queued event and flood copy that carries it.
    using Frame = std::shared_ptr<const Bytes>;
    static Frame share(Bytes bytes) {
        return std::allocate_shared<const Bytes>(frame_pool::Allocator<Bytes>{}, std::move(bytes));
    }
    enum class Direction { Tx, Rx, Drop, Deliver };
    static constexpr Nanos kArpLocktime = kSecond; // net.ipv4.neigh.default.locktime (100 jiffies)

    /// A scheduled event: a plain record for the frame paths, a closure only for programs and timers
    /// of sockets. Records live in a slab; the heap and two FIFOs (events due now, ARP retry timers)
    /// hold (time, seq, slot).
    enum class EventKind : std::uint8_t {
        Cancelled,
        Action,
        LinkReceive,
        LinkTransmit,
        LocalReceive,
        IpInput,
        IpOutput, // frame: a whole IPv4 packet
        NeighbourOutput,
        Flood,
        ArpTimer,
        LanReceive,
        EchoSend, // an echo request a program sends: encoded when it leaves (no frame held meanwhile)
        IcmpWake, // a ping program woken by the ICMP message in `frame` (its socket's id in `attempt`)
    };
    // One cache line: what does not fit (an Action's closure, a traced flood's ports) waits in a side slab.
    struct Event {
        EventKind kind = EventKind::Cancelled;
        bool bulk = false; // Flood: handled in bulk (its ports are worked out on delivery)
        int nsId = 0;
        int ifindex = 0;
        std::uint32_t address = 0; // NeighbourOutput: next hop; ArpTimer: target
        int attempt = 0; // ArpTimer: the tries so far; Flood: the ingress port; EchoSend: id << 16 | seq
        std::uint32_t side = 0; // Action: its closure in actions_; Flood (not bulk): its ports in floodPorts_
        std::uint64_t lineage = 0;
        std::uint64_t seq = 0;
        // Flood: the lookup epoch it was queued in; EchoSend: source << 32 | IP id << 16 | data bytes.
        std::uint64_t epoch = 0;
        Frame frame;

        /// A frame arriving at or leaving `ifindex` of namespace `nsId`.
        static Event carrying(EventKind kind, int nsId, int ifindex, std::uint64_t lineage, Frame frame) {
            Event e;
            e.kind = kind;
            e.nsId = nsId;
            e.ifindex = ifindex;
            e.lineage = lineage;
            e.frame = std::move(frame);
            return e;
        }
    };
    using Scheduled = ScheduledEvent;
    /// Queues an event record; returns its slot (the ARP timer keeps it to cancel it).
    std::uint32_t schedule(Nanos t, Event e);
    /// The same for an ARP retry timer (always set `kSecond` ahead).
    std::uint32_t scheduleTimer(Event e);
    std::uint32_t store(Event e);
    /// Pending events that make a lab large (an all-pairs run of ~360 containers): its memory is then
    /// worth huge pages (huge_pages::adviseHeap).
    static constexpr std::size_t kLargeLab = std::size_t{1} << 17;
    /// The next event in (time, seq) order, skipping cancelled ones; nullptr when none is left.
    const Scheduled* peek();
    /// Removes `next`, which peek() just returned.
    void pop(const Scheduled* next);
    void scheduleFrame(Nanos t, EventKind kind, int nsId, int ifindex, Frame frame, std::uint64_t lineage,
                       std::uint32_t address = 0);
    void dispatch(Event& e);
    /// Starts a call from outside a run: the lab may have changed since, so the lookup caches are stale.
    void beginCall() {
        if (!running_) ++epoch_;
    }

    Nanos jittered(Nanos base);
    /// The queues of a device: the stack or bridge handing it frames (Out), the wire or veth carrying
    /// them (Wire), and a bridge handing frames up to the host's stack (Up).
    enum class Queue { Out, Wire, Up };
    /// When a frame queued now leaves the queue: a jittered latency, but never before the frame queued
    /// before it — a veth, a bridge port or an output queue does not reorder.
    Nanos queueTime(int ifindex, Queue queue, Nanos base);
    Nanos loopbackTime(int nsId); // lo is ifindex 1 in every namespace: one queue per namespace
    kernel::NetworkNamespace* ns(int id);
    kernel::Link* link(int nsId, int ifindex);
    /// The neighbour table entry of (namespace, device, address), through a hash index of the table.
    kernel::Neighbour* neighbour(int nsId, int ifindex, Ipv4 ip);
    kernel::Neighbour& addNeighbour(int nsId, kernel::Neighbour entry);
    void record(int nsId, const kernel::Link& dev, Direction direction, const Bytes& frame,
                std::uint64_t lineage, DropReason reason = DropReason::None, const std::string& rule = {});
    void record(int nsId, const kernel::Link& dev, const std::string& direction, const Bytes& frame,
                std::uint64_t lineage, DropReason reason = DropReason::None, const std::string& rule = {});

    /// A frame crossing a link: counted and recorded; nullptr (and a drop) when the link is down.
    kernel::Link* passThrough(int nsId, int ifindex, const Bytes& frame, std::uint64_t lineage,
                              bool transmit);
    void linkTransmit(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage);
    void linkReceive(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage);
    /// macvlan/ipvlan (stacked_links.cpp): the links stacked on a parent, whether the lab has any (cached
    /// per epoch), whether a frame is for one, a child sending, and a parent handing a frame to a child
    /// (true when no one else should have it).
    std::vector<std::pair<int, int>> stackedChildren(int parentNs, int parentIfindex);
    bool hasStackedLinks();
    bool stackedTakes(int nsId, const kernel::Link& l, const Bytes& frame);
    void stackedTransmit(int nsId, const kernel::Link& dev, const Frame& frame, std::uint64_t lineage);
    bool stackedReceive(int nsId, const kernel::Link& parent, const Frame& frame, std::uint64_t lineage);
    void ipvlanL3Transmit(const kernel::Link& dev, const Frame& frame, std::uint64_t lineage);
    void bridgeInput(int nsId, int bridgeIndex, int ingressPort, const Frame& frame, std::uint64_t lineage);
    void bridgeOutput(int nsId, int bridgeIndex, int ingressPort, const Frame& frame, std::uint64_t lineage);
    void deliverFlood(Event& e);
    void bulkFlood(const Event& e);
    /// The ports a flood from `ingress` reaches: up, with a carrier, not the ingress port.
    std::vector<int> floodTargets(int nsId, kernel::Link& br, int ingress);
    /// One copy of a flood leaving port `p` and reaching whatever is behind it.
    void floodCopy(int nsId, int p, const Frame& frame, std::uint64_t lineage);
    void localReceive(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage);
    void arpInput(int nsId, int ifindex, const ArpPacket& arp, bool broadcast);
    /// neigh_update(): what an ARP packet or a resolution does to an entry; flushes its queue on resolving.
    void neighbourUpdate(int nsId, int ifindex, kernel::Neighbour& e, Mac mac, kernel::Neighbour::State state,
                         bool override);
    void ipInput(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage);
    void ipOutput(int nsId, Ipv4Header header, const Bytes& payload, std::uint64_t lineage);
    void ipOutputPacket(int nsId, const Bytes& packet, std::uint64_t lineage);
    /// An EchoSend record leaving: the echo request it describes, encoded, into ipOutputPacket.
    void echoOutput(const Event& e);
    /// An IcmpWake record: the socket's handler gets the message, if the socket is still open.
    void icmpWake(const Event& e);
    void neighbourOutput(int nsId, int ifindex, Ipv4 nextHop, const Bytes& ipPacket, std::uint64_t lineage);
    void arpRetry(int nsId, int ifindex, Ipv4 target, int attempt);
    void cancelArpTimer(int nsId, int ifindex, Ipv4 target);
    /// Evaluates the filter FORWARD chain. Returns the verdict and, for a DROP, the rule's -S text.
    bool forwardAllowed(int nsId, const std::string& in, const std::string& out, const Bytes& frame,
                        std::string& rule, std::uint64_t lineage);
    const kernel::Route* lookup(const kernel::NetworkNamespace& n, Ipv4 dst) const;
    /// The LAN behind the host's eth0: the router (the lab's gateway) and the internet beyond it.
    void lanReceive(const Bytes& frame);
    void lanSend(const Bytes& frame, Nanos delay);
    /// The LAN router's ARP (lan_router.cpp): what it answers and learns, whether a frame of its may leave
    /// now (its destination's MAC written in) or waits while it asks who has the destination.
    void routerArpInput(const ArpPacket& arp);
    bool routerAddresses(Bytes& frame, Nanos delay);
    void routerSolicit(Ipv4 target, int attempt, Nanos delay);
    /// nat POSTROUTING: MASQUERADE rewrites the source of packets leaving through another device.
    bool masquerade(int nsId, const std::string& out, Ipv4Header& h, std::uint16_t id, std::uint64_t lineage);
    void udpInput(int nsId, const Ipv4Header& ip, const UdpDatagram& d);
    void lanDns(const Ipv4Header& ip, const UdpDatagram& d, Nanos delay);
    /// The embedded DNS forwards `q` to upstream `index` and, when no answer comes within
    /// libnetwork's extIOTimeout, to the next; after the last it does not answer.
    void forwardDns(int nsId, const DnsMessage& q, std::vector<Ipv4> upstreams, std::size_t index,
                    std::function<void(DnsMessage)> reply);
    bool isLocalAddress(const kernel::NetworkNamespace& n, Ipv4 ip);
    // ICMP errors (icmp_errors.cpp) and the internet behind the LAN router (internet.cpp).
    /// Linux's icmp_send(): an error about `frame` (an Ethernet frame) back to its sender, from the address
    /// the namespace would use towards it. Never about an ICMP error.
    void icmpError(int nsId, const Bytes& frame, std::uint8_t type, std::uint8_t code);
    /// An ICMP error reaching one of a namespace's addresses: back through MASQUERADE to the container
    /// whose packet it is about (the RELATED state), or to the namespace's raw ICMP listener.
    void icmpErrorInput(int nsId, const kernel::Link& dev, const Bytes& frame, const Ipv4Header& ip,
                        std::uint64_t lineage);
    /// What the LAN router and the internet hosts do with a packet other than DNS to the router and ping:
    /// TTL expiry, UDP to closed ports, TCP (HTTP on port 80). False: not handled here.
    bool internetReceive(const Ipv4Header& ip, const Bytes& frame, Nanos delay);
    void internetTcp(const Ipv4Header& ip, const Bytes& frame, Nanos delay);
    /// An ICMP error from a router or host of the outside world, sent towards the host's eth0.
    void lanIcmpError(Ipv4 from, std::uint8_t ttl, const Bytes& frame, std::uint8_t type, std::uint8_t code,
                      Nanos delay);
    std::map<int, IcmpErrorHandler> icmpErrorListeners_;

    // IPv6 (ipv6.cpp).
    /// Whether a link's NIC takes a frame for `destination`: its MAC, broadcast, or an IPv6 multicast
    /// group it joined (all-nodes, its addresses' solicited-node groups).
    bool acceptsFrame(int nsId, const kernel::Link& dev, const Mac& destination) const;
    void ipv6Input(int nsId, int ifindex, const Frame& frame, std::uint64_t lineage);
    /// An IPv6 packet (no Ethernet header) leaving a namespace: route, then neighbour discovery.
    void ipv6Output(int nsId, const Bytes& packet, std::uint64_t lineage);
    void ndOutput(int nsId, int ifindex, const Ipv6& nextHop, Bytes frame, std::uint64_t lineage);
    void ndSolicit(int nsId, int ifindex, const Ipv6& target, const Ipv6& source, int attempt);
    void ndInput(int nsId, kernel::Link& dev, const Ipv6Header& ip, const Icmpv6Message& m,
                 std::uint64_t lineage);
    void icmp6Deliver(int nsId, const Ipv6Header& ip, const Icmpv6Message& m);
    kernel::Neighbour6* neighbour6(int nsId, int ifindex, const Ipv6& ip);
    std::map<std::uint16_t, std::pair<int, Icmp6Handler>> sockets6_;
    /// Packets waiting for a neighbour's address: (ns, ifindex, next hop) -> frames without their MACs.
    std::map<std::tuple<int, int, Ipv6>, std::vector<std::pair<Bytes, std::uint64_t>>> resolving6_;

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
        bool shutdownWrite =
            false;                // a client that sends FIN after its request and reads until the peer's FIN
        std::uint16_t mss = 1460; // what this side's SYN announces (the route's MTU less 40)
        TcpReceiveWindow window;  // what this side offers, as Linux computes it
        bool timestamps = false;  // both SYNs carried the timestamps option (tcp_timestamps=1)
        bool scaled = false;      // both SYNs carried a window scale
        std::uint32_t tsOffset = 0, tsRecent = 0; // this side's TS val offset, the peer's last TS val
    };
    void tcpInput(int nsId, const Ipv4Header& ip, const TcpSegment& s, const kernel::Link& dev,
                  const Bytes& frame, std::uint64_t lineage);
    /// Sends a segment of the connection with what Linux puts in it: SYN options (mss, sackOK, TS, wscale),
    /// timestamps after, and the receive window; `unread` is the buffer taken by data not read yet.
    void tcpSend(const TcpKey& key, std::uint8_t flags, const Bytes& payload = {}, std::uint32_t unread = 0);
    /// connect() has returned: the program writes its request (or closes, for nc -z).
    void tcpConnected(const TcpKey& key);
    /// The MTU of the way to `destination` (the loopback's for a local address): what the SYN's MSS follows.
    int routeMtu(int nsId, Ipv4 destination);
    /// A connection's timestamp offset (secure_tcp_ts_off: a keyed hash, the key drawn at boot; each side
    /// of a loopback connection has its own): random by nature, derived from the lab's seed so a run repeats.
    std::uint32_t timestampOffset(const TcpKey& key) const;
    void tcpReset(int nsId, const Ipv4Header& ip, const TcpSegment& s);
    void tcpFinish(const TcpKey& key, TcpResult::Outcome outcome);
    void tcpSynTimer(TcpKey key, int attempt);
    void tcpServe(const TcpKey& key);
    /// The program listening on `port` in a namespace (services.cpp): a container's server, docker-proxy.
    std::optional<TcpServer> tcpListener(int nsId, Ipv4 local, std::uint16_t port) const;
    /// nat PREROUTING / OUTPUT of the host: Docker's DNAT for published ports. Returns the frame with its
    /// destination rewritten (and remembers the flow, so replies get their source rewritten back).
    /// With `count`, the packet is a connection's first and the walk counts (any protocol then).
    std::optional<Bytes> destinationNat(int nsId, const std::string& chain, const std::string& in,
                                        const Bytes& frame, bool count = false);
    /// A connection's first packet through a nat chain that only counts here (INPUT, POSTROUTING).
    void countNat(int nsId, const char* chain, const std::string& in, const std::string& out,
                  const Bytes& frame);
    /// Bridged IPv4 (br_netfilter) through nat PREROUTING or POSTROUTING: Docker's nat rules never match
    /// it, so it is walked only once `iptables -t nat -Z` made those policies count.
    void bridgedNat(int nsId, const char* chain, const std::string& bridgeName, const Bytes& frame,
                    bool confirm);
    static NatFlows::Tuple flowTuple(const Bytes& frame, const Ipv4Header& ip);
    NatFlows natFlows_; // the host's connections, for the nat counters
    /// A reply of a DNATed flow: its source becomes the address and port the client asked for.
    std::optional<Bytes> reverseNat(const Bytes& frame);
    std::map<TcpKey, TcpConnection> tcp_;
    std::map<std::pair<int, std::uint16_t>, TcpServer> listeners_; // listenTcp()
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
    EventCalendar queue_;
    std::deque<Scheduled> sameTime_; // events due at the moment they were queued: FIFO, no heap
    // ARP retry timers all run one second after they are set, so they come due in the order they were
    // set: a FIFO too, where most of them (cancelled on resolution) are dropped without a heap pop.
    std::deque<Scheduled> timers_;
    std::vector<Event, HugePageAllocator<Event>> events_; // 64 MiB with a million pending
    SideSlab<std::function<void()>> actions_;
    SideSlab<std::vector<int>> floodPorts_; // a traced flood's ports, fixed when it was queued
    std::vector<std::uint32_t> freeSlots_;
    std::size_t live_ = 0; // queued and not cancelled
    bool running_ = false;
    std::uint64_t arpRequests_ = 0;

    std::map<std::uint16_t, std::pair<int, IcmpHandler>> sockets_;
    std::uint16_t nextSocketId_ = 1;
    /// A neighbour entry being resolved: the frames waiting for its address (their Ethernet addresses
    /// written when they leave) and its one retry timer (neigh->timer), cancelled when an answer resolves the
    /// entry.
    struct Resolving {
        std::vector<std::pair<Bytes, std::uint64_t>> packets; // (frame, its addresses unset; lineage)
        bool timed = false;
        std::uint32_t timerSlot = 0;
        std::uint64_t timerSeq = 0;
    };
    static FlowKey resolvingKey(int nsId, int ifindex, std::uint32_t target) {
        return {(static_cast<std::uint64_t>(static_cast<std::uint32_t>(nsId)) << 32) |
                    static_cast<std::uint32_t>(ifindex),
                target};
    }
    FlatMap<FlowKey, Resolving> resolving_; // (ns, ifindex, next hop) -> its packets and timer
    FlatSet<std::uint64_t> warmed_;         // (ns, destination) pairs past their first packet
    // Connection tracking: flows seen in their original direction (proto, src, dst, id).
    FlatSet<FlowKey> conntrack_;
    std::vector<TraceEvent> trace_;
    std::vector<HopDecision> decisions_;
    /// Keeps `d`, stamped with the time, namespace, frame and trace position (callers check recordTrace).
    void decide(HopDecision d, int nsId, std::uint64_t lineage);
    /// Route decisions of a namespace's routing table lookup.
    void decideRoute(int nsId, const kernel::Route& r, Ipv4 destination, std::uint64_t lineage);
    /// A DNAT (destination rewritten) or the reply of one (source rewritten back): frames before and after.
    void decideNat(int nsId, bool reply, const Bytes& before, const Bytes& after, std::uint64_t lineage);
    std::uint64_t framesSent_ = 0, eventsRun_ = 0;
    std::optional<std::uint64_t> eventLimit_;
    Mac routerMac_;
    Mac hostMacSeen_; // the router learns the host's eth0 address from its frames
    std::map<std::uint32_t, Mac> routerNeighbours_;             // LAN addresses the router learned by ARP
    std::map<std::uint32_t, std::vector<Bytes>> routerWaiting_; // its frames for an address it asks for
    // MASQUERADE bindings: (proto, translated source, destination, id) -> original source.
    std::map<std::tuple<int, std::uint32_t, std::uint32_t, std::uint16_t>, std::uint32_t> nat_;
    std::map<std::pair<int, std::uint16_t>, UdpHandler> udpSockets_;                   // (namespace, port)
    std::map<std::pair<int, std::uint16_t>, std::pair<Ipv4, std::uint16_t>> udpPeers_; // connected ones
    std::uint16_t nextUdpPort_ = 41000;
    std::uint16_t nextDnsId_ = 0x2a17;
    EmbeddedDns embeddedDns_;
    DnsUpstreams dnsUpstreams_;
    std::vector<CapturedFrame> frames_;

    // Lookup caches, each valid for one epoch: a call from outside a run starts a new epoch, since the
    // lab may have changed between calls; within a run only the engine changes the tables, and it keeps
    // the caches up to date. Pointers into the lab are safe for the same reason.
    std::uint64_t epoch_ = 1;
    std::uint64_t stackedEpoch_ = 0; // the epoch anyStacked_ was computed in
    bool anyStacked_ = false;
    struct NamespaceCache {
        std::uint64_t epoch = 0;
        kernel::NetworkNamespace* ns = nullptr;
        std::uint64_t neighbourEpoch = 0;
        FlatMap<std::uint64_t, std::uint32_t> neighbours; // (ifindex, address) -> table index
        std::uint64_t localEpoch = 0;
        std::vector<std::uint32_t> local; // its IPv4 addresses, sorted
        // A container has two (lo's and eth0's): up to four are kept here too, without a pointer to follow.
        std::uint32_t fewLocal[4] = {};
        std::size_t fewCount = 0; // more than 4: the vector is searched
    };
    std::vector<NamespaceCache> namespaceCache_; // by namespace id
    struct LinkCache {
        std::uint64_t epoch = 0;
        int nsId = 0;
        kernel::Link* link = nullptr;
    };
    std::vector<LinkCache> linkCache_; // by ifindex (unique across namespaces, but lo)
    /// A bridge port as a flood sees it. A "plain" port is a veth whose peer is no bridge port: a
    /// broadcast there only reaches the peer's own ARP.
    struct BridgePort {
        int ifindex = 0;
        kernel::Link* port = nullptr;
        kernel::Link* peer = nullptr;
        int peerNs = -1;
        bool carrier = false;
        bool plain = false;
        std::uint64_t ingressPackets = 0, ingressBytes = 0; // bulk floods it sent (not counted back to it)
    };
    struct BridgeCache {
        std::uint64_t epoch = 0;
        int nsId = 0, ifindex = 0;
        std::vector<BridgePort> ports;                // in ifindex order, as the namespace lists its links
        std::vector<std::int32_t> byIfindex;          // ifindex - ports.front().ifindex -> position, or -1
        FlatMap<std::uint64_t, std::uint32_t> fdb;    // MAC -> FDB index
        FlatMap<std::uint64_t, std::uint32_t> byPeer; // (peer ns, peer ifindex) -> port
        std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> byAddress; // peer's IPv4 -> ports
        std::vector<std::uint32_t> special;             // carrier ports that are not plain: always one by one
        std::uint64_t floodPackets = 0, floodBytes = 0; // bulk floods not yet added to the port counters
        std::uint64_t plainCarriers = 0;
        bool dirty = false;
        /// The position of port `ifindex` in `ports`, or -1.
        int position(int port) const;
    };
    std::unordered_map<std::uint64_t, BridgeCache> bridgeCache_; // (ns, ifindex)
    BridgeCache& bridge(int nsId, kernel::Link& br);
    /// Entries for an address whose next ARP packet may change them: INCOMPLETE or FAILED ones, and
    /// whether valid ones exist with one MAC or several. Kept only while bulk floods need it.
    struct Holders {
        std::vector<std::pair<int, int>> unresolved; // (ns, ifindex); may hold resolved ones: checked on use
        bool anyValid = false, mixed = false;
        Mac mac;
    };
    FlatMap<std::uint64_t, Holders> holders_; // by IPv4 address
    std::uint64_t holdersEpoch_ = 0;
    void noteNeighbour(int nsId, const kernel::Neighbour& e);
    /// Adds the bulk floods' counts to the port counters (before anyone outside the engine reads them).
    void flushFloodCounters();
    std::vector<BridgeCache*> dirtyBridges_;
    std::vector<std::uint32_t> floodWork_; // bulkFlood's ports to visit, kept for its memory
};

} // namespace vethlab::sim
