// One packet walking a netfilter table: the matches Docker's rules use (interfaces, addresses,
// protocol and ports, conntrack state, addrtype LOCAL) and the jumps between chains. The engine's
// FORWARD check and its nat hooks (PREROUTING, OUTPUT, INPUT, POSTROUTING) all walk with it.
// With `length` set, the walk counts as the kernel's rule counters do: every rule whose matches hold
// (a jump, a RETURN and a terminal target alike) adds one packet and the packet's IP length; a
// built-in chain's policy counts the packets it decides only once `iptables -Z` gave the chain
// counters (iptables-nft creates base chains without them).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "kernel/netfilter.h"
#include "packet.h"

namespace vethlab::sim {

struct FilterWalk {
    kernel::NetfilterTable& table;
    const std::string& in;
    const std::string& out;
    const Ipv4Header& ip;
    std::uint16_t sourcePort, destinationPort;
    bool established;
    bool destinationLocal;
    std::string& ruleText;
    const kernel::NetfilterRule* dnat = nullptr; // the DNAT rule the walk ended on
    // Where the verdict came from: a rule of a chain, or (no rule) the built-in chain's policy.
    const kernel::NetfilterChain* decidedChain = nullptr;
    const kernel::NetfilterRule* decidedRule = nullptr;
    std::uint32_t length = 0; // the packet's IP total length, when the walk counts (0: it does not)

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

    enum class Target { Accept, Drop, Return, Dnat, Masquerade, Jump };
    // What a rule's -j does: compared by length first, then a fixed-size compare (no strlen, no memcmp call
    // per built-in target name for every rule walked).
    static Target targetOf(const std::string& t) {
        auto is = [&t](const char(&name)[5]) { return std::memcmp(t.data(), name, 4) == 0; };
        auto is6 = [&t](const char(&name)[7]) { return std::memcmp(t.data(), name, 6) == 0; };
        switch (t.size()) {
        case 4:
            if (is("DROP")) return Target::Drop;
            if (is("DNAT")) return Target::Dnat;
            if (is("SNAT")) return Target::Masquerade;
            break;
        case 6:
            if (is6("ACCEPT")) return Target::Accept;
            if (is6("RETURN")) return Target::Return;
            break;
        case 10:
            if (t == "MASQUERADE") return Target::Masquerade;
            break;
        default:
            break;
        }
        return Target::Jump;
    }

    // 1 accept (or DNAT, MASQUERADE, SNAT), 0 drop, -1 fall through (RETURN, or the end of a user chain).
    int walk(const std::string& chainName, int depth) {
        kernel::NetfilterChain* c = table.chain(chainName);
        if (!c || depth > 16) return -1;
        for (auto& r : c->rules) {
            if (!matches(r)) continue;
            if (length) {
                ++r.packets;
                r.bytes += length;
            }
            const Target target = targetOf(r.target);
            if (target == Target::Accept || target == Target::Dnat || target == Target::Drop) {
                decidedChain = c;
                decidedRule = &r;
            }
            switch (target) {
            case Target::Accept:
                return 1;
            case Target::Dnat:
                dnat = &r;
                ruleText = "-A " + chainName + " " + r.spec();
                return 1;
            case Target::Drop:
                ruleText = "-A " + chainName + " " + r.spec();
                return 0;
            case Target::Return:
                return -1;
            case Target::Masquerade: // only in POSTROUTING, which masquerade() rewrites by
                return 1;
            case Target::Jump:
                if (int v = walk(r.target, depth + 1); v >= 0) return v;
                continue;
            }
        }
        if (!c->builtin) return -1;
        if (length && c->policyCounters) {
            ++c->policyPackets;
            c->policyBytes += length;
        }
        decidedChain = c;
        decidedRule = nullptr;
        if (c->policy == "DROP") ruleText = "-P " + chainName + " DROP";
        return c->policy == "DROP" ? 0 : 1;
    }
};

} // namespace vethlab::sim
