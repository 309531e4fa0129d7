// IPAM for `network create`: the client's checks of the IPAM flags, the request split into its IPv4
// and IPv6 parts, and the pools, gateways and reserved addresses the default IPAM driver allocates.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {
namespace {

// One --ip-range, --gateway or --aux-address value must fall in one of the --subnet flags.
Outcome matchesSubnet(const NetworkCreateRequest& req, const std::string& what, const std::string& value,
                      bool isRange) {
    for (const auto& s : req.subnets) {
        if (auto v6 = Ipv6Prefix::parse(s)) {
            const std::string addr = isRange ? value.substr(0, value.find('/')) : value;
            if (auto ip = Ipv6Prefix::parseAddress(addr); ip && v6->contains(*ip)) return Outcome::ok();
            continue;
        }
        auto sp = Ipv4Prefix::parse(s);
        if (!sp) return clientError("invalid CIDR address: " + s);
        if (isRange) {
            auto rp = Ipv4Prefix::parse(value);
            if (!rp) return clientError("invalid CIDR address: " + value);
            if (sp->contains(rp->addr)) return Outcome::ok();
        } else {
            auto ip = Ipv4::parse(value);
            if (ip && sp->contains(*ip)) return Outcome::ok();
        }
    }
    return clientError("no matching subnet for " + what + " " + value);
}

// The gateway: the one given, or the pool's lowest free address.
Outcome allocateGateway(Network& n, const IpamRequest& ipam) {
    if (!ipam.gateways.empty()) {
        Ipv4 gw = *Ipv4::parse(ipam.gateways[0]); // checkIpamFlags parsed it
        if (n.pool.isUsed(gw))
            return daemonError("failed to allocate gateway (" + gw.str() + "): Address already in use");
        n.gateway = gw;
        n.gatewayText = gw.str();
    } else {
        auto gw = n.pool.lowestFree();
        if (!gw) return daemonError("failed to allocate gateway: no available IPv4 addresses");
        n.gateway = *gw;
        if (!n.userSubnet) n.gatewayText = gw->str();
    }
    n.pool.markUsed(n.gateway);
    return Outcome::ok();
}

} // namespace

Outcome checkIpamFlags(const NetworkCreateRequest& req) {
    if (req.subnets.empty() && (!req.gateways.empty() || !req.ipRanges.empty()))
        return clientError("every ip-range or gateway must have a corresponding subnet");
    for (const auto& r : req.ipRanges)
        if (auto e = matchesSubnet(req, "range", r, true); e.failed()) return e;
    for (const auto& g : req.gateways)
        if (auto e = matchesSubnet(req, "gateway", g, false); e.failed()) return e;
    for (const auto& [k, v] : req.auxAddresses)
        if (auto e = matchesSubnet(req, "aux-address", v, false); e.failed()) return e;
    return Outcome::ok();
}

Outcome checkSubnetSyntax(const NetworkCreateRequest& req) {
    for (const auto& s : req.subnets)
        if (!Ipv4Prefix::parse(s) && !Ipv6Prefix::parse(s))
            return daemonError("Invalid subnet " + s + " : invalid CIDR address: " + s);
    return Outcome::ok();
}

IpamRequest splitIpamRequest(const NetworkCreateRequest& req) {
    IpamRequest ipam;
    // The first IPv6 subnet and gateway make the IPv6 pool request (libnetwork's ipamV6Config).
    for (const auto& s : req.subnets)
        if (s.find(':') == std::string::npos)
            ipam.subnets.push_back(s);
        else if (!ipam.subnet6)
            ipam.subnet6 = s;
    for (const auto& g : req.gateways)
        if (g.find(':') == std::string::npos)
            ipam.gateways.push_back(g);
        else if (!ipam.gateway6)
            ipam.gateway6 = g;
    if (!req.ipRanges.empty() && Ipv4Prefix::parse(req.ipRanges[0])) ipam.ipRange = req.ipRanges[0];
    return ipam;
}

Outcome Daemon::allocateIpv4(HostContext& ctx, Network& n, const IpamRequest& ipam) {
    // A global-scope network takes its pool from the default IPAM's global address space (10.0.0.0/8 in
    // /24s): it overlaps nothing local and moves no local cursor. Nothing keeps one here for long.
    const bool globalSpace = n.scope == "global";
    Ipv4Prefix subnet;
    if (!ipam.subnets.empty()) {
        const std::string& given = ipam.subnets[0];
        auto sp = Ipv4Prefix::parse(given);
        if (!sp) return daemonError("Invalid subnet " + given + " : invalid CIDR address: " + given);
        subnet = *sp;
        for (const auto& other : networks_)
            if (!globalSpace && other.hasIpam() && other.pool.subnet().overlaps(subnet))
                return daemonError("Pool overlaps with other one on this address space");
        n.userSubnet = true;
        n.subnetText = given;
    } else if (globalSpace) {
        subnet = *Ipv4Prefix::parse("10.0.0.0/24");
        n.subnetText = subnet.str();
    } else {
        auto picked = pools_.next(takenPrefixes(ctx));
        if (!picked)
            return daemonError("could not find an available, non-overlapping IPv4 address pool among the "
                               "defaults to assign to the network");
        subnet = *picked;
        n.subnetText = subnet.str();
    }
    std::optional<Ipv4Prefix> range;
    if (ipam.ipRange) {
        range = Ipv4Prefix::parse(*ipam.ipRange);
        n.ipRangeText = ipam.ipRange;
    }
    n.pool = IpamPool(Ipv4Prefix{subnet.network(), subnet.length}, range);
    if (auto gw = allocateGateway(n, ipam); gw.failed()) return gw;
    for (const auto& [k, v] : n.auxAddresses)
        if (auto ip = Ipv4::parse(v)) n.pool.markUsed(*ip); // IPv6 ones reserve nothing in the IPv4 pool
    return Outcome::ok();
}

Outcome Daemon::allocateIpv6(Network& n, const IpamRequest& ipam) const {
    n.subnet6Text = ipam.subnet6;
    n.gateway6Text = ipam.gateway6;
    // Without --ipv6 an IPv6 --subnet is only kept for inspect.
    if (!n.enableIpv6) return Outcome::ok();
    // The default IPAM has no predefined IPv6 pools.
    if (!ipam.subnet6)
        return daemonError(
            "could not find an available, non-overlapping IPv6 address pool among the defaults "
            "to assign to the network");
    auto prefix = Ipv6Prefix::parse(*ipam.subnet6);
    if (prefix)
        for (const auto& other : networks_)
            if (other.pool6 && other.pool6->subnet().overlaps(*prefix))
                return daemonError("Pool overlaps with other one on this address space");
    if (!prefix)
        return daemonError("Invalid subnet " + *ipam.subnet6 + " : invalid CIDR address: " + *ipam.subnet6);
    n.pool6 = Ipv6Pool(*prefix);
    if (const auto& gateway = ipam.gateway6) {
        auto gw = Ipv6Prefix::parseAddress(*gateway);
        if (!gw || !prefix->contains(*gw))
            return daemonError("failed to allocate gateway (" + *gateway + "): Address already in use");
        n.gateway6 = prefix->offsetOf(*gw);
    } else {
        auto free = n.pool6->lowestFree();
        if (!free) return daemonError("failed to allocate gateway: no available IPv6 addresses");
        n.gateway6 = *free;
    }
    n.pool6->markUsed(n.gateway6);
    return Outcome::ok();
}

} // namespace vethlab::docker
