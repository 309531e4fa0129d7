#include "docker/daemon.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "docker/go_net.h"
#include "docker/link_env.h"
#include "docker/port_mapping.h"
#include "docker/resolv_conf.h"

namespace vethlab::docker {
namespace {

using kernel::NetfilterRule;
using kernel::NsRef;

constexpr const char* kFixedHosts = "127.0.0.1\tlocalhost\n"
                                    "::1\tlocalhost ip6-localhost ip6-loopback\n"
                                    "fe00::0\tip6-localnet\n"
                                    "ff00::0\tip6-mcastprefix\n"
                                    "ff02::1\tip6-allnodes\n"
                                    "ff02::2\tip6-allrouters\n";

DockerError daemonError(std::string m) {
    return {DockerError::Kind::Daemon, std::move(m)};
}

// net/bridge/br_if.c find_portno(): port numbers run 1..BR_MAX_PORTS-1 (0 is reserved), so a bridge takes
// 1023 ports and one more fails with EXFULL ("exchange full"), which libnetwork's ioctl fallback in
// addToBridge returns unchanged.
constexpr int kBridgeMaxPorts = 1023;

int bridgePorts(const kernel::KernelState& k, int bridgeIfindex) {
    const auto& links = k.root().links;
    return static_cast<int>(std::count_if(links.begin(), links.end(),
                                          [&](const kernel::Link& l) { return l.master == bridgeIfindex; }));
}
DockerError clientError(std::string m) {
    return {DockerError::Kind::Client, std::move(m)};
}
DockerError notFound(std::string m) {
    return {DockerError::Kind::NotFound, std::move(m)};
}

std::string baseName(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

bool isShell(const std::string& prog) {
    static const std::set<std::string> shells = {"sh", "bash", "ash", "zsh", "dash"};
    return shells.count(baseName(prog)) > 0;
}

// How the container's main process behaves once started.
enum class Lifetime { Interactive, Forever, Timed, Immediate };

Lifetime lifetimeOf(const Container& c, Nanos& duration) {
    auto words = c.command();
    if (words.empty()) return Lifetime::Immediate;
    std::string prog = baseName(words[0]);
    if (prog == "docker-entrypoint.sh" && words.size() > 1) prog = baseName(words[1]);
    if (isShell(prog)) {
        bool script = std::find(words.begin(), words.end(), "-c") != words.end();
        if (script) return Lifetime::Immediate;
        return c.config.stdinOpen ? Lifetime::Interactive : Lifetime::Immediate;
    }
    if (prog == "sleep" && words.size() > 1) {
        // busybox sleeps forever on any operand starting with "inf" ("infinit" too).
        if (words[1].size() >= 3 &&
            std::equal(words[1].begin(), words[1].begin() + 3, "inf",
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            return Lifetime::Forever;
        auto seconds = parseSleepSeconds(words[1]);
        if (!seconds) return Lifetime::Immediate; // sleep: invalid number
        constexpr Nanos kCentury = 100LL * 366 * 24 * 3600 * kSecond;
        duration = secondsToNanos(*seconds, kCentury);
        return duration >= kCentury ? Lifetime::Forever : Lifetime::Timed;
    }
    static const std::set<std::string> servers = {"catalina.sh", "nginx",        "httpd",  "java",    "tail",
                                                  "top",         "redis-server", "mysqld", "python3", "node"};
    if (servers.count(prog)) return Lifetime::Forever;
    return Lifetime::Immediate;
}

Nanos createdJitter(HostContext& ctx) {
    // Sub-millisecond part of a timestamp; Go drops trailing zeros, so keep the last digit non-zero.
    return static_cast<Nanos>(ctx.random.below(99'999) * 10 + 1 + ctx.random.below(9));
}

// A timestamp `base` plus jitter whose last digit is never 0 (so Go prints all nine fraction digits).
Nanos stamp(HostContext& ctx, Nanos base) {
    Nanos t = base + createdJitter(ctx);
    if (t % 10 == 0) t += 1;
    return t;
}

// PID 1 gets no default signal handlers: a shell or sleep ignores SIGTERM and is killed after the timeout.
int stopExitCode(const Container& c, bool& ignoresTerm) {
    auto words = c.command();
    std::string prog = words.empty() ? "" : baseName(words[0]);
    if (prog == "docker-entrypoint.sh" && words.size() > 1) prog = baseName(words[1]);
    ignoresTerm = false;
    if (prog == "catalina.sh" || prog == "java") return 143;
    if (prog == "nginx") return 0;
    ignoresTerm = true;
    return 137;
}

NetfilterRule rule(std::string target) {
    NetfilterRule r;
    r.target = std::move(target);
    return r;
}

struct NetworkRules {
    // (table, chain, position, rule) in the order Docker installs them.
    struct Entry {
        std::string table, chain;
        int position;
        NetfilterRule rule;
    };
    std::vector<Entry> entries;
};

NetworkRules bridgeRules(const Network& n) {
    NetworkRules out;
    const std::string& br = n.bridgeName;
    Ipv4Prefix subnet = *Ipv4Prefix::parse(n.subnetText);
    Ipv4Prefix net{subnet.network(), subnet.length};
    if (!n.internal) {
        NetfilterRule masq = rule("MASQUERADE");
        masq.source = net;
        masq.outInterface = br;
        masq.outNegated = true;
        out.entries.push_back({"nat", "POSTROUTING", 1, masq});
        NetfilterRule ret = rule("RETURN");
        ret.inInterface = br;
        out.entries.push_back({"nat", "DOCKER", 1, ret});
        NetfilterRule est = rule("ACCEPT");
        est.outInterface = br;
        est.ctstate = "RELATED,ESTABLISHED";
        NetfilterRule toDocker = rule("DOCKER");
        toDocker.outInterface = br;
        NetfilterRule outward = rule("ACCEPT");
        outward.inInterface = br;
        outward.outInterface = br;
        outward.outNegated = true;
        NetfilterRule icc = rule(n.icc ? "ACCEPT" : "DROP");
        icc.inInterface = br;
        icc.outInterface = br;
        out.entries.push_back({"filter", "FORWARD", 3, est});
        out.entries.push_back({"filter", "FORWARD", 4, toDocker});
        out.entries.push_back({"filter", "FORWARD", 5, outward});
        out.entries.push_back({"filter", "FORWARD", 6, icc});
        NetfilterRule stage1 = rule("DOCKER-ISOLATION-STAGE-2");
        stage1.inInterface = br;
        stage1.outInterface = br;
        stage1.outNegated = true;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 1, stage1});
        NetfilterRule stage2 = rule("DROP");
        stage2.outInterface = br;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-2", 1, stage2});
    } else {
        NetfilterRule in = rule("DROP");
        in.source = net;
        in.sourceNegated = true;
        in.outInterface = br;
        NetfilterRule outRule = rule("DROP");
        outRule.destination = net;
        outRule.destinationNegated = true;
        outRule.inInterface = br;
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 1, in});
        out.entries.push_back({"filter", "DOCKER-ISOLATION-STAGE-1", 2, outRule});
        NetfilterRule icc = rule(n.icc ? "ACCEPT" : "DROP");
        icc.inInterface = br;
        icc.outInterface = br;
        out.entries.push_back({"filter", "FORWARD", 0, icc});
    }
    return out;
}

struct PortRules {
    NetfilterRule masquerade, dnat, accept;
};

PortRules portRules(const PublishedPort& p) {
    PortRules r;
    Ipv4Prefix ip32{p.containerIp, 32};
    r.masquerade = rule("MASQUERADE");
    r.masquerade.source = ip32;
    r.masquerade.destination = ip32;
    r.masquerade.protocol = p.container.proto;
    r.masquerade.destinationPort = p.container.port;
    r.dnat = rule("DNAT");
    if (p.hostIp != "0.0.0.0") r.dnat.destination = Ipv4Prefix{*Ipv4::parse(p.hostIp), 32};
    r.dnat.inInterface = p.bridgeName;
    r.dnat.inNegated = true;
    r.dnat.protocol = p.container.proto;
    r.dnat.destinationPort = p.hostPort;
    r.dnat.toDestination = p.containerIp.str() + ":" + std::to_string(p.container.port);
    r.accept = rule("ACCEPT");
    r.accept.destination = ip32;
    r.accept.inInterface = p.bridgeName;
    r.accept.inNegated = true;
    r.accept.outInterface = p.bridgeName;
    r.accept.protocol = p.container.proto;
    r.accept.destinationPort = p.container.port;
    return r;
}

bool validContainerName(const std::string& n) {
    if (n.size() < 2) return false;
    auto ok = [](char c, bool first) {
        return std::isalnum(static_cast<unsigned char>(c)) || (!first && (c == '_' || c == '.' || c == '-'));
    };
    if (!ok(n[0], true)) return false;
    return std::all_of(n.begin() + 1, n.end(), [&](char c) { return ok(c, false); });
}

} // namespace

bool runsUntilStopped(const Container& c) {
    Nanos unused = 0;
    Lifetime l = lifetimeOf(c, unused);
    return l == Lifetime::Forever || l == Lifetime::Interactive;
}

// ---------------------------------------------------------------------------------------------
// Container helpers

std::string Container::hostname() const {
    if (!config.hostname.empty()) return config.hostname;
    return shortId();
}

std::string Container::hostsNames() const {
    // libnetwork updateHostsFile: the FQDN (hostname, plus the domain name if set) and, when it is
    // dotted, its first label; so `-h myhost.example.com` keeps that hostname and gets both names.
    std::string fqdn = config.domainname.empty() ? hostname() : hostname() + "." + config.domainname;
    auto dot = fqdn.find('.');
    return dot == std::string::npos ? fqdn : fqdn + " " + fqdn.substr(0, dot);
}

std::vector<std::string> Container::command() const {
    std::vector<std::string> words = config.entrypoint.empty() ? image.entrypoint : config.entrypoint;
    const auto& cmd = config.cmd.empty() && config.entrypoint.empty() ? image.cmd : config.cmd;
    words.insert(words.end(), cmd.begin(), cmd.end());
    return words;
}

std::string Container::networkModeKind() const {
    const std::string& m = config.networkMode;
    if (m == "default" || m == "bridge") return "bridge";
    if (m == "host" || m == "none") return m;
    if (m.rfind("container:", 0) == 0) return "container";
    return "user";
}

Attachment* Container::attachment(const std::string& networkId) {
    for (auto& a : attachments)
        if (a.networkId == networkId) return &a;
    return nullptr;
}

const Attachment* Container::attachment(const std::string& networkId) const {
    return const_cast<Container*>(this)->attachment(networkId);
}

// ---------------------------------------------------------------------------------------------
// Lookups

const Network* Daemon::findNetwork(const std::string& ref) const {
    if (ref.empty()) return nullptr;
    for (const auto& n : networks_)
        if (n.name == ref) return &n;
    for (const auto& n : networks_)
        if (n.id == ref) return &n;
    const Network* match = nullptr;
    for (const auto& n : networks_)
        if (n.id.rfind(ref, 0) == 0) {
            if (match) return nullptr; // ambiguous prefix
            match = &n;
        }
    return match;
}

const Container* Daemon::findContainer(const std::string& ref) const {
    if (ref.empty()) return nullptr;
    std::string name = ref[0] == '/' ? ref.substr(1) : ref;
    if (auto it = byId_.find(ref); it != byId_.end()) return &containers_[it->second];
    if (auto it = byName_.find(name); it != byName_.end()) return &containers_[it->second];
    // A unique prefix of an ID: the IDs that start with it sit together in the ordered index.
    auto it = byId_.lower_bound(ref);
    if (it == byId_.end() || it->first.rfind(ref, 0) != 0) return nullptr;
    auto next = std::next(it);
    if (next != byId_.end() && next->first.rfind(ref, 0) == 0) return nullptr; // ambiguous
    return &containers_[it->second];
}

void Daemon::reindex() {
    byId_.clear();
    byName_.clear();
    for (std::size_t i = 0; i < containers_.size(); ++i) {
        byId_[containers_[i].id] = i;
        byName_[containers_[i].name] = i;
    }
}

void Daemon::setExit(Container& c, std::optional<Nanos> at) {
    if (c.exitsAt) exits_.erase({*c.exitsAt, c.id});
    c.exitsAt = at;
    if (at) exits_.insert({*at, c.id});
}

std::vector<const Network*> Daemon::networks() const {
    std::vector<const Network*> out;
    for (const auto& n : networks_)
        out.push_back(&n);
    return out;
}

std::vector<const Container*> Daemon::containers() const {
    std::vector<const Container*> out;
    for (auto it = containers_.rbegin(); it != containers_.rend(); ++it)
        out.push_back(&*it);
    return out;
}

const Network* Daemon::networkById(const std::string& id) const {
    for (const auto& n : networks_)
        if (n.id == id) return &n;
    return nullptr;
}

const Container* Daemon::containerById(const std::string& id) const {
    auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &containers_[it->second];
}

Network* Daemon::mutableNetwork(const std::string& id) {
    return const_cast<Network*>(networkById(id));
}
Container* Daemon::mutableContainer(const std::string& id) {
    return const_cast<Container*>(containerById(id));
}

bool Daemon::nameInUse(const std::string& name) const {
    return std::any_of(containers_.begin(), containers_.end(),
                       [&](const Container& c) { return c.name == name; });
}

std::string Daemon::uniqueName(HostContext& ctx) const {
    for (;;) {
        std::string n = ctx.random.containerName();
        if (!nameInUse(n)) return n;
    }
}

std::vector<Ipv4Prefix> Daemon::takenPrefixes(const HostContext& ctx) const {
    std::vector<Ipv4Prefix> taken;
    for (const auto& n : networks_)
        if (n.isBridge()) taken.push_back(n.pool.subnet());
    for (const auto& r : ctx.kernel.root().routes)
        if (!r.isDefault()) taken.push_back(r.destination);
    return taken;
}

kernel::NsRef Daemon::nsRef(const Container& c) const {
    if (c.namespaceId == kernel::KernelState::kRootNamespace) return {};
    return {c.namespaceId, c.sandboxId.substr(0, 12)};
}

int Daemon::namespaceOf(const Container& c) const {
    if (!c.joinedTo.empty() && c.namespaceId < 0) {
        if (const Container* owner = containerById(c.joinedTo)) return owner->namespaceId;
    }
    return c.namespaceId;
}

std::optional<std::string> Daemon::containerFile(const HostContext& ctx, const Container& c,
                                                 const std::string& path) const {
    int ns = namespaceOf(c);
    const kernel::NetworkNamespace* n = ctx.kernel.find(ns);
    if (!n) return std::nullopt;
    auto it = n->files.find(path);
    if (it == n->files.end()) return std::nullopt;
    return it->second;
}

// ---------------------------------------------------------------------------------------------
// Boot and networks

void Daemon::programBridgeNetwork(HostContext& ctx, const Network& n) {
    for (const auto& e : bridgeRules(n).entries)
        ctx.emit(kernel::RuleInsert{{}, e.table, e.chain, e.position, e.rule});
}

void Daemon::unprogramBridgeNetwork(HostContext& ctx, const Network& n) {
    for (const auto& e : bridgeRules(n).entries)
        ctx.emit(kernel::RuleDelete{{}, e.table, e.chain, e.rule});
}

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

    ctx.emit(kernel::Sysctl{{}, "net.ipv4.ip_forward", "1"});
    ctx.emit(kernel::ChainNew{{}, "nat", "DOCKER"});
    NetfilterRule pre = rule("DOCKER");
    pre.addrtypeDstLocal = true;
    ctx.emit(kernel::RuleInsert{{}, "nat", "PREROUTING", 0, pre});
    NetfilterRule out = rule("DOCKER");
    out.destination = Ipv4Prefix{Ipv4{0x7f000000}, 8};
    out.destinationNegated = true;
    out.addrtypeDstLocal = true;
    ctx.emit(kernel::RuleInsert{{}, "nat", "OUTPUT", 0, out});
    ctx.emit(kernel::ChainPolicy{{}, "filter", "FORWARD", "DROP"});
    for (const char* chain :
         {"DOCKER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2", "DOCKER-USER"})
        ctx.emit(kernel::ChainNew{{}, "filter", chain});
    ctx.emit(kernel::RuleInsert{{}, "filter", "FORWARD", 0, rule("DOCKER-USER")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "FORWARD", 0, rule("DOCKER-ISOLATION-STAGE-1")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-ISOLATION-STAGE-1", 0, rule("RETURN")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-ISOLATION-STAGE-2", 0, rule("RETURN")});
    ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER-USER", 0, rule("RETURN")});

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
    br.ifindex = ctx.settings.docker0Ifindex > 0 ? ctx.settings.docker0Ifindex : ctx.kernel.allocateIfindex();
    if (ctx.settings.docker0Ifindex > 0) ctx.kernel.setNextIfindex(ctx.settings.docker0Ifindex + 1);
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
    if (req.subnets.empty() && (!req.gateways.empty() || !req.ipRanges.empty()))
        return clientError("every ip-range or gateway must have a corresponding subnet");
    std::vector<Ipv4Prefix> parsedSubnets;
    auto matchesSubnet = [&](const std::string& what, const std::string& value,
                             bool isRange) -> std::optional<DockerError> {
        for (const auto& s : req.subnets) {
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
        if (auto e = matchesSubnet("range", r, true)) return *e;
    for (const auto& g : req.gateways)
        if (auto e = matchesSubnet("gateway", g, false)) return *e;
    for (const auto& [k, v] : req.auxAddresses)
        if (auto e = matchesSubnet("aux-address", v, false)) return *e;

    // Daemon side.
    for (const auto& n : networks_)
        if (n.predefined && n.name == req.name)
            return daemonError("operation is not permitted on predefined " + n.name + " network");
    if (req.driver == "host" || req.driver == "null")
        return daemonError("only one instance of \"" + req.driver + "\" network is allowed");
    if (req.driver != "bridge") return daemonError("plugin \"" + req.driver + "\" not found");
    for (const auto& n : networks_)
        if (n.name == req.name) return daemonError("network with name " + req.name + " already exists");
    if (req.subnets.size() > 1) return daemonError("bridge driver doesn't support multiple subnets");

    Network n;
    n.name = req.name;
    n.driver = "bridge";
    n.internal = req.internal;
    n.attachable = req.attachable;
    n.enableIpv6 = req.ipv6;
    n.options = req.options;
    n.labels = req.labels;
    n.ipamOptions = req.ipamOptions;
    n.auxAddresses = req.auxAddresses;
    if (auto it = req.options.find("com.docker.network.bridge.enable_icc"); it != req.options.end())
        n.icc = it->second != "false";

    Ipv4Prefix subnet;
    if (!req.subnets.empty()) {
        auto sp = Ipv4Prefix::parse(req.subnets[0]);
        if (!sp)
            return daemonError("Invalid subnet " + req.subnets[0] +
                               " : invalid CIDR address: " + req.subnets[0]);
        subnet = *sp;
        for (const auto& other : networks_)
            if (other.isBridge() && other.pool.subnet().overlaps(subnet))
                return daemonError("Pool overlaps with other one on this address space");
        n.userSubnet = true;
        n.subnetText = req.subnets[0];
    } else {
        auto picked = pools_.next(takenPrefixes(ctx));
        if (!picked)
            return daemonError("could not find an available, non-overlapping IPv4 address pool among the "
                               "defaults to assign to the network");
        subnet = *picked;
        n.subnetText = subnet.str();
    }
    std::optional<Ipv4Prefix> range;
    if (!req.ipRanges.empty()) {
        range = Ipv4Prefix::parse(req.ipRanges[0]);
        n.ipRangeText = req.ipRanges[0];
    }
    n.pool = IpamPool(Ipv4Prefix{subnet.network(), subnet.length}, range);
    if (!req.gateways.empty()) {
        Ipv4 gw = *Ipv4::parse(req.gateways[0]);
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
        n.pool.markUsed(*Ipv4::parse(v));

    // Everything is checked: make it real.
    n.id = ctx.random.dockerId();
    n.created = stamp(ctx, ctx.now);
    n.bridgeName = "br-" + n.id.substr(0, 12);
    if (auto it = req.options.find("com.docker.network.bridge.name"); it != req.options.end())
        n.bridgeName = it->second;
    kernel::Link br;
    br.ifindex = ctx.kernel.allocateIfindex();
    br.name = n.bridgeName;
    br.kind = kernel::LinkKind::Bridge;
    br.mac = ctx.random.dockerBridgeMac();
    if (auto it = req.options.find("com.docker.network.driver.mtu"); it != req.options.end()) {
        try {
            br.mtu = std::stoi(it->second);
        } catch (...) {
        }
    }
    n.bridgeIfindex = br.ifindex;
    ctx.emit(kernel::LinkAdd{{}, br});
    ctx.emit(kernel::AddrAdd{
        {}, br.ifindex, br.name, {Ipv4Prefix{n.gateway, subnet.length}, subnet.broadcast(), br.name}});
    ctx.emit(kernel::LinkSetUp{{}, br.ifindex, br.name, true});
    networks_.push_back(n);
    programBridgeNetwork(ctx, networks_.back());
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
    unprogramBridgeNetwork(ctx, copy);
    ctx.emit(kernel::LinkDel{{}, copy.bridgeIfindex, copy.bridgeName});
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
// Containers

Expected<CreateResult> Daemon::createContainer(HostContext& ctx, const ContainerConfig& in) {
    ContainerConfig config = in;
    const std::string& mode = config.networkMode;
    const bool containerMode = mode.rfind("container:", 0) == 0;
    const bool hostMode = mode == "host";
    // Client-side checks (docker/cli opts.go).
    if (!config.links.empty() && (hostMode || mode == "none" || containerMode))
        return clientError("links are only supported for user-defined networks.");
    if (!config.networkAliases.empty() && (mode == "bridge" || hostMode || mode == "none" || containerMode))
        return clientError("network-scoped aliases are only supported for user-defined networks.");

    const Image* image = images_.find(config.image);
    if (!image) {
        std::string ref =
            config.image.find(':') == std::string::npos ? config.image + ":latest" : config.image;
        return DockerError{DockerError::Kind::Client,
                           "Unable to find image '" + ref + "' locally\n" +
                               "docker: Error response from daemon: pull access denied for " +
                               config.image.substr(0, config.image.find(':')) +
                               ", repository does not exist or may require 'docker login': denied: requested "
                               "access to the resource is denied."};
    }

    // Daemon-side validation of the host config (runconfig validateNetContainerMode).
    if (containerMode) {
        if (!config.hostname.empty())
            return daemonError("conflicting options: hostname and the network mode");
        if (!config.dns.empty()) return daemonError("conflicting options: dns and the network mode");
        if (!config.extraHosts.empty())
            return daemonError("conflicting options: custom host-to-IP mapping and the network mode");
    }
    if ((containerMode || hostMode) && !config.macAddress.empty())
        return daemonError("conflicting options: mac-address and the network mode");
    if (containerMode && (!config.ports.empty() || config.publishAll))
        return daemonError("conflicting options: port publishing and the container type network mode");
    if (containerMode && !config.expose.empty())
        return daemonError("conflicting options: port exposing and the container type network mode");
    if (config.ip && !containerMode && !Ipv4::parse(*config.ip))
        return daemonError("invalid IPv4 address: " + *config.ip);
    if (config.cmd.empty() && config.entrypoint.empty() && image->cmd.empty() && image->entrypoint.empty())
        return daemonError("No command specified");

    CreateResult result;
    if (hostMode && (!config.ports.empty() || config.publishAll)) {
        result.warnings.push_back("Published ports are discarded when using host network mode");
        config.ports.clear();
        config.publishAll = false;
    }

    if (!config.name.empty()) {
        if (!validContainerName(config.name))
            return daemonError("Invalid container name (" + config.name +
                               "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (const Container* other = findContainer(config.name); other && other->name == config.name)
            return daemonError(
                "Conflict. The container name \"/" + config.name + "\" is already in use by container \"" +
                other->id +
                "\". You have to remove (or rename) that container to be able to reuse that name");
    }
    const bool userNetwork =
        !(mode == "default" || mode == "bridge" || hostMode || mode == "none" || containerMode);
    for (const auto& l : config.links) {
        const Container* target = findContainer(l.target);
        if (!target)
            return daemonError("could not get container for " + l.target +
                               ": No such container: " + l.target);
    }

    Container c;
    c.id = ctx.random.dockerId();
    c.generatedName = config.name.empty();
    c.name = config.name.empty() ? uniqueName(ctx) : config.name;
    c.image = *image;
    c.created = stamp(ctx, ctx.now);
    c.layerId = ctx.random.hex(64);
    if (containerMode) {
        std::string ownerRef = mode.substr(10);
        if (const Container* owner = findContainer(ownerRef)) {
            config.networkMode = "container:" + owner->id;
            c.joinedTo = owner->id;
        }
    }
    c.config = config;

    auto attach = [&](const std::string& netName, bool withUserOptions) {
        Attachment a;
        const Network* n = findNetwork(netName);
        a.networkName = n ? n->name : netName;
        a.networkId = n ? n->id : "";
        if (withUserOptions) {
            a.aliases = config.networkAliases;
            if (config.ip) a.staticIp = Ipv4::parse(*config.ip);
            for (const auto& l : config.links)
                a.links.push_back(l.target + ":" + l.alias);
        }
        c.attachments.push_back(a);
    };
    if (mode == "default" || mode == "bridge") {
        attach("bridge", false);
        // With no --network the client files --ip under "default", which the daemon never reads.
        if (config.ip && mode == "bridge") c.attachments.back().staticIp = Ipv4::parse(*config.ip);
    } else if (hostMode || mode == "none") {
        attach(mode, false);
    } else if (userNetwork) {
        attach(mode, true);
    }
    if (!userNetwork)
        for (const auto& l : config.links) {
            const Container* target = findContainer(l.target);
            c.hostLinks.push_back("/" + target->name + ":/" + c.name + "/" + l.alias);
        }
    containers_.push_back(std::move(c));
    byId_[containers_.back().id] = containers_.size() - 1;
    byName_[containers_.back().name] = containers_.size() - 1;
    result.id = containers_.back().id;
    return result;
}

struct Daemon::StartPlan {
    struct Endpoint {
        std::string networkId;
        Ipv4 ip;
        std::string endpointId;
    };
    std::vector<Endpoint> endpoints;
    std::vector<PublishedPort> ports;
    bool portEndpoint = false;
    std::optional<PortAllocator> allocator; // the allocator after mapping (also after a failed one)
    std::string ownerId;                    // container mode
    std::vector<std::string> env;
    std::vector<std::string> hostLinkLines;
};

std::optional<DockerError> Daemon::planStart(HostContext& ctx, const Container& c, StartPlan& plan) const {
    const std::string kind = c.networkModeKind();
    if (kind == "container") {
        std::string ref = c.config.networkMode.substr(10);
        const Container* owner = findContainer(ref);
        if (!owner) return daemonError("No such container: " + ref);
        if (!owner->isRunning())
            return daemonError("cannot join network of a non running container: " + owner->id);
        plan.ownerId = owner->id;
        return std::nullopt;
    }
    // IP allocation, per attachment in order; several endpoints on one network cannot happen.
    std::map<std::string, std::vector<Ipv4>> reserved;
    for (const auto& a : c.attachments) {
        const Network* n = a.networkId.empty() ? findNetwork(a.networkName) : networkById(a.networkId);
        if (!n)
            return daemonError("network " + (a.networkId.empty() ? a.networkName : a.networkId) +
                               " not found");
        StartPlan::Endpoint ep{n->id, {}, ctx.random.dockerId()};
        if (n->isBridge()) {
            if (a.staticIp) {
                if (n->isDefaultBridge())
                    return daemonError(
                        "user specified IP address is supported on user defined networks only");
                if (!n->userSubnet)
                    return daemonError(
                        "user specified IP address is supported only when connecting to networks "
                        "with user configured subnets");
                if (!n->pool.subnet().contains(*a.staticIp))
                    return daemonError("Invalid address " + a.staticIp->str() +
                                       ": It does not belong to any of this network's subnets");
                auto& r = reserved[n->id];
                if (n->pool.isUsed(*a.staticIp) || std::count(r.begin(), r.end(), *a.staticIp))
                    return daemonError("Address already in use");
                ep.ip = *a.staticIp;
                r.push_back(ep.ip);
            } else {
                // Lowest free, skipping what this plan already took.
                IpamPool probe = n->pool;
                for (Ipv4 taken : reserved[n->id])
                    probe.markUsed(taken);
                auto ip = probe.lowestFree();
                if (!ip)
                    return daemonError("no available IPv4 addresses on this network's address pools: " +
                                       n->name + " (" + n->id + ")");
                ep.ip = *ip;
                reserved[n->id].push_back(*ip);
            }
            // The driver's CreateEndpoint: the new veth (under a fresh random name) cannot join the bridge.
            if (bridgePorts(ctx.kernel, n->bridgeIfindex) >= kBridgeMaxPorts)
                return daemonError("failed to create endpoint " + c.name + " on network " + n->name +
                                   ": adding interface " + ctx.random.vethName() + " to bridge " +
                                   n->bridgeName + " failed: exchange full");
        }
        plan.endpoints.push_back(ep);
    }

    // Legacy links (default bridge).
    const Network* bridge = nullptr;
    for (const auto& n : networks_)
        if (n.isDefaultBridge()) bridge = &n;
    if (c.networkModeKind() == "bridge") {
        for (const auto& l : c.config.links) {
            const Container* target = findContainer(l.target);
            if (!target) return daemonError("could not get container for " + l.target);
            if (!target->isRunning())
                return daemonError("Cannot link to a non running container: /" + target->name + " AS /" +
                                   c.name + "/" + l.alias);
            const Attachment* ta = bridge ? target->attachment(bridge->id) : nullptr;
            if (!ta || !ta->active)
                return daemonError("Cannot link to /" + target->name +
                                   ", as it does not belong to the default network");
            std::string line = ta->ip.str() + "\t" + l.alias + " " + target->shortId();
            if (target->name != l.alias) line += " " + target->name;
            plan.hostLinkLines.push_back(line + "\n");
            auto linkEnv = legacyLinkEnv("/" + c.name + "/" + l.alias, ta->ip.str(), mergedConfigEnv(*target),
                                         exposedPorts(*target));
            plan.env.insert(plan.env.end(), linkEnv.begin(), linkEnv.end());
        }
    }

    // Ports go on the first endpoint on a bridge network that is not internal (daemon/network.go).
    for (const auto& ep : plan.endpoints) {
        const Network* n = networkById(ep.networkId);
        if (!n || !n->isBridge() || n->internal) continue;
        plan.portEndpoint = true;
        std::vector<PublishedPort> live;
        for (const auto& other : containers_)
            if (other.isRunning()) live.insert(live.end(), other.published.begin(), other.published.end());
        plan.allocator = portAllocator_;
        if (auto err = mapPorts(c, ep.ip, n->bridgeName, live, *plan.allocator, plan.ports))
            return daemonError("driver failed programming external connectivity on endpoint " + c.name +
                               " (" + ep.endpointId + "): " + *err);
        break;
    }
    return std::nullopt;
}

void Daemon::attachEndpoint(HostContext& ctx, Container& c, Attachment& a, Ipv4 ip, bool defaultRoute) {
    Network& n = *mutableNetwork(a.networkId);
    a.active = true;
    a.everActive = true;
    if (!n.isBridge()) return; // host and none: an endpoint with no interface
    n.pool.markUsed(ip);
    a.ip = ip;
    a.mac = Mac::fromDockerIp(ip);
    // --mac-address applies to the endpoint on the network named by --network (or the default
    // bridge without one), not to networks connected later (daemon/network.go).
    const std::string& mode = c.config.networkMode;
    if (!c.config.macAddress.empty() && (n.name == mode || (mode == "default" && n.isDefaultBridge())))
        if (auto hw = gonet::parseMAC(c.config.macAddress); hw && hw->size() == 6)
            std::copy(hw->begin(), hw->end(), a.mac.bytes.begin());
    a.ifname = "eth" + std::to_string(c.nextEth++);
    NsRef host{};
    NsRef sandbox = nsRef(c);

    kernel::Link peer;
    peer.ifindex = ctx.kernel.allocateIfindex();
    kernel::Link veth;
    veth.ifindex = ctx.kernel.allocateIfindex();
    veth.name = ctx.random.vethName();
    veth.kind = kernel::LinkKind::Veth;
    veth.mac = ctx.random.kernelMac();
    veth.peerIfindex = peer.ifindex;
    veth.peerNamespace = host.id;
    peer.name = ctx.random.vethName();
    peer.kind = kernel::LinkKind::Veth;
    peer.mac = a.mac;
    peer.peerIfindex = veth.ifindex;
    peer.peerNamespace = host.id;
    a.hostVeth = veth.name;
    a.hostIfindex = veth.ifindex;
    a.ifindex = peer.ifindex;
    ctx.emit(kernel::VethAdd{host, veth, peer});
    ctx.emit(kernel::LinkSetMaster{host, veth.ifindex, veth.name, n.bridgeIfindex, n.bridgeName});
    ctx.emit(kernel::LinkSetUp{host, veth.ifindex, veth.name, true});
    ctx.emit(kernel::LinkSetNetns{host, peer.ifindex, peer.name, sandbox});
    ctx.emit(kernel::LinkRename{sandbox, peer.ifindex, peer.name, a.ifname});
    Ipv4Prefix subnet = n.pool.subnet();
    ctx.emit(kernel::AddrAdd{
        sandbox, peer.ifindex, a.ifname, {Ipv4Prefix{ip, subnet.length}, subnet.broadcast(), a.ifname}});
    ctx.emit(kernel::LinkSetUp{sandbox, peer.ifindex, a.ifname, true});
    if (defaultRoute && !n.internal) {
        kernel::Route r;
        r.destination = Ipv4Prefix{};
        r.gateway = n.gateway;
        r.device = peer.ifindex;
        ctx.emit(kernel::RouteAdd{sandbox, r, a.ifname});
    }
}

void Daemon::detachEndpoint(HostContext& ctx, Attachment& a) {
    if (!a.active) return;
    Network* n = mutableNetwork(a.networkId);
    if (n && n->isBridge()) {
        ctx.emit(kernel::LinkDel{{}, a.hostIfindex, a.hostVeth});
        n->pool.release(a.ip);
    }
    a.active = false;
    a.endpointId.clear();
    a.ip = {};
    a.mac = {};
    a.ifindex = a.hostIfindex = 0;
    a.hostVeth.clear();
    a.ifname.clear();
}

std::string Daemon::buildHosts(const Container& c, const std::vector<std::string>& linkLines) const {
    // Fixed lines, --add-host, legacy links, then one line of our own per address (etchosts.go).
    std::string out = kFixedHosts;
    for (const auto& [name, ip] : c.config.extraHosts) {
        // host-gateway is the daemon's HostGatewayIP, by default docker0's address (daemon_unix.go).
        std::string addr = ip;
        if (ip == "host-gateway")
            for (const auto& n : networks_)
                if (n.isDefaultBridge()) addr = n.gateway.str();
        out += addr + "\t" + name + "\n";
    }
    for (const auto& line : linkLines)
        out += line;
    for (const auto& a : c.attachments)
        if (a.active && networkById(a.networkId)->isBridge())
            out += a.ip.str() + "\t" + c.hostsNames() + "\n";
    return out;
}

std::string Daemon::buildResolvConf(const HostContext& ctx, const Container& c) const {
    DnsConfig dns{c.config.dns, c.config.dnsSearch, c.config.dnsOptions};
    return c.embeddedDns ? embeddedResolvConf(ctx.settings.resolvConf, dns)
                         : bridgeResolvConf(ctx.settings.resolvConf, dns);
}

void Daemon::writeSandboxFiles(HostContext& ctx, Container& c, const std::vector<std::string>& linkLines) {
    NsRef ns = nsRef(c);
    const std::string dir = "/var/lib/docker/containers/" + c.id + "/";
    ctx.emit(kernel::FileWrite{ns, "/etc/hosts", buildHosts(c, linkLines), dir + "hosts"});
    ctx.emit(kernel::FileWrite{ns, "/etc/hostname", c.hostname() + "\n", dir + "hostname"});
    ctx.emit(kernel::FileWrite{ns, "/etc/resolv.conf", buildResolvConf(ctx, c), dir + "resolv.conf"});
}

void Daemon::addDnsRules(HostContext& ctx, Container& c) {
    NsRef ns = nsRef(c);
    const kernel::NetworkNamespace* n = ctx.kernel.find(ns.id);
    if (!n || n->netfilter.nat.chain("DOCKER_OUTPUT")) return;
    int tcpPort = 32768 + static_cast<int>(ctx.random.below(28000));
    int udpPort = 32768 + static_cast<int>(ctx.random.below(28000));
    Ipv4Prefix dns{Ipv4{0x7f00000b}, 32};
    ctx.emit(kernel::ChainNew{ns, "nat", "DOCKER_OUTPUT"});
    ctx.emit(kernel::ChainNew{ns, "nat", "DOCKER_POSTROUTING"});
    NetfilterRule out = rule("DOCKER_OUTPUT");
    out.destination = dns;
    ctx.emit(kernel::RuleInsert{ns, "nat", "OUTPUT", 0, out});
    NetfilterRule post = rule("DOCKER_POSTROUTING");
    post.destination = dns;
    ctx.emit(kernel::RuleInsert{ns, "nat", "POSTROUTING", 0, post});
    for (auto [proto, port] : {std::pair<const char*, int>{"tcp", tcpPort}, {"udp", udpPort}}) {
        NetfilterRule d = rule("DNAT");
        d.destination = dns;
        d.protocol = proto;
        d.destinationPort = 53;
        d.toDestination = "127.0.0.11:" + std::to_string(port);
        ctx.emit(kernel::RuleInsert{ns, "nat", "DOCKER_OUTPUT", 0, d});
    }
    for (auto [proto, port] : {std::pair<const char*, int>{"tcp", tcpPort}, {"udp", udpPort}}) {
        NetfilterRule s = rule("SNAT");
        s.source = dns;
        s.protocol = proto;
        s.sourcePort = port;
        s.toSource = ":53";
        ctx.emit(kernel::RuleInsert{ns, "nat", "DOCKER_POSTROUTING", 0, s});
    }
}

void Daemon::publishPorts(HostContext& ctx, Container& c, const std::vector<PublishedPort>& ports) {
    // IPv6 bindings get no rules: ip6tables is left alone without --ipv6; docker-proxy serves them.
    for (const auto& p : ports) {
        if (!Ipv4::parse(p.hostIp)) continue;
        PortRules r = portRules(p);
        ctx.emit(kernel::RuleInsert{{}, "nat", "POSTROUTING", 0, r.masquerade});
        ctx.emit(kernel::RuleInsert{{}, "nat", "DOCKER", 0, r.dnat});
        ctx.emit(kernel::RuleInsert{{}, "filter", "DOCKER", 0, r.accept});
    }
    c.published = ports;
}

void Daemon::unpublishPorts(HostContext& ctx, Container& c) {
    for (const auto& p : c.published) {
        portAllocator_.release(p.hostIp, p.container.proto, p.hostPort);
        if (!Ipv4::parse(p.hostIp)) continue;
        PortRules r = portRules(p);
        ctx.emit(kernel::RuleDelete{{}, "nat", "POSTROUTING", r.masquerade});
        ctx.emit(kernel::RuleDelete{{}, "nat", "DOCKER", r.dnat});
        ctx.emit(kernel::RuleDelete{{}, "filter", "DOCKER", r.accept});
    }
    c.published.clear();
    c.hasPortEndpoint = false;
}

Outcome Daemon::start(HostContext& ctx, const std::string& id) {
    Container* c = mutableContainer(id);
    if (!c) return daemonError("No such container: " + id);
    if (c->isRunning()) return std::nullopt;
    StartPlan plan;
    if (auto err = planStart(ctx, *c, plan)) {
        // libnetwork releases the ports it took, but its range cursors have moved on.
        if (plan.allocator) portAllocator_ = *plan.allocator;
        return err;
    }
    if (plan.allocator) portAllocator_ = *plan.allocator;
    c->hasPortEndpoint = plan.portEndpoint;

    const std::string kind = c->networkModeKind();
    c->state = ContainerState::Running;
    c->everStarted = true;
    c->started = ctx.now;
    c->pid = nextPid_++;
    c->exitCode = 0;
    c->finished = 0;
    if (kind == "container") {
        c->joinedTo = plan.ownerId;
        c->namespaceId = -1;
    } else if (kind == "host") {
        c->namespaceId = kernel::KernelState::kRootNamespace;
        c->sandboxId = ctx.random.dockerId();
    } else {
        c->sandboxId = ctx.random.dockerId();
        c->namespaceId = ctx.kernel.allocateNamespaceId();
        c->nextEth = 0;
        NsRef ns = nsRef(*c);
        ctx.emit(kernel::NetnsAdd{ns});
        ctx.emit(kernel::Sysctl{ns, "net.ipv6.conf.all.disable_ipv6", "1"});
        ctx.emit(kernel::LinkSetUp{ns, 1, "lo", true});
    }
    bool routeGiven = false;
    std::size_t i = 0;
    for (auto& a : c->attachments) {
        if (kind == "container") break;
        const auto& ep = plan.endpoints[i++];
        a.networkId = ep.networkId;
        a.networkName = networkById(ep.networkId)->name;
        attachEndpoint(ctx, *c, a, ep.ip, !routeGiven);
        a.endpointId = ep.endpointId;
        const Network* n = networkById(a.networkId);
        if (n->isBridge() && !n->internal) routeGiven = true;
        if (n->isUserDefined()) c->embeddedDns = true;
    }
    if (kind != "container" && kind != "host") {
        writeSandboxFiles(ctx, *c, plan.hostLinkLines);
        if (c->embeddedDns) addDnsRules(ctx, *c);
    }
    publishPorts(ctx, *c, plan.ports);

    // The process environment (daemon CreateDaemonEnvironment, then exec adds HOME).
    std::vector<std::string> env;
    std::string path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    env.push_back(path);
    env.push_back("HOSTNAME=" + (kind == "host" ? ctx.settings.hostname : c->hostname()));
    if (c->config.tty) env.push_back("TERM=xterm");
    env.insert(env.end(), plan.env.begin(), plan.env.end());
    std::vector<std::string> configEnv = c->image.env;
    configEnv.insert(configEnv.end(), c->config.env.begin(), c->config.env.end());
    for (const auto& e : configEnv) {
        std::string key = e.substr(0, e.find('='));
        auto it = std::find_if(env.begin(), env.end(),
                               [&](const std::string& x) { return x.substr(0, x.find('=')) == key; });
        if (it != env.end())
            *it = e;
        else
            env.push_back(e);
    }
    c->env = env;

    Nanos duration = 0;
    switch (lifetimeOf(*c, duration)) {
    case Lifetime::Timed:
        setExit(*c, ctx.now + duration);
        break;
    case Lifetime::Immediate:
        // Detached short commands end at once; a foreground one is ended by the terminal.
        if (!c->config.attached)
            setExit(*c, ctx.now);
        else
            setExit(*c, std::nullopt);
        break;
    default:
        setExit(*c, std::nullopt);
        break;
    }
    return std::nullopt;
}

void Daemon::teardown(HostContext& ctx, Container& c, int exitCode) {
    unpublishPorts(ctx, c);
    for (auto& a : c.attachments)
        detachEndpoint(ctx, a);
    if (c.networkModeKind() != "container" && c.networkModeKind() != "host" && c.namespaceId > 0) {
        // Joiners still in this namespace: they follow c (-1) until c stops; one that joined before an
        // earlier restart of c holds an older namespace.
        auto inside = [&](const Container& o) {
            return o.isRunning() && o.joinedTo == c.id && o.id != c.id &&
                   (o.namespaceId < 0 || o.namespaceId == c.namespaceId);
        };
        if (std::any_of(containers_.begin(), containers_.end(), inside)) {
            // The joiners keep the namespace alive (with only lo); they now hold it themselves.
            for (auto& o : containers_)
                if (inside(o)) o.namespaceId = c.namespaceId;
        } else {
            ctx.emit(kernel::NetnsDel{nsRef(c)});
        }
    }
    if (c.networkModeKind() == "container" && c.namespaceId > 0) {
        // A joiner that outlived its owner held the namespace; the last one out deletes it.
        bool stillUsed = std::any_of(containers_.begin(), containers_.end(), [&](const Container& o) {
            return o.id != c.id && o.isRunning() && o.namespaceId == c.namespaceId;
        });
        if (const kernel::NetworkNamespace* ns = ctx.kernel.find(c.namespaceId); ns && !stillUsed)
            ctx.emit(kernel::NetnsDel{{c.namespaceId, ns->name}});
    }
    c.namespaceId = -1;
    c.state = ContainerState::Exited;
    c.exitCode = exitCode;
    c.finished = ctx.now;
    c.pid = 0;
    setExit(c, std::nullopt);
    if (c.config.autoRemove) {
        std::string id = c.id;
        std::erase_if(containers_, [&](const Container& x) { return x.id == id; });
        reindex();
        reindex();
    }
}

Nanos Daemon::stop(HostContext& ctx, const std::string& id, int timeoutSeconds, bool forRestart) {
    Container* c = mutableContainer(id);
    if (!c || !c->isRunning()) return 0;
    bool ignoresTerm = false;
    int code = stopExitCode(*c, ignoresTerm);
    Nanos took = ignoresTerm ? timeoutSeconds * kSecond + 150 * kMillisecond : 400 * kMillisecond;
    HostContext later = ctx;
    later.now = ctx.now + took;
    const bool autoRemove = c->config.autoRemove;
    if (forRestart) c->config.autoRemove = false;
    teardown(later, *c, code);
    if (forRestart) c->config.autoRemove = autoRemove;
    return took;
}

Outcome Daemon::rename(const std::string& ref, const std::string& newName) {
    if (ref.empty() || newName.empty()) return daemonError("Neither old nor new names may be empty");
    const std::string wanted = newName[0] == '/' ? newName.substr(1) : newName;
    const Container* found = findContainer(ref);
    if (!found) return daemonError("No such container: " + ref);
    const std::string id = found->id;
    const std::string oldName = found->name;
    if (oldName == wanted) return daemonError("Renaming a container with the same name as its current name");
    if (!validContainerName(wanted))
        return daemonError("Invalid container name (/" + wanted +
                           "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    if (const Container* other = findContainer(wanted); other && other->name == wanted)
        return daemonError("Error when allocating new name: Conflict. The container name \"/" + wanted +
                           "\" is already in use by container \"" + other->id +
                           "\". You have to remove (or rename) that container to be able to reuse that name");
    // Legacy links name the child through the link graph, so they follow both ends' new names.
    for (auto& p : containers_) {
        if (p.hostLinks.empty()) continue;
        for (auto& l : p.config.links)
            if (const Container* t = findContainer(l.target); t && t->id == id) l.target = wanted;
    }
    Container& c = containers_[byId_.at(id)];
    c.name = wanted;
    c.generatedName = false; // libnetwork: the endpoint is no longer anonymous
    reindex();
    for (auto& p : containers_) {
        if (p.hostLinks.empty()) continue;
        p.hostLinks.clear();
        for (const auto& l : p.config.links)
            if (const Container* t = findContainer(l.target))
                p.hostLinks.push_back("/" + t->name + ":/" + p.name + "/" + l.alias);
    }
    return std::nullopt;
}

Outcome Daemon::remove(HostContext& ctx, const std::string& id, bool force) {
    Container* c = mutableContainer(id);
    if (!c) return notFound("No such container: " + id);
    if (c->isRunning()) {
        if (!force)
            return daemonError("You cannot remove a running container " + c->id +
                               ". Stop the container before attempting removal or force remove");
        bool autoRemove = c->config.autoRemove;
        c->config.autoRemove = false;
        teardown(ctx, *c, 137);
        c = mutableContainer(id);
        if (c) c->config.autoRemove = autoRemove;
    }
    std::erase_if(containers_, [&](const Container& x) { return x.id == id; });
    reindex();
    return std::nullopt;
}

void Daemon::processExited(HostContext& ctx, const std::string& id, int exitCode) {
    Container* c = mutableContainer(id);
    if (c && c->isRunning()) teardown(ctx, *c, exitCode);
}

void Daemon::advanceTo(HostContext& ctx, Nanos t) {
    while (!exits_.empty() && exits_.begin()->first <= t) {
        auto [when, id] = *exits_.begin();
        exits_.erase(exits_.begin());
        Container* c = mutableContainer(id);
        if (!c || !c->isRunning()) continue;
        c->exitsAt.reset();
        HostContext at = ctx;
        at.now = when;
        teardown(at, *c, 0);
    }
}

// ---------------------------------------------------------------------------------------------
// connect / disconnect

Outcome Daemon::connect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                        const ConnectRequest& req) {
    Container* c = const_cast<Container*>(findContainer(containerRef));
    if (!c) return daemonError("No such container: " + containerRef);
    const Network* n = findNetwork(networkRef);
    if (!n) return daemonError("network " + networkRef + " not found");
    const std::string kind = c->networkModeKind();
    if (n->driver == "host")
        return daemonError("container cannot be disconnected from host network or connected to host network");
    if (kind == "host" || kind == "container")
        return daemonError("container sharing network namespace with another container or host cannot be "
                           "connected to any other network");
    if (kind == "none" || n->driver == "null")
        return daemonError("container cannot be connected to multiple networks with one of the networks in "
                           "private (none) mode");
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
    bool hasDefault = false;
    for (const auto& other : c->attachments)
        if (&other != &live && other.active) {
            const Network* on = networkById(other.networkId);
            if (on && on->isBridge() && !on->internal) hasDefault = true;
        }
    attachEndpoint(ctx, *c, live, ip, !hasDefault);
    live.endpointId = ctx.random.dockerId();
    NsRef ns = nsRef(*c);
    std::string hosts = containerFile(ctx, *c, "/etc/hosts").value_or("");
    ctx.emit(kernel::FileWrite{ns, "/etc/hosts", hosts + ip.str() + "\t" + c->hostsNames() + "\n",
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
        detachEndpoint(ctx, *a);
        if (n->isBridge()) {
            // Docker 20.10 removes every line of the container's own name, whatever the address.
            std::string hosts = containerFile(ctx, *c, "/etc/hosts").value_or("");
            const std::string names = c->hostsNames();
            std::string kept;
            std::size_t pos = 0;
            while (pos < hosts.size()) {
                auto end = hosts.find('\n', pos);
                std::string line = hosts.substr(pos, end - pos);
                pos = end == std::string::npos ? hosts.size() : end + 1;
                auto tab = line.find('\t');
                if (tab != std::string::npos && line.substr(tab + 1) == names) continue;
                kept += line + "\n";
            }
            ctx.emit(kernel::FileWrite{nsRef(*c), "/etc/hosts", kept,
                                       "/var/lib/docker/containers/" + c->id + "/hosts"});
        }
    }
    std::string netId = n->id;
    std::erase_if(c->attachments, [&](const Attachment& x) { return x.networkId == netId; });
    return std::nullopt;
}

} // namespace vethlab::docker
