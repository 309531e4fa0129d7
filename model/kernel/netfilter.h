// Netfilter tables as Docker programs them (iptables-nft 1.8.9): rules with the matches Docker uses,
// printed as `iptables -S` and `iptables -L [-n] [-v]` print them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"

namespace vethlab::kernel {

struct NetfilterRule {
    std::optional<Ipv4Prefix> source;
    bool sourceNegated = false;
    std::optional<Ipv4Prefix> destination;
    bool destinationNegated = false;
    std::string inInterface;
    bool inNegated = false;
    std::string outInterface;
    bool outNegated = false;
    std::string protocol;          // "", "tcp" or "udp"
    int destinationPort = 0;       // -m tcp/udp --dport
    int sourcePort = 0;            // -m tcp/udp --sport
    bool addrtypeDstLocal = false; // -m addrtype --dst-type LOCAL
    std::string ctstate;           // -m conntrack --ctstate ...
    std::string target;            // jump target: chain name or ACCEPT/DROP/RETURN/MASQUERADE/DNAT/SNAT
    std::string toDestination;     // DNAT --to-destination
    std::string toSource;          // SNAT --to-source
    std::uint64_t packets = 0, bytes = 0;

    /// The rule's part of `iptables -S` after "-A CHAIN".
    std::string spec() const;
    bool sameAs(const NetfilterRule& other) const { return spec() == other.spec(); }
    friend bool operator==(const NetfilterRule&, const NetfilterRule&) = default;
};

struct NetfilterChain {
    std::string name;
    bool builtin = false;
    std::string policy = "ACCEPT";
    std::uint64_t policyPackets = 0, policyBytes = 0;
    /// iptables-nft makes base chains without counters: their policy counts nothing until `iptables -Z`
    /// zeroes the chain, which gives it counters (observed: nat policies at 0 beside counting rules).
    bool policyCounters = false;
    std::vector<NetfilterRule> rules;
    friend bool operator==(const NetfilterChain&, const NetfilterChain&) = default;
};

struct NetfilterTable {
    std::string name;
    std::vector<NetfilterChain> chains; // built-in chains first, in kernel order

    NetfilterChain* chain(const std::string& name);
    const NetfilterChain* chain(const std::string& name) const;
    friend bool operator==(const NetfilterTable&, const NetfilterTable&) = default;
};

/// Whether the chain exists in the kernel: iptables-nft 1.8.9 makes a base chain only when first used
/// (a rule, a policy, a -Z), though listings and iptables-save always show it. Docker never touches
/// filter INPUT/OUTPUT, so `iptables -Z -v` does not name them (observed with the real tool). A base
/// chain that had a rule which was deleted again is not told apart: it would still exist on Linux.
bool madeInKernel(const NetfilterChain& chain);

/// The filter and nat tables of one namespace.
struct Netfilter {
    NetfilterTable filter{"filter", {{"INPUT", true}, {"FORWARD", true}, {"OUTPUT", true}}};
    NetfilterTable nat{"nat",
                       {{"PREROUTING", true}, {"INPUT", true}, {"OUTPUT", true}, {"POSTROUTING", true}}};

    NetfilterTable* table(const std::string& name);
    const NetfilterTable* table(const std::string& name) const;
    friend bool operator==(const Netfilter&, const Netfilter&) = default;
};

/// `iptables [-t T] -S [CHAIN] [-v]` (-v: each policy and rule with `-c PACKETS BYTES`).
std::string renderIptablesS(const NetfilterTable& table, const std::string& onlyChain = {},
                            bool counters = false);
/// `iptables [-t T] -L [CHAIN] [-n] [-v] [-x]` (-x: exact counters instead of K/M/G).
std::string renderIptablesL(const NetfilterTable& table, bool numeric, bool verbose,
                            const std::string& onlyChain = {}, bool exact = false);
/// One table of `iptables-save [-c]`, from "*table" to "COMMIT" (the caller adds the dated comments).
std::string renderIptablesSave(const NetfilterTable& table, bool counters);
/// `iptables -Z [CHAIN]`: zeroes the rules' counters and the policies', and from then on the built-in
/// chains' policies count. Returns the chains zeroed, in listing order.
std::vector<std::string> zeroCounters(NetfilterTable& table, const std::string& onlyChain = {});

} // namespace vethlab::kernel
