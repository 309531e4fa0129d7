// Networks: the predefined ones at boot, `network create|rm|prune`.
#include <algorithm>
#include <limits>
#include <set>
#include <sstream>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/go_net.h"
#include "docker/go_strconv.h"

namespace vethlab::docker {
namespace {

// libnetwork bridge networkConfiguration.fromLabels: a bad value is refused with parseErr's text.
Outcome parseBridgeOptions(Network& n) {
    auto parseErr = [](const std::string& label, const std::string& value, const std::string& why) {
        return daemonError("failed to parse " + label + " value: " + value + " (" + why + ")");
    };
    for (const auto& [label, value] : n.options) {
        const std::string quoted = "\"" + value + "\"";
        if (label == "com.docker.network.driver.mtu") {
            const GoInt mtu = goAtoi(value);
            if (!mtu.value)
                return parseErr(label, value, "strconv.Atoi: parsing " + quoted + ": " + mtu.error);
            if (*mtu.value > std::numeric_limits<int>::max() || *mtu.value < std::numeric_limits<int>::min())
                return clientError("vethlab: an MTU of " + value + " is not simulated");
            n.mtu = static_cast<int>(*mtu.value);
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
    return Outcome::ok();
}

// The port allocator reads the kernel's ephemeral range once (portallocator_linux.go), and falls back
// to 49153-65535 when it cannot.
PortAllocator portAllocatorFor(const LabSettings& settings) {
    std::istringstream range(settings.ipLocalPortRange);
    int begin = 0, end = 0;
    return (range >> begin >> end) ? PortAllocator(begin, end) : PortAllocator(49153, 65535);
}

// A network the daemon registers at start, created up to `spreadMs` after `after`.
Network predefinedNetwork(HostContext& ctx, const std::string& name, const std::string& driver, Nanos after,
                          int spreadMs) {
    Network n;
    n.id = ctx.random.dockerId();
    n.name = name;
    n.driver = driver;
    n.predefined = true;
    n.created = after + static_cast<Nanos>(ctx.random.below(spreadMs)) * kMillisecond + createdJitter(ctx);
    return n;
}

// The bridge device of a bridge network and its gateway address; the caller brings it up.
kernel::Link addBridgeLink(HostContext& ctx, Network& n, int ifindex) {
    kernel::Link br;
    br.ifindex = ifindex;
    br.name = n.bridgeName;
    br.kind = kernel::LinkKind::Bridge;
    br.mac = ctx.random.dockerBridgeMac();
    // 20.10 creates the bridge with the kernel's default MTU; the kernel lowers it to its ports' smallest.
    n.bridgeIfindex = br.ifindex;
    ctx.emit(kernel::LinkAdd{{}, br});
    const Ipv4Prefix subnet = n.pool.subnet();
    ctx.emit(kernel::AddrAdd{
        {}, br.ifindex, br.name, {Ipv4Prefix{n.gateway, subnet.length}, subnet.broadcast(), br.name}});
    return br;
}

// A network as the request describes it, before IPAM and the driver have had their say.
Network requestedNetwork(const NetworkCreateRequest& req) {
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
    n.configFrom = req.configFrom;
    return n;
}

} // namespace

void Daemon::boot(HostContext& ctx) {
    if (booted_) return;
    booted_ = true;
    portAllocator_ = portAllocatorFor(ctx.settings);
    // Predefined networks are registered none, host, bridge (their Created times say so).
    Nanos t = ctx.now;
    for (const char* name : {"none", "host"}) {
        networks_.push_back(
            predefinedNetwork(ctx, name, std::string(name) == "none" ? "null" : "host", t, 20));
        t = networks_.back().created;
    }
    emitDaemonChains(ctx);
    bootDefaultBridge(ctx, t);
}

// docker0 on the first free default pool (172.17.0.0/16 on most hosts), with Docker's default options.
void Daemon::bootDefaultBridge(HostContext& ctx, Nanos after) {
    Network bridge = predefinedNetwork(ctx, "bridge", "bridge", after, 30);
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
    const int settingsIfindex = ctx.settings.docker0Ifindex;
    const kernel::Link br =
        addBridgeLink(ctx, bridge, settingsIfindex > 0 ? settingsIfindex : ctx.kernel.peekIfindex());
    if (ctx.settings.docker0HadCarrier) { // docker0 has its IPv6 link-local from earlier containers
        kernel::Ipv6Address ll{br.mac.linkLocalV6(), 64, "link", "", ctx.now - 3600 * kSecond, true};
        ctx.emit(kernel::Ipv6AddrAdd{{}, br.ifindex, br.name, ll});
    }
    ctx.emit(kernel::LinkSetUp{{}, br.ifindex, br.name, true});
    networks_.push_back(bridge);
    programBridgeNetwork(ctx, networks_.back());
}

Expected<std::string> Daemon::createNetwork(HostContext& ctx, const NetworkCreateRequest& given) {
    // Client-side checks of the IPAM flags come first (docker/cli consolidateIpam).
    if (auto e = checkIpamFlags(given); e.failed()) return e.error();
    // daemon/network.go createNetwork: the name, then each subnet parsed (getIpamConfig).
    if (auto e = checkNewNetwork(given); e.failed()) return e.error();
    if (auto e = checkSubnetSyntax(given); e.failed()) return e.error();
    // libnetwork NewNetwork: validateConfiguration; a config-only network is stored and that is all.
    if (auto e = checkConfigFields(given); e.failed()) return e.error();
    if (given.configOnly) return createConfigNetwork(ctx, given);
    static const std::set<std::string> drivers = {"bridge", "macvlan", "ipvlan", "overlay", "host", "null"};
    if (!drivers.count(given.driver)) return daemonError("plugin \"" + given.driver + "\" not found");
    const auto scope = networkScope(given);
    if (scope.failed()) return scope.error();
    if (given.configFrom.empty()) return createDriverNetwork(ctx, given, scope.value());
    const auto req = withConfigFrom(given);
    if (req.failed()) return req.error();
    return createDriverNetwork(ctx, req.value(), scope.value());
}

// The daemon's checks of the name, before anything else (daemon/network.go createNetwork).
Outcome Daemon::checkNewNetwork(const NetworkCreateRequest& req) const {
    // runconfig.IsPreDefinedNetwork.
    if (req.name == "bridge" || req.name == "host" || req.name == "none" || req.name == "default")
        return daemonError("operation is not permitted on predefined " + req.name + " network");
    for (const auto& n : networks_)
        if (n.name == req.name) return daemonError("network with name " + req.name + " already exists");
    return Outcome::ok();
}

// IPAM, then the driver's CreateNetwork, then the datastore of the network's scope.
Expected<std::string> Daemon::createDriverNetwork(HostContext& ctx, const NetworkCreateRequest& req,
                                                  const std::string& scope) {
    // The host and null drivers take no IPAM and refuse a second network.
    if (req.driver == "host" || req.driver == "null")
        return daemonError("only one instance of \"" + req.driver + "\" network is allowed");
    // Only the local datastore exists without a swarm: a network of any other scope is undone once
    // made, and the daemon turns ErrDataStoreNotInitialized into this line. (overlay makes nothing here.)
    const DockerError noStore = daemonError(
        "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect "
        "this node to swarm and try again.");
    if (req.driver == "overlay") return noStore;
    const IpamRequest ipam = splitIpamRequest(req);
    if (ipam.subnets.size() > 1 && req.driver == "bridge")
        return daemonError("bridge driver doesn't support multiple subnets");
    Network n = requestedNetwork(req);
    n.scope = scope;
    if (auto e = allocateIpv4(ctx, n, ipam); e.failed()) return e.error();
    if (auto e = allocateIpv6(n, ipam); e.failed()) return e.error();
    // Everything is checked: make it real.
    n.id = ctx.random.dockerId();
    auto made =
        n.isParented() ? createParentedNetwork(ctx, std::move(n)) : createBridgeNetwork(ctx, std::move(n));
    if (made.failed() || scope == "local") return made;
    deleteDriverNetwork(ctx, networks_.back());
    networks_.pop_back();
    return noStore;
}

// libnetwork default_gateway_linux.go createGWNetwork: made by libnetwork itself, not through the API (so
// its IPAM shows no options), with the driver options below and no IPv6.
const Network* Daemon::createGatewayNetwork(HostContext& ctx) {
    NetworkCreateRequest req;
    req.name = kGatewayBridgeName;
    req.options = {{"com.docker.network.bridge.enable_icc", "false"},
                   {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                   {"com.docker.network.bridge.name", kGatewayBridgeName}};
    Network n = requestedNetwork(req);
    n.gatewayBridge = true;
    if (allocateIpv4(ctx, n, IpamRequest{}).failed()) return nullptr;
    n.id = ctx.random.dockerId();
    auto id = createBridgeNetwork(ctx, std::move(n));
    return id.failed() ? nullptr : networkById(id.value());
}

// The bridge driver's CreateNetwork: its options, the bridge device and its addresses, the iptables rules.
Expected<std::string> Daemon::createBridgeNetwork(HostContext& ctx, Network n) {
    // The bridge driver parses its options after IPAM has allocated (libnetwork bridge.go fromLabels).
    if (auto e = parseBridgeOptions(n); e.failed()) return e.error();
    n.bridgeName = "br-" + n.id.substr(0, 12);
    if (auto it = n.options.find("com.docker.network.bridge.name"); it != n.options.end())
        n.bridgeName = it->second;
    for (const auto& other : networks_)
        if (other.isBridge() && other.bridgeName == n.bridgeName)
            return daemonError("cannot create network " + n.id + " (" + n.bridgeName +
                               "): conflicts with network " + other.id + " (" + other.bridgeName +
                               "): networks have same bridge name");
    n.created = stamp(ctx, ctx.now);
    addBridgeLink(ctx, n, ctx.kernel.peekIfindex());
    if (n.pool6) {
        // setupBridgeIPv6: fe80::1/64, then the IPv6 gateway on the bridge (its prefix route is the
        // kernel's).
        const auto& subnet6 = n.pool6->subnet();
        ctx.emit(kernel::Ipv6AddrAdd{
            {}, n.bridgeIfindex, n.bridgeName, {"fe80::1", 64, "link", "", ctx.now, true}});
        ctx.emit(kernel::Ipv6AddrAdd{{},
                                     n.bridgeIfindex,
                                     n.bridgeName,
                                     {subnet6.at(n.gateway6), subnet6.length, "global", "", ctx.now, true}});
    }
    // setupIPv6Forwarding (an IPv6 subnet, ip-forward on): default then all, each only if not yet 1.
    if (n.pool6 && !ctx.kernel.find(kernel::KernelState::kRootNamespace)->ipv6Forward)
        for (const char* key : {"net.ipv6.conf.default.forwarding", "net.ipv6.conf.all.forwarding"})
            ctx.emit(kernel::Sysctl{{}, key, "1"});
    ctx.emit(kernel::LinkSetUp{{}, n.bridgeIfindex, n.bridgeName, true});
    networks_.push_back(std::move(n));
    programBridgeNetwork(ctx, networks_.back());
    return networks_.back().id;
}

namespace {

// createVlanLink: only NAME.VLAN names of an existing link may be made (and the lab does not make them).
DockerError refuseVlanParent(const HostContext& ctx, const std::string& driver, const std::string& parent) {
    const auto dot = parent.find('.');
    if (dot == std::string::npos)
        return daemonError("invalid subinterface vlan name " + parent + ", example formatting is eth0.10");
    if (parent.find('.', dot + 1) != std::string::npos)
        return daemonError(
            "required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead "
            "received " +
            parent);
    const std::string master = parent.substr(0, dot), vid = parent.substr(dot + 1);
    const auto id = goAtoi(vid).value;
    if (!id)
        return daemonError("unable to parse a valid vlan id from: " + vid + " (ex. eth0.10 for vlan 10)");
    if (!ctx.kernel.root().linkByName(master))
        return daemonError("-o parent interface does was not found on the host: " + master);
    if (*id > 4094 || *id < 1)
        return daemonError("vlan id must be between 1-4094, received: " + std::to_string(*id));
    return clientError("vethlab: " + driver + " on a VLAN sub-interface (-o parent=" + parent +
                       ") is not simulated; use an existing link or no parent");
}

} // namespace

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
    if (!existing && parent != dummy) return refuseVlanParent(ctx, n.driver, parent);
    n.created = stamp(ctx, ctx.now);
    n.parentLink = parent;
    if (existing) {
        n.parentIfindex = existing->ifindex;
        n.parentMac = existing->mac;
    } else {
        // createDummyLink: a dummy device, brought up.
        kernel::Link d;
        d.ifindex = ctx.kernel.peekIfindex();
        d.name = dummy;
        d.kind = kernel::LinkKind::Dummy;
        d.mac = ctx.random.kernelMac();
        d.qlen = 1000;
        n.parentIfindex = d.ifindex;
        n.parentMac = d.mac;
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
    for (const auto& c : containers_) {
        bool active = c.gatewayEndpoint && c.gatewayEndpoint->networkId == n->id;
        for (const auto& a : c.attachments)
            active = active || (a.networkId == n->id && a.active);
        if (active)
            return daemonError("error while removing network: network " + n->name + " id " + n->id +
                               " has active endpoints");
    }
    if (auto e = refuseConfigInUse(networks_, *n); e.failed()) return e;
    const std::string id = n->id;
    deleteDriverNetwork(ctx, *n);
    std::erase_if(networks_, [&](const Network& x) { return x.id == id; });
    return Outcome::ok();
}

void Daemon::deleteDriverNetwork(HostContext& ctx, const Network& n) {
    if (n.isParented()) {
        if (n.createdParent) ctx.emit(kernel::LinkDel{{}, n.parentIfindex, n.parentLink});
    } else if (n.isBridge()) {
        unprogramBridgeNetwork(ctx, n);
        ctx.emit(kernel::LinkDel{{}, n.bridgeIfindex, n.bridgeName});
    }
}

std::vector<std::string> Daemon::pruneNetworks(HostContext& ctx,
                                               const std::function<bool(const Network&)>& eligible) {
    std::vector<std::string> removed;
    std::vector<std::string> candidates;
    for (const auto& n : networks_)
        // localNetworksPrune leaves config-only networks alone.
        if (!n.predefined && !n.configOnly && (!eligible || eligible(n))) candidates.push_back(n.id);
    for (const auto& id : candidates) {
        const Network* n = networkById(id);
        std::string name = n->name;
        if (removeNetwork(ctx, id).succeeded()) removed.push_back(name);
    }
    return removed;
}

} // namespace vethlab::docker
