// docker_gwbridge (libnetwork default_gateway.go): a container whose endpoints give it no gateway (a
// macvlan or ipvlan network without -o parent is internal to its driver) gets one more, anonymous
// endpoint "gateway_<short id>" on the bridge network docker_gwbridge, made the first time it is needed.
// The endpoint goes as soon as another endpoint gives a gateway, and comes back when none does.
#include <algorithm>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {

const char* const kGatewayBridgeName = "docker_gwbridge";

namespace {

// needDefaultGW skips host and null endpoints, internal networks, and a driver that disabled the gateway
// service (ipvlan l3, which routes by itself).
bool needsNoGateway(const Network& n) {
    return !n.hasInterface() || n.internal || (n.driver == "ipvlan" && stackedMode(n) == "l3");
}

} // namespace

bool needsDefaultGateway(const std::vector<const Network*>& networks) {
    bool need = false;
    for (const Network* n : networks) {
        if (!n || needsNoGateway(*n)) continue;
        if (n->setsGateway()) return false;
        need = true;
    }
    return need;
}

bool Daemon::needsDefaultGateway(const Container& c) const {
    std::vector<const Network*> joined;
    for (const auto& a : c.attachments)
        if (a.active) joined.push_back(networkById(a.networkId));
    return docker::needsDefaultGateway(joined);
}

const Network* Daemon::gatewayNetwork() const {
    for (const auto& n : networks_)
        if (n.name == kGatewayBridgeName) return &n;
    return nullptr;
}

Outcome Daemon::planGatewayEndpoint(const HostContext& ctx, StartPlan& plan) const {
    std::vector<const Network*> joined;
    for (const auto& ep : plan.endpoints)
        joined.push_back(networkById(ep.networkId));
    if (!docker::needsDefaultGateway(joined)) return Outcome::ok();
    StartPlan::Endpoint ep;
    if (const Network* gw = gatewayNetwork()) {
        auto ip = gw->pool.lowestFree();
        if (!ip)
            return daemonError("no available IPv4 addresses on this network's address pools: " + gw->name +
                               " (" + gw->id + ")");
        ep.networkId = gw->id;
        ep.ip = *ip;
        plan.gatewayEndpoint = ep;
        return Outcome::ok();
    }
    // The network createGWNetwork would make: the next default pool, its gateway first.
    DefaultPools probe = pools_;
    auto subnet = probe.next(takenPrefixes(ctx));
    if (!subnet)
        return daemonError("error creating external connectivity network: could not find an available, "
                           "non-overlapping IPv4 address pool among the defaults to assign to the network");
    IpamPool pool(*subnet, std::nullopt);
    pool.markUsed(*pool.lowestFree());
    ep.ip = *pool.lowestFree();
    plan.gatewayEndpoint = ep;
    return Outcome::ok();
}

void Daemon::updateDefaultGateway(HostContext& ctx, Container& c) {
    const bool need = needsDefaultGateway(c);
    if (!need && c.gatewayEndpoint) {
        // RevokeExternalConnectivity: its ports go with it (vethlab does not program them on the endpoint
        // that gives the gateway now).
        const std::string bridge = networkById(c.gatewayEndpoint->networkId)->bridgeName;
        if (std::any_of(c.published.begin(), c.published.end(),
                        [&](const PublishedPort& p) { return p.bridgeName == bridge; }))
            unpublishPorts(ctx, c);
        leaveEndpoint(ctx, c, *c.gatewayEndpoint);
        c.gatewayEndpoint.reset();
    }
    if (!need || c.gatewayEndpoint) return;
    const Network* gw = gatewayNetwork();
    if (!gw) gw = createGatewayNetwork(ctx);
    if (!gw) return;
    Attachment a;
    a.networkId = gw->id;
    a.networkName = gw->name;
    const Ipv4 ip = gw->pool.lowestFree().value_or(Ipv4{}); // the start's plan found one
    const bool takesRoute = gatewayAttachment(c) == nullptr;
    c.gatewayEndpoint = a;
    attachEndpoint(ctx, c, *c.gatewayEndpoint, ip, takesRoute);
    c.gatewayEndpoint->endpointId = ctx.random.dockerId();
}

void Daemon::leaveEndpoint(HostContext& ctx, Container& c, Attachment& a) {
    const bool wasGateway = gatewayAttachment(c) == &a;
    detachEndpoint(ctx, c, a);
    // sbLeave: the next endpoint in libnetwork's order takes the default route.
    if (const Attachment* next = wasGateway ? gatewayAttachment(c) : nullptr)
        setDefaultRoutes(ctx, c, *next, true);
}

} // namespace vethlab::docker
