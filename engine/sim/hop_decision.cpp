#include "hop_decision.h"

namespace vethlab::sim {
namespace {

std::string endpoint(Ipv4 address, std::uint16_t port) {
    return port ? address.str() + ":" + std::to_string(port) : address.str();
}

} // namespace

std::string describe(const HopDecision& d) {
    switch (d.kind) {
    case HopDecision::Kind::FdbHit:
        return "bridge " + d.device + ": " + d.mac.str() + " is behind port " + d.port +
               " (FDB hit): forwarded there only";
    case HopDecision::Kind::FdbFlood:
        if (d.mac == Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}})
            return "bridge " + d.device + ": broadcast, flooded to every other port";
        return "bridge " + d.device + ": " + d.mac.str() +
               " is not in the FDB (unknown unicast), flooded to every other port";
    case HopDecision::Kind::Route:
        if (d.gateway)
            return "route to " + d.destination.str() + ": via gateway " + d.gateway->str() + " out of " +
                   d.device;
        return "route to " + d.destination.str() + ": directly connected, out of " + d.device;
    case HopDecision::Kind::Filter: {
        std::string where = "netfilter " + d.chain;
        if (!d.in.empty()) where += " -i " + d.in;
        if (!d.out.empty()) where += " -o " + d.out;
        const bool policy = d.rule.rfind("-P ", 0) == 0;
        return where + ": " + (d.accepted ? "accepted" : "dropped") + " by " +
               (policy ? "the chain's policy (" : "the rule ") + d.rule + (policy ? ")" : "");
    }
    case HopDecision::Kind::Nat:
        if (d.natKind == "MASQUERADE")
            return "nat MASQUERADE: source " + endpoint(d.before, d.portBefore) + " becomes " +
                   endpoint(d.after, d.portAfter);
        if (d.natKind == "DNAT")
            return "nat DNAT: destination " + endpoint(d.before, d.portBefore) + " becomes " +
                   endpoint(d.after, d.portAfter);
        return "nat " + d.natKind + ": source " + endpoint(d.before, d.portBefore) + " becomes " +
               endpoint(d.after, d.portAfter) + " again";
    }
    return {};
}

} // namespace vethlab::sim
