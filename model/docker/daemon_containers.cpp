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
std::optional<DockerError> clientNetworkChecks(const ContainerConfig& config) {
    const std::string& mode = config.networkMode;
    const NetworkMode kind = networkModeOf(mode);
    const bool containerMode = kind == NetworkMode::Container;
    const bool hostMode = kind == NetworkMode::Host;
    const bool noneMode = kind == NetworkMode::None;
    if (!config.links.empty() && (hostMode || noneMode || containerMode))
        return clientError("links are only supported for user-defined networks.");
    // An explicit --network bridge, not the default (the client checks the flag's text).
    if (!config.networkAliases.empty() && (mode == "bridge" || hostMode || noneMode || containerMode))
        return clientError("network-scoped aliases are only supported for user-defined networks.");
    return std::nullopt;
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
std::optional<DockerError> networkModeConflicts(const ContainerConfig& config) {
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
    return std::nullopt;
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
    const std::string& mode = config.networkMode;
    const NetworkMode kind = networkModeOf(mode);
    const bool containerMode = kind == NetworkMode::Container;
    const bool hostMode = kind == NetworkMode::Host;
    if (auto e = clientNetworkChecks(config)) return *e;

    const Image* image = images_.find(config.image);
    if (!image) return imageNotFound(config.image);

    if (auto e = networkModeConflicts(config)) return *e;
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
    const bool userNetwork = kind == NetworkMode::UserDefined;
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
        std::string ownerRef = containerModeTarget(mode);
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
    if (kind == NetworkMode::Bridge) {
        attach("bridge", false);
        // With no --network the client files --ip under "default", which the daemon never reads.
        if (config.ip && mode == "bridge") c.attachments.back().staticIp = Ipv4::parse(*config.ip);
    } else if (hostMode || kind == NetworkMode::None) {
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

std::optional<DockerError> Daemon::planStart(HostContext& ctx, const Container& c, StartPlan& plan) const {
    if (c.networkModeKind() == NetworkMode::Container) {
        std::string ref = containerModeTarget(c.config.networkMode);
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
        if (n->isParented())
            return clientError(
                "vethlab: " + n->driver +
                " endpoints are not simulated: the network exists, but containers cannot join it here");
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

    if (auto err = planLegacyLinks(c, plan)) return err;

    // Ports go on the first endpoint on a bridge network that is not internal (daemon/network.go).
    for (const auto& ep : plan.endpoints) {
        const Network* n = networkById(ep.networkId);
        if (!n || !n->isBridge() || n->internal) continue;
        plan.portEndpoint = true;
        std::vector<PublishedPort> live;
        for (const auto& other : containers_)
            if (other.isRunning()) live.insert(live.end(), other.published.begin(), other.published.end());
        plan.allocator = portAllocator_;
        if (auto err =
                mapPorts(c, ep.ip, n->bridgeName, live, *plan.allocator, plan.ports, n->hostBindingIpv4))
            return daemonError("driver failed programming external connectivity on endpoint " + c.name +
                               " (" + ep.endpointId + "): " + *err);
        break;
    }
    return std::nullopt;
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

    const NetworkMode kind = c->networkModeKind();
    c->state = ContainerState::Running;
    c->everStarted = true;
    c->started = ctx.now;
    c->pid = nextPid_++;
    c->exitCode = 0;
    c->finished = 0;
    if (kind == NetworkMode::Container) {
        c->joinedTo = plan.ownerId;
        c->namespaceId = -1;
    } else if (kind == NetworkMode::Host) {
        c->namespaceId = kernel::KernelState::kRootNamespace;
        c->sandboxId = ctx.random.dockerId();
    } else {
        c->sandboxId = ctx.random.dockerId();
        c->namespaceId = ctx.kernel.peekNamespaceId(); // NetnsAdd below takes it
        c->nextEth = 0;
        NsRef ns = nsRef(*c);
        ctx.emit(kernel::NetnsAdd{ns});
        ctx.emit(kernel::Sysctl{ns, "net.ipv6.conf.all.disable_ipv6", "1"});
        ctx.emit(kernel::LinkSetUp{ns, 1, "lo", true});
    }
    const Network* gatewayNet = nullptr;
    for (const auto& ep : plan.endpoints)
        if (const Network* n = networkById(ep.networkId);
            n->isBridge() && (!gatewayNet || gatewayNetworkFirst(*n, *gatewayNet)))
            gatewayNet = n;
    std::size_t i = 0;
    for (auto& a : c->attachments) {
        if (kind == NetworkMode::Container) break;
        const auto& ep = plan.endpoints[i++];
        a.networkId = ep.networkId;
        a.networkName = networkById(ep.networkId)->name;
        attachEndpoint(ctx, *c, a, ep.ip, gatewayNet && ep.networkId == gatewayNet->id);
        a.endpointId = ep.endpointId;
        if (networkById(a.networkId)->isUserDefined()) c->embeddedDns = true;
    }
    if (kind != NetworkMode::Container && kind != NetworkMode::Host) {
        writeSandboxFiles(ctx, *c, plan.hostLinkLines);
        if (c->embeddedDns) addDnsRules(ctx, *c);
    }
    publishPorts(ctx, *c, plan.ports);

    c->env = processEnv(ctx, *c, kind, plan.env);

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
    renameLinkTargets(id, wanted);
    Container& c = containers_[byId_.at(id)];
    c.name = wanted;
    c.generatedName = false; // libnetwork: the endpoint is no longer anonymous
    reindex();
    rebuildHostLinks();
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

} // namespace vethlab::docker
