// One packet walking a netfilter table: the matches Docker's rules use (interfaces, addresses,
// protocol and ports, conntrack state, addrtype LOCAL) and the jumps between chains. The engine's
// FORWARD check and its DNAT (nat PREROUTING / OUTPUT) both walk with it.
#pragma once

#include <cstdint>
#include <string>

#include "kernel/netfilter.h"
#include "packet.h"

namespace vethlab::sim {

struct FilterWalk {
    const kernel::NetfilterTable& table;
    const std::string& in;
    const std::string& out;
    const Ipv4Header& ip;
    std::uint16_t sourcePort, destinationPort;
    bool established;
    bool destinationLocal;
    std::string& ruleText;
    const kernel::NetfilterRule* dnat = nullptr; // the DNAT rule the walk ended on

    bool matches(const kernel::NetfilterRule& r) const {
        auto ifMatch = [](const std::string& want, bool neg, const std::string& have) {
            return want.empty() || (want == have) != neg;
        };
        if (!ifMatch(r.inInterface, r.inNegated, in) || !ifMatch(r.outInterface, r.outNegated, out))
            return false;
        if (r.source && (r.source->contains(ip.source) == r.sourceNegated)) return false;
        if (r.destination && (r.destination->contains(ip.destination) == r.destinationNegated)) return false;
        if (!r.protocol.empty()) {
            int proto = r.protocol == "tcp" ? 6 : r.protocol == "udp" ? 17 : r.protocol == "icmp" ? 1 : -1;
            if (proto != ip.protocol) return false;
            if (r.destinationPort && r.destinationPort != destinationPort) return false;
            if (r.sourcePort && r.sourcePort != sourcePort) return false;
        }
        if (!r.ctstate.empty() && !established) return false;
        if (r.addrtypeDstLocal && !destinationLocal) return false;
        return true;
    }

    // 1 accept (or DNAT), 0 drop, -1 fall through (RETURN, or the end of a user chain).
    int walk(const std::string& chainName, int depth) {
        const kernel::NetfilterChain* c = table.chain(chainName);
        if (!c || depth > 16) return -1;
        for (const auto& r : c->rules) {
            if (!matches(r)) continue;
            if (r.target == "ACCEPT") return 1;
            if (r.target == "DNAT") {
                dnat = &r;
                ruleText = "-A " + chainName + " " + r.spec();
                return 1;
            }
            if (r.target == "DROP") {
                ruleText = "-A " + chainName + " " + r.spec();
                return 0;
            }
            if (r.target == "RETURN") return -1;
            if (r.target == "MASQUERADE" || r.target == "SNAT") continue; // POSTROUTING: not walked here
            if (int v = walk(r.target, depth + 1); v >= 0) return v;
        }
        if (!c->builtin) return -1;
        if (c->policy == "DROP") ruleText = "-P " + chainName + " DROP";
        return c->policy == "DROP" ? 0 : 1;
    }
};

} // namespace vethlab::sim
