// Containers' lifecycle: create, start (with its plan checked before anything changes), stop,
// teardown, rename, remove, and the clock that ends commands which end by themselves.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/port_mapping.h"
#include "docker/program_name.h"

namespace vethlab::docker {
namespace {

using kernel::NsRef;

// net/bridge/br_if.c find_portno(): port numbers run 1..BR_MAX_PORTS-1 (0 is reserved), so a bridge takes
// 1023 ports and one more fails with EXFULL ("exchange full"), which libnetwork's ioctl fallback in
// addToBridge returns unchanged.
constexpr int kBridgeMaxPorts = 1023;

int bridgePorts(const kernel::KernelState& k, int bridgeIfindex) {
    const auto& links = k.root().links;
    return static_cast<int>(std::count_if(links.begin(), links.end(),
                                          [&](const kernel::Link& l) { return l.master == bridgeIfindex; }));
}

// How the container's main process behaves once started.
enum class Lifetime { Interactive, Forever, Timed, Immediate };

Lifetime lifetimeOf(const Container& c, Nanos& duration) {
    auto words = c.command();
    if (words.empty()) return Lifetime::Immediate;
    std::string prog = baseName(words[0]);
    if (prog == "docker-entrypoint.sh" && words.size() > 1) prog = baseName(words[1]);
    if (isShellProgram(prog)) {
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

// The client's checks of --link and --network-alias against the network mode (docker/cli opts.go).
Outcome clientNetworkChecks(const ContainerConfig& config) {
    const std::string& mode = config.networkMode;
    const NetworkMode kind = networkModeOf(mode);
    const bool containerMode = kind == NetworkMode::Container;
    const bool hostMode = kind == NetworkMode::Host;
    const bool noneMode = kind == NetworkMode::None;
    // Only an explicit --network bridge (not the default) is checked: the client looks at the flag's
    // text (parseNetworkAttachmentOpt), aliases first; so `--network bridge --link` is refused
    // (docker/cli#2030) while a plain `--link` is not.
    const bool notUserDefined = mode == "bridge" || hostMode || noneMode || containerMode;
    if (!config.networkAliases.empty() && notUserDefined)
        return clientError("network-scoped aliases are only supported for user-defined networks.");
    if (!config.links.empty() && notUserDefined)
        return clientError("links are only supported for user-defined networks.");
    return Outcome::ok();
}

// What `docker run` prints for an image that is not pulled (the lab cannot pull).
DockerError imageNotFound(const std::string& image) {
    std::string ref = image.find(':') == std::string::npos ? image + ":latest" : image;
    return DockerError{DockerError::Kind::Client,
                       "Unable to find image '" + ref + "' locally\n" +
                           "docker: Error response from daemon: pull access denied for " +
                           image.substr(0, image.find(':')) +
                           ", repository does not exist or may require 'docker login': denied: requested "
                           "access to the resource is denied."};
}

// Daemon-side validation of the host config against the network mode (runconfig validateNetContainerMode).
Outcome networkModeConflicts(const ContainerConfig& config) {
    const NetworkMode kind = networkModeOf(config.networkMode);
    const bool containerMode = kind == NetworkMode::Container;
    const bool hostMode = kind == NetworkMode::Host;
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
    return Outcome::ok();
}

// The process environment (daemon CreateDaemonEnvironment, then exec adds HOME): PATH, HOSTNAME,
// TERM with -t, the legacy links' variables, then the image's and -e's (a later one replaces).
std::vector<std::string> processEnv(const HostContext& ctx, const Container& c, NetworkMode kind,
                                    const std::vector<std::string>& linkEnv) {
    std::vector<std::string> env;
    std::string path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    env.push_back(path);
    env.push_back("HOSTNAME=" + (kind == NetworkMode::Host ? ctx.settings.hostname : c.hostname()));
    if (c.config.tty) env.push_back("TERM=xterm");
    env.insert(env.end(), linkEnv.begin(), linkEnv.end());
    std::vector<std::string> configEnv = c.image.env;
    configEnv.insert(configEnv.end(), c.config.env.begin(), c.config.env.end());
    for (const auto& e : configEnv) {
        std::string key = e.substr(0, e.find('='));
        auto it = std::find_if(env.begin(), env.end(),
                               [&](const std::string& x) { return x.substr(0, x.find('=')) == key; });
        if (it != env.end())
            *it = e;
        else
            env.push_back(e);
    }
    return env;
}

// An endpoint's address on a bridge network: the --ip asked for, or the lowest free one; `taken` holds
// what this start has already planned on the network.
Expected<Ipv4> planAddress(const Network& n, std::optional<Ipv4> staticIp, std::vector<Ipv4>& taken) {
    if (staticIp) {
        if (auto e = checkStaticIp(n, *staticIp); e.failed()) return e.error();
        if (n.pool.isUsed(*staticIp) || std::count(taken.begin(), taken.end(), *staticIp))
            return daemonError("Address already in use");
        taken.push_back(*staticIp);
        return *staticIp;
    }
    // A copy of the pool only when this start has taken addresses on it already: the bitmap of a /16
    // is 8 KiB, and copying it for every container was a tenth of replaying 1,000 `docker run`.
    std::optional<Ipv4> ip;
    if (taken.empty()) {
        ip = n.pool.lowestFree();
    } else {
        IpamPool probe = n.pool;
        for (Ipv4 t : taken)
            probe.markUsed(t);
        ip = probe.lowestFree();
    }
    if (!ip)
        return daemonError("no available IPv4 addresses on this network's address pools: " + n.name + " (" +
                           n.id + ")");
    taken.push_back(*ip);
    return *ip;
}

} // namespace

bool runsUntilStopped(const Container& c) {
    Nanos unused = 0;
    Lifetime l = lifetimeOf(c, unused);
    return l == Lifetime::Forever || l == Lifetime::Interactive;
}

// ---------------------------------------------------------------------------------------------
// Containers

Expected<CreateResult> Daemon::createContainer(HostContext& ctx, const ContainerConfig& in) {
    ContainerConfig config = in;
    if (auto e = clientNetworkChecks(config); e.failed()) return e.error();
    const Image* image = images_.find(config.image);
    if (!image) return imageNotFound(config.image);
    if (auto e = networkModeConflicts(config); e.failed()) return e.error();
    if (auto e = checkNewContainer(config, *image); e.failed()) return e.error();

    CreateResult result;
    if (networkModeOf(config.networkMode) == NetworkMode::Host &&
        (!config.ports.empty() || config.publishAll)) {
        result.warnings.push_back("Published ports are discarded when using host network mode");
        config.ports.clear();
        config.publishAll = false;
    }
    Container c = newContainer(ctx, std::move(config), *image);
    c.attachments = requestedAttachments(c.config);
    if (c.networkModeKind() != NetworkMode::UserDefined)
        for (const auto& l : c.config.links) // checkNewContainer found each target
            c.hostLinks.push_back("/" + findContainer(l.target)->name + ":/" + c.name + "/" + l.alias);
    containers_.push_back(std::move(c));
    byId_[containers_.back().id] = containers_.size() - 1;
    byName_[containers_.back().name] = containers_.size() - 1;
    result.id = containers_.back().id;
    return result;
}

// The daemon's checks of a create request: a command to run, a free valid name, existing link targets.
Outcome Daemon::checkNewContainer(const ContainerConfig& config, const Image& image) const {
    if (config.cmd.empty() && config.entrypoint.empty() && image.cmd.empty() && image.entrypoint.empty())
        return daemonError("No command specified");
    if (!config.name.empty()) {
        if (!validContainerName(config.name))
            return daemonError("Invalid container name (" + config.name +
                               "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (const Container* other = findContainer(config.name); other && other->name == config.name)
            return daemonError(
                "Conflict. The container name \"/" + config.name + "\" is already in use by container \"" +
                other->id +
                "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
    for (const auto& l : config.links)
        if (!findContainer(l.target))
            return daemonError("could not get container for " + l.target +
                               ": No such container: " + l.target);
    return Outcome::ok();
}

// A created container: its ID, name and layer; a container-mode one records its owner's full ID.
Container Daemon::newContainer(HostContext& ctx, ContainerConfig config, const Image& image) const {
    Container c;
    c.id = ctx.random.dockerId();
    c.generatedName = config.name.empty();
    c.name = config.name.empty() ? uniqueName(ctx) : config.name;
    c.image = image;
    c.created = stamp(ctx, ctx.now);
    c.layerId = ctx.random.hex(64);
    if (networkModeOf(config.networkMode) == NetworkMode::Container)
        if (const Container* owner = findContainer(containerModeTarget(config.networkMode))) {
            config.networkMode = "container:" + owner->id;
            c.joinedTo = owner->id;
        }
    c.config = std::move(config);
    return c;
}

// The endpoints the network mode asks for; they get their addresses when the container starts.
std::vector<Attachment> Daemon::requestedAttachments(const ContainerConfig& config) const {
    auto on = [&](const std::string& netName) {
        Attachment a;
        const Network* n = findNetwork(netName);
        a.networkName = n ? n->name : netName;
        a.networkId = n ? n->id : "";
        return a;
    };
    switch (networkModeOf(config.networkMode)) {
    case NetworkMode::Bridge: {
        Attachment a = on("bridge");
        // With no --network the client files --ip under "default", which the daemon never reads.
        if (config.ip && config.networkMode == "bridge") a.staticIp = Ipv4::parse(*config.ip);
        return {a};
    }
    case NetworkMode::Host:
    case NetworkMode::None:
        return {on(config.networkMode)};
    case NetworkMode::UserDefined: {
        Attachment a = on(config.networkMode);
        a.aliases = config.networkAliases;
        if (config.ip) a.staticIp = Ipv4::parse(*config.ip);
        for (const auto& l : config.links)
            a.links.push_back(l.target + ":" + l.alias);
        return {a};
    }
    case NetworkMode::Container:
        break;
    }
    return {};
}

Outcome Daemon::planStart(HostContext& ctx, const Container& c, StartPlan& plan) const {
    if (c.networkModeKind() == NetworkMode::Container) {
        std::string ref = containerModeTarget(c.config.networkMode);
        const Container* owner = findContainer(ref);
        if (!owner) return daemonError("No such container: " + ref);
        if (!owner->isRunning())
            return daemonError("cannot join network of a non running container: " + owner->id);
        plan.ownerId = owner->id;
        return Outcome::ok();
    }
    // Endpoints in the attachments' order; the addresses this plan takes, per network.
    std::map<std::string, std::vector<Ipv4>> reserved;
    for (const auto& a : c.attachments)
        if (auto e = planEndpoint(ctx, c, a, reserved, plan); e.failed()) return e;
    if (auto e = planGatewayEndpoint(ctx, plan); e.failed()) return e;
    if (auto err = planLegacyLinks(c, plan); err.failed()) return err;
    return planPorts(c, plan);
}

Outcome Daemon::planEndpoint(HostContext& ctx, const Container& c, const Attachment& a,
                             std::map<std::string, std::vector<Ipv4>>& reserved, StartPlan& plan) const {
    const Network* n = a.networkId.empty() ? findNetwork(a.networkName) : networkById(a.networkId);
    if (!n)
        return daemonError("network " + (a.networkId.empty() ? a.networkName : a.networkId) + " not found");
    if (n->configOnly) return daemonError("cannot create endpoint on configuration-only network");
    StartPlan::Endpoint ep{n->id, {}, ctx.random.dockerId()};
    if (n->hasInterface()) {
        auto ip = planAddress(*n, a.staticIp, reserved[n->id]);
        if (ip.failed()) return ip.error();
        ep.ip = ip.value();
    }
    if (n->isParented())
        if (auto e = refuseStackedPort(ctx.kernel, *n); e.failed()) return e;
    if (n->isBridge()) {
        // The driver's CreateEndpoint: the new veth (under a fresh random name) cannot join the bridge.
        // (Counted only when the host has that many links at all: a scan of them per start was
        // quadratic in a big lab.)
        if (ctx.kernel.root().links.size() >= static_cast<std::size_t>(kBridgeMaxPorts) &&
            bridgePorts(ctx.kernel, n->bridgeIfindex) >= kBridgeMaxPorts)
            return daemonError("failed to create endpoint " + c.name + " on network " + n->name +
                               ": adding interface " + ctx.random.vethName() + " to bridge " + n->bridgeName +
                               " failed: exchange full");
    }
    plan.endpoints.push_back(ep);
    return Outcome::ok();
}

// Ports go on the first endpoint on a bridge network that is not internal (daemon/network.go); with none,
// on the gateway_<id> endpoint, which libnetwork creates with the sandbox's port map (setupDefaultGW).
Outcome Daemon::planPorts(const Container& c, StartPlan& plan) const {
    const StartPlan::Endpoint* target = nullptr;
    const Network* net = nullptr;
    for (const auto& ep : plan.endpoints) {
        const Network* n = networkById(ep.networkId);
        if (!n || !n->isBridge() || n->internal) continue;
        target = &ep;
        net = n;
        break;
    }
    if (!target && plan.gatewayEndpoint) {
        target = &*plan.gatewayEndpoint;
        net = gatewayNetwork();
    }
    if (!target) return Outcome::ok();
    plan.portEndpoint = true;
    // Nothing to publish: no need to gather every running container's ports (quadratic in a big lab).
    if (c.config.ports.empty() && !c.config.publishAll) return Outcome::ok();
    std::vector<PublishedPort> live;
    for (const auto& other : containers_)
        if (other.isRunning()) live.insert(live.end(), other.published.begin(), other.published.end());
    plan.allocator = portAllocator_;
    const std::string bridge = net ? net->bridgeName : kGatewayBridgeName;
    const std::string hostIp = net ? net->hostBindingIpv4 : "0.0.0.0";
    if (auto err = mapPorts(c, target->ip, bridge, live, *plan.allocator, plan.ports, hostIp))
        return daemonError("driver failed programming external connectivity on endpoint " + c.name + " (" +
                           target->endpointId + "): " + *err);
    return Outcome::ok();
}

Outcome Daemon::start(HostContext& ctx, const std::string& id) {
    Container* c = mutableContainer(id);
    if (!c) return daemonError("No such container: " + id);
    if (c->isRunning()) return Outcome::ok();
    StartPlan plan;
    const Outcome planned = planStart(ctx, *c, plan);
    // libnetwork releases the ports a failed start took, but its range cursors have moved on.
    if (plan.allocator) portAllocator_ = *plan.allocator;
    if (planned.failed()) return planned;
    c->hasPortEndpoint = plan.portEndpoint;
    enterSandbox(ctx, *c, plan.ownerId);
    joinPlannedEndpoints(ctx, *c, plan);
    publishPorts(ctx, *c, plan.ports);
    c->env = processEnv(ctx, *c, c->networkModeKind(), plan.env);
    scheduleExit(ctx, *c);
    return Outcome::ok();
}

// The container runs: a new PID, and its own network namespace (with lo up) unless it shares the
// host's or its owner's.
void Daemon::enterSandbox(HostContext& ctx, Container& c, const std::string& ownerId) {
    c.state = ContainerState::Running;
    c.everStarted = true;
    c.started = ctx.now;
    c.pid = nextPid_++;
    c.exitCode = 0;
    c.finished = 0;
    switch (c.networkModeKind()) {
    case NetworkMode::Container:
        c.joinedTo = ownerId;
        c.namespaceId = -1;
        return;
    case NetworkMode::Host:
        c.namespaceId = kernel::KernelState::kRootNamespace;
        c.sandboxId = ctx.random.dockerId();
        return;
    default:
        break;
    }
    c.sandboxId = ctx.random.dockerId();
    c.namespaceId = ctx.kernel.peekNamespaceId(); // NetnsAdd below takes it
    c.nextEth = 0;
    NsRef ns = nsRef(c);
    ctx.emit(kernel::NetnsAdd{ns});
    ctx.emit(kernel::Sysctl{ns, "net.ipv6.conf.all.disable_ipv6", "1"});
    ctx.emit(kernel::LinkSetUp{ns, 1, "lo", true});
}

// The planned endpoints join the sandbox (the first bridge one in libnetwork's order holds the default
// route), then the sandbox's files and the embedded DNS rules follow.
void Daemon::joinPlannedEndpoints(HostContext& ctx, Container& c, const StartPlan& plan) {
    const NetworkMode kind = c.networkModeKind();
    if (kind == NetworkMode::Container) return;
    const Network* gatewayNet = nullptr;
    for (const auto& ep : plan.endpoints)
        if (const Network* n = networkById(ep.networkId);
            n->setsGateway() && (!gatewayNet || gatewayNetworkFirst(*n, *gatewayNet)))
            gatewayNet = n;
    std::size_t i = 0;
    for (auto& a : c.attachments) {
        const auto& ep = plan.endpoints[i++];
        a.networkId = ep.networkId;
        a.networkName = networkById(ep.networkId)->name;
        attachEndpoint(ctx, c, a, ep.ip, gatewayNet && ep.networkId == gatewayNet->id);
        a.endpointId = ep.endpointId;
        if (networkById(a.networkId)->isUserDefined()) c.embeddedDns = true;
    }
    // sbJoin's last step, once here: a start that joins a network with a gateway after one without would
    // make docker_gwbridge's endpoint and remove it again (and skip an ethN), which vethlab does not.
    updateDefaultGateway(ctx, c);
    if (kind == NetworkMode::Host) {
        // Its own hosts file only with --add-host; otherwise it sees the host's (buildHostsFile).
        if (auto own = hostModeHosts(c))
            ctx.emit(kernel::FileWrite{nsRef(c), "/etc/hosts", *own,
                                       "/var/lib/docker/containers/" + c.id + "/hosts", c.shortId()});
        return;
    }
    writeSandboxFiles(ctx, c, plan.hostLinkLines);
    if (c.embeddedDns) addDnsRules(ctx, c);
}

// When the main process ends by itself: after its sleep, at once, or never (it waits to be stopped).
void Daemon::scheduleExit(HostContext& ctx, Container& c) {
    Nanos duration = 0;
    switch (lifetimeOf(c, duration)) {
    case Lifetime::Timed:
        setExit(c, ctx.now + duration);
        break;
    case Lifetime::Immediate:
        // Detached short commands end at once; a foreground one is ended by the terminal.
        setExit(c, c.config.attached ? std::nullopt : std::optional<Nanos>(ctx.now));
        break;
    case Lifetime::Forever:
    case Lifetime::Interactive:
        setExit(c, std::nullopt);
        break;
    }
}

void Daemon::teardown(HostContext& ctx, Container& c, int exitCode) {
    unpublishPorts(ctx, c);
    for (auto& a : c.attachments)
        detachEndpoint(ctx, c, a);
    if (c.gatewayEndpoint) detachEndpoint(ctx, c, *c.gatewayEndpoint);
    c.gatewayEndpoint.reset();
    const NetworkMode kind = c.networkModeKind();
    if (kind != NetworkMode::Container && kind != NetworkMode::Host && c.namespaceId > 0) {
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
    if (kind == NetworkMode::Container && c.namespaceId > 0) {
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
        return daemonError("Error when allocating new name: Invalid container name (/" + wanted +
                           "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    if (const Container* other = findContainer(wanted); other && other->name == wanted)
        return daemonError(
            "Error when allocating new name: Conflict. The container name \"/" + wanted +
            "\" is already in use by container \"" + other->id +
            "\". You have to remove (or rename) that container to be able to reuse that name.");
    renameLinkTargets(id, wanted);
    Container& c = containers_[byId_.at(id)];
    c.name = wanted;
    c.generatedName = false; // libnetwork: the endpoint is no longer anonymous
    reindex();
    rebuildHostLinks();
    return Outcome::ok();
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
    return Outcome::ok();
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

} // namespace vethlab::docker
