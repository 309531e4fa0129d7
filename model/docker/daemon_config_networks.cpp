// Configuration-only networks (`network create --config-only`, `--config-from`) and the scope checks of
// libnetwork v20.10.24's NewNetwork on an engine that is not part of a swarm.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {

Outcome checkConfigFields(const NetworkCreateRequest& req) {
    // network.go validateConfiguration: a config-only network holds network-specific fields only.
    if (req.configOnly && (req.ingress || req.internal || req.attachable || !req.scope.empty()))
        return daemonError("configuration network can only contain network specific fields. Network operator "
                           "fields like [ ingress | internal | attachable | scope ] are not supported.");
    if (req.configFrom.empty()) return Outcome::ok();
    if (req.configOnly)
        return daemonError("a configuration network cannot depend on another configuration network");
    // The client always sends IPAM driver "default", empty labels, options and IPAM options: only what the
    // user typed counts. --ip-range, --gateway and --aux-address need a --subnet (the client said so).
    const bool otherIpam = !req.ipamDriver.empty() && req.ipamDriver != "default";
    if (otherIpam || req.ipv6 || !req.labels.empty() || !req.ipamOptions.empty() || !req.subnets.empty())
        return daemonError("user specified configurations are not supported if the network depends on a "
                           "configuration network");
    if (!req.options.empty())
        return daemonError(
            "network driver options are not supported if the network depends on a configuration network");
    return Outcome::ok();
}

Expected<std::string> networkScope(const NetworkCreateRequest& req) {
    // Each driver's capability: overlay keeps its data globally, the others on this host.
    const std::string dataScope = req.driver == "overlay" ? "global" : "local";
    if (req.scope == "local" && dataScope == "global")
        return daemonError("cannot downgrade network scope for " + req.driver + " networks");
    if (req.ingress && dataScope != "global")
        return daemonError("Ingress network can only be global scope network");
    // Without a swarm the controller is "distributed control": a swarm scope is refused here, any other
    // value is taken as it is (and only the local datastore exists to keep it: see createNetwork).
    if (req.scope == "swarm")
        return daemonError("cannot create a swarm scoped network when swarm is not active");
    return req.scope.empty() ? dataScope : req.scope;
}

// controller.go NewNetwork: "Reset network types, force local scope and skip allocation and plumbing
// for configuration networks": the null driver, local scope, no pool, nothing on the host.
Expected<std::string> Daemon::createConfigNetwork(HostContext& ctx, const NetworkCreateRequest& req) {
    Network n;
    n.id = ctx.random.dockerId();
    n.name = req.name;
    n.driver = "null";
    n.configOnly = true;
    n.created = stamp(ctx, ctx.now);
    n.enableIpv6 = req.ipv6;
    n.options = req.options;
    n.labels = req.labels;
    n.ipamOptions = req.ipamOptions;
    n.auxAddresses = req.auxAddresses;
    n.configSubnets = req.subnets;
    n.configGateways = req.gateways;
    n.configIpRanges = req.ipRanges;
    // buildIpamResources shows the IPAM configuration as given (an IPv4 entry, then an IPv6 one).
    const IpamRequest ipam = splitIpamRequest(req);
    if (!ipam.subnets.empty()) n.subnetText = ipam.subnets[0];
    if (!ipam.gateways.empty()) n.gatewayText = ipam.gateways[0];
    n.ipRangeText = ipam.ipRange;
    n.subnet6Text = ipam.subnet6;
    n.gateway6Text = ipam.gateway6;
    networks_.push_back(std::move(n));
    return networks_.back().id;
}

Expected<NetworkCreateRequest> Daemon::withConfigFrom(const NetworkCreateRequest& req) const {
    // getConfigNetwork finds a config-only network by its full name, never by ID.
    const Network* config = nullptr;
    for (const auto& n : networks_)
        if (n.configOnly && n.name == req.configFrom) config = &n;
    if (!config) return daemonError("configuration network \"" + req.configFrom + "\" does not exist");
    // applyConfigurationTo: --ipv6, labels, IPAM options and configuration, and the driver options.
    NetworkCreateRequest r = req;
    r.ipv6 = config->enableIpv6;
    r.labels = config->labels;
    r.ipamOptions = config->ipamOptions;
    r.subnets = config->configSubnets;
    r.gateways = config->configGateways;
    r.ipRanges = config->configIpRanges;
    r.auxAddresses = config->auxAddresses;
    r.options = config->options;
    return r;
}

Outcome refuseConfigInUse(const std::vector<Network>& networks, const Network& n) {
    // Each network made --config-from it counts as an endpoint of the config-only network (network.go
    // delete).
    if (!n.configOnly) return Outcome::ok();
    for (const auto& other : networks)
        if (other.configFrom == n.name)
            return daemonError("error while removing network: configuration network \"" + n.name +
                               "\" is in use");
    return Outcome::ok();
}

} // namespace vethlab::docker
