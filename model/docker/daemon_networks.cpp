// Networks: the predefined ones at boot, `network create|rm|prune|connect|disconnect`.
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/go_net.h"

namespace vethlab::docker {

using kernel::NsRef;

namespace {

// docker/cli consolidateIpam: each --ip-range, --gateway and --aux-address must fall in a --subnet.
std::optional<DockerError> checkIpamFlags(const NetworkCreateRequest& req) {
    if (req.subnets.empty() && (!req.gateways.empty() || !req.ipRanges.empty()))
        return clientError("every ip-range or gateway must have a corresponding subnet");
    auto matchesSubnet = [&](const std::string& what, const std::string& value,
                             bool isRange) -> std::optional<DockerError> {
        for (const auto& s : req.subnets) {
            if (auto v6 = Ipv6Prefix::parse(s)) {
                const std::string addr = isRange ? value.substr(0, value.find('/')) : value;
                if (auto ip = Ipv6Prefix::parseAddress(addr); ip && v6->contains(*ip)) return std::nullopt;
                continue;
            }
            auto sp = Ipv4Prefix::parse(s);
            if (!sp) return clientError("invalid CIDR address: " + s);
            if (isRange) {
                auto rp = Ipv4Prefix::parse(value);
                if (!rp) return clientError("invalid CIDR address: " + value);
                if (sp->contains(rp->addr)) return std::nullopt;
            } else {
                auto ip = Ipv4::parse(value);
                if (ip && sp->contains(*ip)) return std::nullopt;
            }
        }
        return clientError("no matching subnet for " + what + " " + value);
    };
    for (const auto& r : req.ipRanges)
        if (auto e = matchesSubnet("range", r, true)) return e;
    for (const auto& g : req.gateways)
        if (auto e = matchesSubnet("gateway", g, false)) return e;
    for (const auto& [k, v] : req.auxAddresses)
        if (auto e = matchesSubnet("aux-address", v, false)) return e;
    return std::nullopt;
}

// Go's strconv.ParseBool and strconv.Atoi, with their error texts.
std::optional<bool> goParseBool(const std::string& v) {
    static const std::set<std::string> yes = {"1", "t", "T", "TRUE", "true", "True"};
    static const std::set<std::string> no = {"0", "f", "F", "FALSE", "false", "False"};
    if (yes.count(v)) return true;
    if (no.count(v)) return false;
    return std::nullopt;
}

std::optional<int> goAtoi(const std::string& v) {
    std::size_t i = (!v.empty() && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
    if (i == v.size() || v.size() > 10) return std::nullopt;
    for (std::size_t j = i; j < v.size(); ++j)
        if (!std::isdigit(static_cast<unsigned char>(v[j]))) return std::nullopt;
    return std::stoi(v);
}

// libnetwork bridge networkConfiguration.fromLabels: a bad value is refused with parseErr's text.
std::optional<DockerError> parseBridgeOptions(Network& n) {
    auto parseErr = [](const std::string& label, const std::string& value, const std::string& why) {
        return daemonError("failed to parse " + label + " value: " + value + " (" + why + ")");
    };
    for (const auto& [label, value] : n.options) {
        const std::string quoted = "\"" + value + "\"";
        if (label == "com.docker.network.driver.mtu") {
            auto mtu = goAtoi(value);
            if (!mtu) return parseErr(label, value, "strconv.Atoi: parsing " + quoted + ": invalid syntax");
            n.mtu = *mtu;
        } else if (label == "com.docker.network.bridge.enable_icc" ||
                   label == "com.docker.network.bridge.enable_ip_masquerade" ||
                   label == "com.docker.network.enable_ipv6" ||
                   label == "com.docker.network.bridge.default_bridge") {
            auto b = goParseBool(value);
            if (!b)
                return parseErr(label, value, "strconv.ParseBool: parsing " + quoted + ": invalid syntax");
            if (label == "com.docker.network.bridge.enable_icc") n.icc = *b;
            if (label == "com.docker.network.bridge.enable_ip_masquerade") n.ipMasquerade = *b;
        } else if (label == "com.docker.network.bridge.host_binding_ipv4") {
            if (!gonet::parseIP(value)) return parseErr(label, value, "nil ip"); // net.ParseIP: v4 or v6
            n.hostBindingIpv4 = value;
        }
    }
    return std::nullopt;
}

// libnetwork ipamAllocateVersion(6): with --ipv6 the network needs an IPv6 pool, and the default IPAM
// has no predefined IPv6 pools; without --ipv6 an IPv6 --subnet is only kept for inspect.
std::optional<DockerError> allocateIpv6(Network& n, bool enable, const std::optional<std::string>& subnet,
                                        const std::optional<std::string>& gateway) {
    n.subnet6Text = subnet;
    n.gateway6Text = gateway;
    if (!enable) return std::nullopt;
    if (!subnet)
        return daemonError(
            "could not find an available, non-overlapping IPv6 address pool among the defaults "
            "to assign to the network");
    auto prefix = Ipv6Prefix::parse(*subnet);
    if (!prefix) return daemonError("Invalid subnet " + *subnet + " : invalid CIDR address: " + *subnet);
    n.pool6 = Ipv6Pool(*prefix);
    if (gateway) {
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
    return std::nullopt;
}

} // namespace

void Daemon::boot(HostContext& ctx) {
    if (booted_) return;
    booted_ = true;
    // The port allocator reads the kernel's ephemeral range once (portallocator_linux.go), and falls
    // back to 49153-65535 when it cannot.
    {
        std::istringstream range(ctx.settings.ipLocalPortRange);
        int begin = 0, end = 0;
        portAllocator_ = (range >> begin >> end) ? PortAllocator(begin, end) : PortAllocator(49153, 65535);
    }
    Nanos t = ctx.now;
    // Predefined networks are registered none, host, bridge (their Created times say so).
    for (const char* name : {"none", "host"}) {
        Network n;
        n.id = ctx.random.dockerId();
        n.name = name;
        n.driver = std::string(name) == "none" ? "null" : "host";
        n.predefined = true;
        n.created = t + static_cast<Nanos>(ctx.random.below(20)) * kMillisecond + createdJitter(ctx);
        t = n.created;
        networks_.push_back(n);
    }

    emitDaemonChains(ctx);

    Network bridge;
    bridge.id = ctx.random.dockerId();
    bridge.name = "bridge";
    bridge.driver = "bridge";
    bridge.predefined = true;
    bridge.created = t + static_cast<Nanos>(ctx.random.below(30)) * kMillisecond + createdJitter(ctx);
    bridge.bridgeName = "docker0";
    bridge.options = {{"com.docker.network.bridge.default_bridge", "true"},
                      {"com.docker.network.bridge.enable_icc", "true"},
                      {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                      {"com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"},
                      {"com.docker.network.bridge.name", "docker0"},
                      {"com.docker.network.driver.mtu", "1500"}};
    Ipv4Prefix subnet = pools_.next(takenPrefixes(ctx)).value_or(Ipv4Prefix{Ipv4{0xAC110000}, 16});
    bridge.subnetText = subnet.str();
    bridge.pool = IpamPool(subnet, std::nullopt);
    bridge.gateway = *bridge.pool.lowestFree();
    bridge.pool.markUsed(bridge.gateway);

    kernel::Link br;
    br.ifindex = ctx.settings.docker0Ifindex > 0 ? ctx.settings.docker0Ifindex : ctx.kernel.peekIfindex();
    br.name = "docker0";
    br.kind = kernel::LinkKind::Bridge;
    br.mac = ctx.random.dockerBridgeMac();
    bridge.bridgeIfindex = br.ifindex;
    ctx.emit(kernel::LinkAdd{{}, br});
    ctx.emit(kernel::AddrAdd{{},
                             br.ifindex,
                             "docker0",
                             {Ipv4Prefix{bridge.gateway, subnet.length}, subnet.broadcast(), "docker0"}});
    if (ctx.settings.docker0HadCarrier) {
        kernel::Ipv6Address ll{br.mac.linkLocalV6(), 64, "link", "", ctx.now - 3600 * kSecond, true};
        ctx.emit(kernel::Ipv6AddrAdd{{}, br.ifindex, "docker0", ll});
    }
    ctx.emit(kernel::LinkSetUp{{}, br.ifindex, "docker0", true});
    networks_.push_back(bridge);
    programBridgeNetwork(ctx, networks_.back());
}

Expected<std::string> Daemon::createNetwork(HostContext& ctx, const NetworkCreateRequest& req) {
    // Client-side checks of the IPAM flags come first (docker/cli consolidateIpam).
    if (auto e = checkIpamFlags(req)) return *e;

    // Daemon side.
    for (const auto& n : networks_)
        if (n.predefined && n.name == req.name)
            return daemonError("operation is not permitted on predefined " + n.name + " network");
    if (req.driver == "host" || req.driver == "null")
        return daemonError("only one instance of \"" + req.driver + "\" network is allowed");
    // overlay is a global-scope driver: the daemon hands the request to the swarm manager (there is none).
    if (req.driver == "overlay")
        return daemonError(
            "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to "
            "connect this node to swarm and try again.");
    if (req.driver != "bridge" && req.driver != "macvlan" && req.driver != "ipvlan")
        return daemonError("plugin \"" + req.driver + "\" not found");
    for (const auto& n : networks_)
        if (n.name == req.name) return daemonError("network with name " + req.name + " already exists");
    // IPv6 subnets and gateways make the IPv6 pool request (libnetwork's ipamV6Config).
    NetworkCreateRequest v4 = req;
    std::optional<std::string> subnet6, gateway6;
    std::erase_if(v4.subnets, [&](const std::string& x) {
        if (x.find(':') == std::string::npos) return false;
        if (!subnet6) subnet6 = x;
        return true;
    });
    std::erase_if(v4.gateways, [&](const std::string& x) {
        if (x.find(':') == std::string::npos) return false;
        if (!gateway6) gateway6 = x;
        return true;
    });
    if (v4.subnets.size() > 1 && req.driver == "bridge")
        return daemonError("bridge driver doesn't support multiple subnets");

    Network n;
    n.name = req.name;
    n.driver = req.driver;
    n.internal = req.internal;
    n.attachable = req.attachable;
    n.enableIpv6 = req.ipv6;
    n.options = req.options;
    n.labels = req.labels;
    n.ipamOptions = req.ipamOptions;
    n.auxAddresses = req.auxAddresses;

    Ipv4Prefix subnet;
    if (!v4.subnets.empty()) {
        auto sp = Ipv4Prefix::parse(v4.subnets[0]);
        if (!sp)
            return daemonError("Invalid subnet " + v4.subnets[0] +
                               " : invalid CIDR address: " + v4.subnets[0]);
        subnet = *sp;
        for (const auto& other : networks_)
            if (other.hasIpam() && other.pool.subnet().overlaps(subnet))
                return daemonError("Pool overlaps with other one on this address space");
        n.userSubnet = true;
        n.subnetText = v4.subnets[0];
    } else {
        auto picked = pools_.next(takenPrefixes(ctx));
        if (!picked)
            return daemonError("could not find an available, non-overlapping IPv4 address pool among the "
                               "defaults to assign to the network");
        subnet = *picked;
        n.subnetText = subnet.str();
    }
    std::optional<Ipv4Prefix> range;
    if (!req.ipRanges.empty() && Ipv4Prefix::parse(req.ipRanges[0])) {
        range = Ipv4Prefix::parse(req.ipRanges[0]);
        n.ipRangeText = req.ipRanges[0];
    }
    n.pool = IpamPool(Ipv4Prefix{subnet.network(), subnet.length}, range);
    if (!v4.gateways.empty()) {
        Ipv4 gw = *Ipv4::parse(v4.gateways[0]);
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
    for (const auto& [k, v] : req.auxAddresses)
        if (auto ip = Ipv4::parse(v)) n.pool.markUsed(*ip); // IPv6 ones reserve nothing in the IPv4 pool

    if (auto p6 = subnet6 ? Ipv6Prefix::parse(*subnet6) : std::nullopt; p6 && req.ipv6)
        for (const auto& other : networks_)
            if (other.pool6 && other.pool6->subnet().overlaps(*p6))
                return daemonError("Pool overlaps with other one on this address space");
    if (auto e = allocateIpv6(n, req.ipv6, subnet6, gateway6)) return *e;

    // Everything is checked: make it real.
    n.id = ctx.random.dockerId();
    if (n.isParented()) return createParentedNetwork(ctx, std::move(n));
    // The bridge driver parses its options after IPAM has allocated (libnetwork bridge.go fromLabels).
    if (auto e = parseBridgeOptions(n)) return *e;
    n.bridgeName = "br-" + n.id.substr(0, 12);
    if (auto it = req.options.find("com.docker.network.bridge.name"); it != req.options.end())
        n.bridgeName = it->second;
    for (const auto& other : networks_)
        if (other.isBridge() && other.bridgeName == n.bridgeName)
            return daemonError("cannot create network " + n.id + " (" + n.bridgeName +
                               "): conflicts with network " + other.id + " (" + other.bridgeName +
                               "): networks have same bridge name");
    n.created = stamp(ctx, ctx.now);
    kernel::Link br;
    br.ifindex = ctx.kernel.peekIfindex();
    br.name = n.bridgeName;
    br.kind = kernel::LinkKind::Bridge;
    br.mac = ctx.random.dockerBridgeMac();
    // 20.10 creates the bridge with the kernel's default MTU; the kernel lowers it to its ports' smallest.
    n.bridgeIfindex = br.ifindex;
    ctx.emit(kernel::LinkAdd{{}, br});
    ctx.emit(kernel::AddrAdd{
        {}, br.ifindex, br.name, {Ipv4Prefix{n.gateway, subnet.length}, subnet.broadcast(), br.name}});
    if (n.pool6) {
        // setupBridgeIPv6: fe80::1/64, then the IPv6 gateway on the bridge (its prefix route is the
        // kernel's).
        ctx.emit(kernel::Ipv6AddrAdd{{}, br.ifindex, br.name, {"fe80::1", 64, "link", "", ctx.now, true}});
        ctx.emit(kernel::Ipv6AddrAdd{
            {},
            br.ifindex,
            br.name,
            {n.pool6->subnet().at(n.gateway6), n.pool6->subnet().length, "global", "", ctx.now, true}});
    }
    ctx.emit(kernel::LinkSetUp{{}, br.ifindex, br.name, true});
    networks_.push_back(n);
    programBridgeNetwork(ctx, networks_.back());
    return networks_.back().id;
}

// macvlan and ipvlan CreateNetwork (libnetwork drivers/macvlan, drivers/ipvlan): the mode, the parent
// link (a dummy the driver makes when none is given), and nothing else on the host.
Expected<std::string> Daemon::createParentedNetwork(HostContext& ctx, Network n) {
    const bool mac = n.driver == "macvlan";
    std::string parent, mode;
    if (auto it = n.options.find("parent"); it != n.options.end()) parent = it->second;
    if (auto it = n.options.find(n.driver + "_mode"); it != n.options.end()) mode = it->second;
    if (mac &&
        !(mode.empty() || mode == "bridge" || mode == "private" || mode == "passthru" || mode == "vepa"))
        return daemonError("requested macvlan mode '" + mode +
                           "' is not valid, 'bridge' mode is the macvlan driver default");
    if (!mac && !(mode.empty() || mode == "l2" || mode == "l3"))
        return daemonError("requested ipvlan mode '" + mode +
                           "' is not valid, 'l2' mode is the ipvlan driver default");
    if (parent == "lo") return daemonError("loopback interface is not a valid " + n.driver + " parent link");
    const std::string prefix = mac ? "dm-" : "di-";
    const std::string dummy = prefix + n.id.substr(0, 12);
    if (parent.empty()) parent = dummy;
    for (const auto& other : networks_)
        if (other.driver == n.driver && other.parentLink == parent)
            return daemonError("network " + prefix + other.id.substr(0, 12) +
                               " is already using parent interface " + parent);
    const kernel::Link* existing = ctx.kernel.root().linkByName(parent);
    if (!existing && parent != dummy) {
        // createVlanLink: only NAME.VLAN names may be made.
        const auto dot = parent.find('.');
        if (dot == std::string::npos)
            return daemonError("invalid subinterface vlan name " + parent +
                               ", example formatting is eth0.10");
        if (parent.find('.', dot + 1) != std::string::npos)
            return daemonError(
                "required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead "
                "received " +
                parent);
        const std::string master = parent.substr(0, dot), vid = parent.substr(dot + 1);
        auto id = goAtoi(vid);
        if (!id)
            return daemonError("unable to parse a valid vlan id from: " + vid + " (ex. eth0.10 for vlan 10)");
        if (!ctx.kernel.root().linkByName(master))
            return daemonError("-o parent interface does was not found on the host: " + master);
        if (*id > 4094 || *id < 1)
            return daemonError("vlan id must be between 1-4094, received: " + std::to_string(*id));
        return clientError("vethlab: " + n.driver + " on a VLAN sub-interface (-o parent=" + parent +
                           ") is not simulated; use an existing link or no parent");
    }
    n.created = stamp(ctx, ctx.now);
    n.parentLink = parent;
    if (existing) {
        n.parentIfindex = existing->ifindex;
    } else {
        // createDummyLink: a dummy device, brought up.
        kernel::Link d;
        d.ifindex = ctx.kernel.peekIfindex();
        d.name = dummy;
        d.kind = kernel::LinkKind::Dummy;
        d.mac = ctx.random.kernelMac();
        d.qlen = 1000;
        n.parentIfindex = d.ifindex;
        n.createdParent = true;
        ctx.emit(kernel::LinkAdd{{}, d});
        ctx.emit(kernel::LinkSetUp{{}, d.ifindex, d.name, true});
    }
    networks_.push_back(std::move(n));
    return networks_.back().id;
}

Outcome Daemon::removeNetwork(HostContext& ctx, const std::string& ref) {
    const Network* n = findNetwork(ref);
    if (!n) return notFound("No such network: " + ref);
    if (n->predefined) return daemonError(n->name + " is a pre-defined network and cannot be removed");
    for (const auto& c : containers_)
        for (const auto& a : c.attachments)
            if (a.networkId == n->id && a.active)
                return daemonError("error while removing network: network " + n->name + " id " + n->id +
                                   " has active endpoints");
    Network copy = *n;
    if (copy.isParented()) {
        if (copy.createdParent) ctx.emit(kernel::LinkDel{{}, copy.parentIfindex, copy.parentLink});
    } else {
        unprogramBridgeNetwork(ctx, copy);
        ctx.emit(kernel::LinkDel{{}, copy.bridgeIfindex, copy.bridgeName});
    }
    std::erase_if(networks_, [&](const Network& x) { return x.id == copy.id; });
    return std::nullopt;
}

std::vector<std::string> Daemon::pruneNetworks(HostContext& ctx,
                                               const std::function<bool(const Network&)>& eligible) {
    std::vector<std::string> removed;
    std::vector<std::string> candidates;
    for (const auto& n : networks_)
        if (!n.predefined && (!eligible || eligible(n))) candidates.push_back(n.id);
    for (const auto& id : candidates) {
        const Network* n = networkById(id);
        std::string name = n->name;
        if (!removeNetwork(ctx, id)) removed.push_back(name);
    }
    return removed;
}

// ---------------------------------------------------------------------------------------------
// connect / disconnect

const Attachment* Daemon::gatewayAttachment(const Container& c) const {
    const Attachment* first = nullptr;
    const Network* firstNet = nullptr;
    for (const auto& a : c.attachments) {
        const Network* n = a.active ? networkById(a.networkId) : nullptr;
        if (!n || !n->isBridge()) continue;
        if (!first || gatewayNetworkFirst(*n, *firstNet)) {
            first = &a;
            firstNet = n;
        }
    }
    return first;
}

kernel::Route Daemon::defaultRoute(const Attachment& a) const {
    kernel::Route r;
    r.destination = Ipv4Prefix{};
    r.gateway = networkById(a.networkId)->gateway;
    r.device = a.ifindex;
    return r;
}

Outcome Daemon::connect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                        const ConnectRequest& req) {
    Container* c = const_cast<Container*>(findContainer(containerRef));
    if (!c) return daemonError("No such container: " + containerRef);
    const Network* n = findNetwork(networkRef);
    if (!n) return daemonError("network " + networkRef + " not found");
    const NetworkMode kind = c->networkModeKind();
    if (n->driver == "host")
        return daemonError("container cannot be disconnected from host network or connected to host network");
    if (kind == NetworkMode::Host || kind == NetworkMode::Container)
        return daemonError("container sharing network namespace with another container or host cannot be "
                           "connected to any other network");
    if (kind == NetworkMode::None || n->driver == "null")
        return daemonError("container cannot be connected to multiple networks with one of the networks in "
                           "private (none) mode");
    if (n->isParented())
        return clientError(
            "vethlab: " + n->driver +
            " endpoints are not simulated: the network exists, but containers cannot join it here");
    if (c->attachment(n->id))
        return daemonError("endpoint with name " + c->name + " already exists in network " + n->name);
    if (!req.aliases.empty() && !n->isUserDefined())
        return daemonError("network-scoped alias is supported only for containers in user defined networks");
    std::optional<Ipv4> staticIp;
    if (req.ip) {
        staticIp = Ipv4::parse(*req.ip);
        if (!staticIp) return daemonError("invalid IPv4 address: " + *req.ip);
        if (n->isDefaultBridge())
            return daemonError("user specified IP address is supported on user defined networks only");
        if (!n->userSubnet)
            return daemonError(
                "user specified IP address is supported only when connecting to networks with user "
                "configured subnets");
        if (!n->pool.subnet().contains(*staticIp))
            return daemonError("Invalid address " + staticIp->str() +
                               ": It does not belong to any of this network's subnets");
        if (c->isRunning() && n->pool.isUsed(*staticIp)) return daemonError("Address already in use");
    }
    Ipv4 ip;
    if (c->isRunning()) {
        if (staticIp)
            ip = *staticIp;
        else {
            auto free = n->pool.lowestFree();
            if (!free)
                return daemonError("no available IPv4 addresses on this network's address pools: " + n->name +
                                   " (" + n->id + ")");
            ip = *free;
        }
    }
    Attachment a;
    a.networkId = n->id;
    a.networkName = n->name;
    a.aliases = req.aliases;
    a.links = req.links;
    a.staticIp = staticIp;
    a.viaConnect = true;
    c->attachments.push_back(a);
    if (!c->isRunning()) return std::nullopt;

    Attachment& live = c->attachments.back();
    // A network that sorts before the current gateway's takes the default route (updateGateway).
    const Attachment* gateway = gatewayAttachment(*c);
    const bool takesRoute = !gateway || gatewayNetworkFirst(*n, *networkById(gateway->networkId));
    if (gateway && takesRoute) ctx.emit(kernel::RouteDel{nsRef(*c), defaultRoute(*gateway), gateway->ifname});
    attachEndpoint(ctx, *c, live, ip, takesRoute);
    live.endpointId = ctx.random.dockerId();
    NsRef ns = nsRef(*c);
    std::string hosts = containerFile(ctx, *c, "/etc/hosts").value_or("");
    ctx.emit(kernel::FileWrite{ns, "/etc/hosts", hosts + hostsLines(*c, live),
                               "/var/lib/docker/containers/" + c->id + "/hosts"});
    if (n->isUserDefined() && !c->embeddedDns) {
        c->embeddedDns = true;
        ctx.emit(kernel::FileWrite{ns, "/etc/resolv.conf", buildResolvConf(ctx, *c),
                                   "/var/lib/docker/containers/" + c->id + "/resolv.conf"});
        addDnsRules(ctx, *c);
    }
    return std::nullopt;
}

Outcome Daemon::disconnect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                           bool force) {
    (void)force;
    Container* c = const_cast<Container*>(findContainer(containerRef));
    if (!c) return daemonError("No such container: " + containerRef);
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
        const bool wasGateway = gatewayAttachment(*c) == a;
        detachEndpoint(ctx, *a);
        // sbLeave: the next endpoint in libnetwork's order takes the default route.
        if (const Attachment* next = wasGateway ? gatewayAttachment(*c) : nullptr)
            ctx.emit(kernel::RouteAdd{nsRef(*c), defaultRoute(*next), next->ifname});
        if (n->isBridge()) {
            // Docker 20.10 removes every line of the container's own name, whatever the address.
            std::string hosts = containerFile(ctx, *c, "/etc/hosts").value_or("");
            std::string kept = hostsWithoutNames(hosts, c->hostsNames());
            ctx.emit(kernel::FileWrite{nsRef(*c), "/etc/hosts", kept,
                                       "/var/lib/docker/containers/" + c->id + "/hosts"});
        }
    }
    std::string netId = n->id;
    std::erase_if(c->attachments, [&](const Attachment& x) { return x.networkId == netId; });
    return std::nullopt;
}

} // namespace vethlab::docker
