// `docker network connect|disconnect`: an endpoint joins or leaves a container that may be running,
// and the default route, /etc/hosts and the embedded DNS follow.
#include <algorithm>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"

namespace vethlab::docker {

using kernel::NsRef;

Outcome checkStaticIp(const Network& n, Ipv4 ip) {
    if (n.isDefaultBridge())
        return daemonError("user specified IP address is supported on user defined networks only");
    if (!n.userSubnet)
        return daemonError(
            "user specified IP address is supported only when connecting to networks with user "
            "configured subnets");
    if (!n.pool.subnet().contains(ip))
        return daemonError("Invalid address " + ip.str() +
                           ": It does not belong to any of this network's subnets");
    return Outcome::ok();
}

const Attachment* Daemon::gatewayAttachment(const Container& c) const {
    const Attachment* first = nullptr;
    const Network* firstNet = nullptr;
    auto consider = [&](const Attachment& a) {
        const Network* n = a.active ? networkById(a.networkId) : nullptr;
        if (!n || !n->setsGateway()) return;
        if (!first || gatewayNetworkFirst(*n, *firstNet)) {
            first = &a;
            firstNet = n;
        }
    };
    for (const auto& a : c.attachments)
        consider(a);
    if (c.gatewayEndpoint) consider(*c.gatewayEndpoint);
    return first;
}

kernel::Route Daemon::defaultRoute(const Attachment& a) const {
    kernel::Route r;
    r.destination = Ipv4Prefix{};
    r.gateway = networkById(a.networkId)->gateway;
    r.device = a.ifindex;
    return r;
}

std::optional<kernel::Ipv6Route> Daemon::defaultRoute6(const Attachment& a) const {
    const Network* n = networkById(a.networkId);
    if (!n || !n->pool6 || !a.active) return std::nullopt; // SetGatewayIPv6 ignores an empty gateway
    kernel::Ipv6Route r;
    r.gateway = Ipv6::parse(n->pool6->subnet().at(n->gateway6));
    r.device = a.ifindex;
    return r;
}

void Daemon::setDefaultRoutes(HostContext& ctx, const Container& c, const Attachment& a, bool add) {
    const NsRef ns = nsRef(c);
    if (add) {
        ctx.emit(kernel::RouteAdd{ns, defaultRoute(a), a.ifname});
        if (auto r6 = defaultRoute6(a)) ctx.emit(kernel::Ipv6RouteAdd{ns, *r6, a.ifname});
        return;
    }
    ctx.emit(kernel::RouteDel{ns, defaultRoute(a), a.ifname});
    if (auto r6 = defaultRoute6(a)) ctx.emit(kernel::Ipv6RouteDel{ns, *r6, a.ifname});
}

Outcome Daemon::connect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                        const ConnectRequest& req) {
    const Container* found = findContainer(containerRef);
    if (!found) return daemonError("No such container: " + containerRef);
    Container* c = mutableContainer(found->id);
    const Network* n = findNetwork(networkRef);
    if (!n) return daemonError("network " + networkRef + " not found");
    if (auto e = checkConnect(*c, *n, req); e.failed()) return e;
    const std::optional<Ipv4> staticIp = req.ip ? Ipv4::parse(*req.ip) : std::nullopt; // checked above
    std::optional<Ipv4> ip = staticIp;
    if (c->isRunning() && !ip) {
        ip = n->pool.lowestFree();
        if (!ip)
            return daemonError("no available IPv4 addresses on this network's address pools: " + n->name +
                               " (" + n->id + ")");
    }
    // Join (after IPAM): the kernel may refuse the stacked link.
    if (c->isRunning() && n->isParented())
        if (auto e = refuseStackedPort(ctx.kernel, *n); e.failed()) return e;
    Attachment a;
    a.networkId = n->id;
    a.networkName = n->name;
    a.aliases = req.aliases;
    a.links = req.links;
    a.staticIp = staticIp;
    a.viaConnect = true;
    c->attachments.push_back(a);
    // A stopped container gets its endpoint when it starts.
    if (c->isRunning()) joinRunning(ctx, *c, *n, *ip);
    return Outcome::ok();
}

// The daemon's checks of a connect request against the container's network mode and the network.
Outcome Daemon::checkConnect(const Container& c, const Network& n, const ConnectRequest& req) const {
    const NetworkMode kind = c.networkModeKind();
    if (n.driver == "host")
        return daemonError("container cannot be disconnected from host network or connected to host network");
    if (kind == NetworkMode::Host || kind == NetworkMode::Container)
        return daemonError("container sharing network namespace with another container or host cannot be "
                           "connected to any other network");
    if (kind == NetworkMode::None || n.name == "none")
        return daemonError("container cannot be connected to multiple networks with one of the networks in "
                           "private (none) mode");
    // libnetwork CreateEndpoint; a stopped container only records the network, its start fails.
    if (c.isRunning() && n.configOnly)
        return daemonError("cannot create endpoint on configuration-only network");
    if (c.attachment(n.id))
        return daemonError("endpoint with name " + c.name + " already exists in network " + n.name);
    if (!req.aliases.empty() && !n.isUserDefined())
        return daemonError("network-scoped alias is supported only for containers in user defined networks");
    if (!req.ip) return Outcome::ok();
    const auto ip = Ipv4::parse(*req.ip);
    if (!ip) return daemonError("invalid IPv4 address: " + *req.ip);
    if (auto e = checkStaticIp(n, *ip); e.failed()) return e;
    if (c.isRunning() && n.pool.isUsed(*ip)) return daemonError("Address already in use");
    return Outcome::ok();
}

// A running container's new endpoint (the last attachment): its veth, maybe the default route, its
// /etc/hosts line, and on its first user-defined network the embedded DNS.
void Daemon::joinRunning(HostContext& ctx, Container& c, const Network& n, Ipv4 ip) {
    Attachment& live = c.attachments.back();
    // A network that sorts before the current gateway's takes the default route (updateGateway).
    const Attachment* gateway = gatewayAttachment(c);
    const bool takesRoute =
        n.setsGateway() && (!gateway || gatewayNetworkFirst(n, *networkById(gateway->networkId)));
    if (gateway && takesRoute) setDefaultRoutes(ctx, c, *gateway, false);
    attachEndpoint(ctx, c, live, ip, takesRoute);
    live.endpointId = ctx.random.dockerId();
    NsRef ns = nsRef(c);
    std::string hosts = containerFile(ctx, c, "/etc/hosts").value_or("");
    ctx.emit(kernel::FileWrite{ns, "/etc/hosts", hosts + hostsLines(c, live),
                               "/var/lib/docker/containers/" + c.id + "/hosts"});
    if (n.isUserDefined() && !c.embeddedDns) {
        c.embeddedDns = true;
        ctx.emit(kernel::FileWrite{ns, "/etc/resolv.conf", buildResolvConf(ctx, c),
                                   "/var/lib/docker/containers/" + c.id + "/resolv.conf"});
        addDnsRules(ctx, c);
    }
    updateDefaultGateway(ctx, c);
}

Outcome Daemon::disconnect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                           bool force) {
    (void)force;
    const Container* found = findContainer(containerRef);
    if (!found) return daemonError("No such container: " + containerRef);
    Container* c = mutableContainer(found->id);
    const Network* n = findNetwork(networkRef);
    if (!n) return daemonError("network " + networkRef + " not found");
    if (n->driver == "host")
        return daemonError("container cannot be disconnected from host network or connected to host network");
    Attachment* a = c->attachment(n->id);
    if (!a) return daemonError("container " + c->id + " is not connected to network " + networkRef);
    bool wasActive = a->active;
    if (wasActive) {
        if (std::any_of(c->published.begin(), c->published.end(),
                        [&](const PublishedPort& p) { return p.bridgeName == n->bridgeName; }))
            unpublishPorts(ctx, *c);
        leaveEndpoint(ctx, *c, *a);
        if (n->hasInterface()) {
            // Docker 20.10 removes every line of the container's own name, whatever the address.
            std::string hosts = containerFile(ctx, *c, "/etc/hosts").value_or("");
            std::string kept = hostsWithoutNames(hosts, c->hostsNames());
            ctx.emit(kernel::FileWrite{nsRef(*c), "/etc/hosts", kept,
                                       "/var/lib/docker/containers/" + c->id + "/hosts"});
        }
        updateDefaultGateway(ctx, *c);
    }
    std::string netId = n->id;
    std::erase_if(c->attachments, [&](const Attachment& x) { return x.networkId == netId; });
    return Outcome::ok();
}

} // namespace vethlab::docker
