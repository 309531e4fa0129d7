// What the kernel decided for a frame at one hop — the bridge's FDB lookup, the route chosen, the
// netfilter rule that matched, a NAT rewrite — recorded by the engine only while it traces (the GUI
// shows them per micro-step), and told in plain words by describe().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "net/ipv4.h"
#include "util/sim_time.h"

namespace vethlab::sim {

struct HopDecision {
    enum class Kind {
        FdbHit,   // the bridge knows the destination MAC behind `port`
        FdbFlood, // broadcast, or a MAC the FDB does not know: every port but the ingress one
        Route,    // the route to `destination`: out of `device`, through `gateway` if there is one
        Filter,   // a netfilter chain's verdict: `rule` (its iptables -S text) in `chain`
        Nat,      // `natKind` rewrote the address `before` to `after`
    };
    Kind kind = Kind::Route;
    Nanos time = 0;
    int namespaceId = 0;
    std::uint64_t lineage = 0; // the frame's, as in its trace events
    /// The number of trace events recorded before it: it belongs with the trace event at that index.
    std::size_t traceIndex = 0;
    std::string device; // FdbHit, FdbFlood: the bridge; Route: the output device
    std::string port;   // FdbHit: the port the destination lives behind
    Mac mac;            // FdbHit, FdbFlood: the destination MAC
    Ipv4 destination;   // Route: the packet's destination
    std::optional<Ipv4> gateway;
    std::string chain, in, out; // Filter: the built-in chain walked, with -i and -o
    std::string rule;     // Filter: "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP" or "-P FORWARD ACCEPT"
    bool accepted = true; // Filter
    std::string natKind;  // Nat: "DNAT", "MASQUERADE" or "reply of DNAT"
    Ipv4 before, after;   // Nat
    std::uint16_t portBefore = 0, portAfter = 0; // Nat: 0 when the ports are not rewritten
};

/// One sentence in English: "bridge docker0: 02:42:ac:11:00:03 is behind port veth1a2b3c4 (FDB hit)".
std::string describe(const HopDecision& d);

} // namespace vethlab::sim
