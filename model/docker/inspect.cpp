#include "docker/inspect.h"

#include <algorithm>

#include "docker/link_env.h"
#include "docker/port_mapping.h"

namespace vethlab::docker {
namespace {

const TimeZone kUtc{0, "UTC"};
const char* kZeroTime = "0001-01-01T00:00:00Z";

Json stringMap(const std::map<std::string, std::string>& m) {
    Json o = Json::object();
    for (const auto& [k, v] : m)
        o.set(k, v);
    return o;
}

Json stringsOrNull(const std::vector<std::string>& v) {
    return v.empty() ? Json() : Json::stringArray(v);
}

} // namespace

Json networkJson(const Daemon& daemon, const Network& n, const TimeZone& zone) {
    Json j = Json::object();
    j.set("Name", n.name);
    j.set("Id", n.id);
    j.set("Created", formatRfc3339Nano(n.created, zone));
    j.set("Scope", n.scope);
    j.set("Driver", n.driver);
    j.set("EnableIPv6", n.enableIpv6);
    Json ipam = Json::object();
    ipam.set("Driver", "default");
    ipam.set("Options", n.predefined || n.gatewayBridge ? Json() : stringMap(n.ipamOptions));
    Json config = Json::array();
    // Host and none have no IPAM configuration; a config-only network may have none either.
    if (!n.subnetText.empty()) {
        Json entry = Json::object();
        entry.set("Subnet", n.subnetText);
        if (n.ipRangeText) entry.set("IPRange", *n.ipRangeText);
        if (n.gatewayText && !n.predefined) entry.set("Gateway", *n.gatewayText);
        if (!n.auxAddresses.empty()) entry.set("AuxiliaryAddresses", stringMap(n.auxAddresses));
        config.push(entry);
    }
    if (n.subnet6Text) { // buildIpamResources: the IPv6 configuration after the IPv4 one
        Json v6 = Json::object();
        v6.set("Subnet", *n.subnet6Text);
        if (n.gateway6Text) v6.set("Gateway", *n.gateway6Text);
        config.push(v6);
    }
    ipam.set("Config", config);
    j.set("IPAM", ipam);
    j.set("Internal", n.internal);
    j.set("Attachable", n.attachable);
    j.set("Ingress", false);
    Json from = Json::object();
    from.set("Network", n.configFrom);
    j.set("ConfigFrom", from);
    j.set("ConfigOnly", n.configOnly);
    // Each endpoint under its sandbox's container ID; libnetwork's gateway_<id> ones under their own name.
    std::vector<std::pair<const Container*, const Attachment*>> members;
    for (const Container* c : daemon.containers()) {
        if (const Attachment* a = c->attachment(n.id); a && a->active) members.push_back({c, a});
        if (c->gatewayEndpoint && c->gatewayEndpoint->networkId == n.id)
            members.push_back({c, &*c->gatewayEndpoint});
    }
    std::sort(members.begin(), members.end(), [](auto& a, auto& b) { return a.first->id < b.first->id; });
    Json containers = Json::object();
    for (const auto& [c, a] : members) {
        Json e = Json::object();
        const bool gateway = c->gatewayEndpoint && a == &*c->gatewayEndpoint;
        e.set("Name", gateway ? "gateway_" + c->shortId() : c->name);
        e.set("EndpointID", a->endpointId);
        bool bridge = n.hasInterface();
        e.set("MacAddress", bridge && n.driver != "ipvlan" ? a->mac.str() : "");
        e.set("IPv4Address", bridge ? a->ip.str() + "/" + std::to_string(n.pool.subnet().length) : "");
        e.set("IPv6Address", bridge && n.pool6 && a->ip6 ? n.pool6->subnet().at(*a->ip6) + "/" +
                                                               std::to_string(n.pool6->subnet().length)
                                                         : "");
        containers.set(c->id, e);
    }
    j.set("Containers", containers);
    j.set("Options", stringMap(n.options));
    j.set("Labels", stringMap(n.labels));
    return j;
}

std::vector<std::string> displayedAliases(const Daemon& daemon, const Container& c, const Attachment& a) {
    const Network* n = daemon.networkById(a.networkId);
    if (!n ? !(a.networkName != "bridge" && a.networkName != "host" && a.networkName != "none")
           : !n->isUserDefined())
        return {};
    std::vector<std::string> out = a.aliases;
    out.push_back(c.shortId());
    if (!c.config.hostname.empty() && c.config.hostname != c.shortId()) out.push_back(c.config.hostname);
    return out;
}

Json endpointJson(const Daemon& daemon, const Container& c, const Attachment& a) {
    const Network* n = daemon.networkById(a.networkId);
    Json e = Json::object();
    if (a.staticIp) {
        Json ipam = Json::object();
        ipam.set("IPv4Address", a.staticIp->str());
        e.set("IPAMConfig", ipam);
    } else {
        e.set("IPAMConfig", a.viaConnect ? Json::object() : Json());
    }
    e.set("Links", stringsOrNull(a.links));
    e.set("Aliases", stringsOrNull(displayedAliases(daemon, c, a)));
    e.set("NetworkID", a.everActive ? a.networkId : std::string());
    const bool live = a.active && n;
    const bool bridge = live && n->hasInterface();
    e.set("EndpointID", live ? a.endpointId : std::string());
    e.set("Gateway", bridge && n->setsGateway() ? n->gateway.str() : std::string());
    e.set("IPAddress", bridge ? a.ip.str() : std::string());
    e.set("IPPrefixLen", bridge ? n->pool.subnet().length : 0);
    const bool v6 = bridge && n->pool6 && a.ip6;
    e.set("IPv6Gateway", v6 && n->setsGateway() ? n->pool6->subnet().at(n->gateway6) : std::string());
    e.set("GlobalIPv6Address", v6 ? n->pool6->subnet().at(*a.ip6) : std::string());
    e.set("GlobalIPv6PrefixLen", v6 ? n->pool6->subnet().length : 0);
    e.set("MacAddress", bridge && n->driver != "ipvlan" ? a.mac.str() : std::string());
    e.set("DriverOpts", a.viaConnect ? Json::object() : Json());
    return e;
}

namespace {

Json stateJson(const Container& c) {
    Json state = Json::object();
    const char* status = c.state == ContainerState::Running   ? "running"
                         : c.state == ContainerState::Created ? "created"
                                                              : "exited";
    state.set("Status", status);
    state.set("Running", c.isRunning());
    state.set("Paused", false);
    state.set("Restarting", false);
    state.set("OOMKilled", false);
    state.set("Dead", false);
    state.set("Pid", c.pid);
    state.set("ExitCode", c.exitCode);
    state.set("Error", "");
    state.set("StartedAt", c.everStarted ? formatRfc3339Nano(c.started, kUtc) : kZeroTime);
    state.set("FinishedAt", c.finished ? formatRfc3339Nano(c.finished, kUtc) : kZeroTime);
    return state;
}

// HostConfig.PortBindings: the -p requests as typed, grouped by container port.
Json portBindingsJson(const Container& c) {
    Json bindings = Json::object();
    std::map<std::string, Json> byPort;
    std::vector<std::string> order;
    for (const auto& p : c.config.ports) {
        std::string key = p.container.str();
        if (!byPort.count(key)) byPort[key] = Json::array();
        Json b = Json::object();
        b.set("HostIp", p.hostIp);
        b.set("HostPort", p.hostPort);
        byPort[key].push(b);
    }
    for (auto& [k, v] : byPort)
        bindings.set(k, v);
    return bindings;
}

// HostConfig's resource limits and device settings: all at their defaults in the lab.
void setResourceDefaults(Json& hc) {
    for (const char* k : {"CpuShares", "Memory", "NanoCpus"})
        hc.set(k, 0);
    hc.set("CgroupParent", "");
    hc.set("BlkioWeight", 0);
    hc.set("BlkioWeightDevice", Json::array());
    for (const char* k :
         {"BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps"})
        hc.set(k, Json());
    for (const char* k : {"CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime"})
        hc.set(k, 0);
    hc.set("CpusetCpus", "");
    hc.set("CpusetMems", "");
    hc.set("Devices", Json::array());
    hc.set("DeviceCgroupRules", Json());
    hc.set("DeviceRequests", Json());
    for (const char* k : {"KernelMemory", "KernelMemoryTCP", "MemoryReservation", "MemorySwap"})
        hc.set(k, 0);
    hc.set("MemorySwappiness", Json());
    hc.set("OomKillDisable", false);
    hc.set("PidsLimit", Json());
    hc.set("Ulimits", Json());
    for (const char* k : {"CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth"})
        hc.set(k, 0);
    hc.set("MaskedPaths", Json::stringArray({"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                                             "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                                             "/proc/sched_debug", "/proc/scsi", "/sys/firmware"}));
    hc.set("ReadonlyPaths",
           Json::stringArray({"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}));
}

Json hostConfigJson(const Container& c) {
    Json hc = Json::object();
    hc.set("Binds", Json());
    hc.set("ContainerIDFile", "");
    Json log = Json::object();
    log.set("Type", "json-file");
    log.set("Config", Json::object());
    hc.set("LogConfig", log);
    hc.set("NetworkMode", c.config.networkMode);
    hc.set("PortBindings", portBindingsJson(c));
    Json restart = Json::object();
    restart.set("Name", "no");
    restart.set("MaximumRetryCount", 0);
    hc.set("RestartPolicy", restart);
    hc.set("AutoRemove", c.config.autoRemove);
    hc.set("VolumeDriver", "");
    hc.set("VolumesFrom", Json());
    hc.set("CapAdd", Json());
    hc.set("CapDrop", Json());
    hc.set("CgroupnsMode", "host");
    hc.set("Dns", Json::stringArray(c.config.dns));
    hc.set("DnsOptions", Json::stringArray(c.config.dnsOptions));
    hc.set("DnsSearch", Json::stringArray(c.config.dnsSearch));
    std::vector<std::string> extra;
    for (const auto& [name, ip] : c.config.extraHosts)
        extra.push_back(name + ":" + ip);
    hc.set("ExtraHosts", stringsOrNull(extra));
    hc.set("GroupAdd", Json());
    hc.set("IpcMode", "private");
    hc.set("Cgroup", "");
    hc.set("Links", stringsOrNull(c.hostLinks));
    hc.set("OomScoreAdj", 0);
    hc.set("PidMode", "");
    hc.set("Privileged", false);
    hc.set("PublishAllPorts", c.config.publishAll);
    hc.set("ReadonlyRootfs", false);
    hc.set("SecurityOpt", Json());
    hc.set("UTSMode", "");
    hc.set("UsernsMode", "");
    hc.set("ShmSize", static_cast<std::int64_t>(67108864));
    hc.set("Runtime", "runc");
    Json console = Json::array();
    console.push(0);
    console.push(0);
    hc.set("ConsoleSize", console);
    hc.set("Isolation", "");
    setResourceDefaults(hc);
    return hc;
}

// overlay2's directories for the container's layer over the image's.
Json graphDriverJson(const Container& c) {
    Json gd = Json::object();
    Json data = Json::object();
    const std::string layer = "/var/lib/docker/overlay2/" + c.layerId;
    // The image's own layer directory: a stable per-image name (ours is its ID reversed).
    const std::string imageLayer(c.image.id.rbegin(), c.image.id.rend());
    data.set("LowerDir", layer + "-init/diff:/var/lib/docker/overlay2/" + imageLayer + "/diff");
    data.set("MergedDir", layer + "/merged");
    data.set("UpperDir", layer + "/diff");
    data.set("WorkDir", layer + "/work");
    gd.set("Data", data);
    gd.set("Name", "overlay2");
    return gd;
}

Json configJson(const Container& c) {
    Json cfg = Json::object();
    cfg.set("Hostname", c.networkModeKind() == NetworkMode::Container ? std::string() : c.hostname());
    cfg.set("Domainname", c.config.domainname);
    cfg.set("User", "");
    cfg.set("AttachStdin", c.config.attached && c.config.stdinOpen);
    cfg.set("AttachStdout", c.config.attached);
    cfg.set("AttachStderr", c.config.attached);
    const std::vector<PortProto> exposed = exposedPorts(c);
    if (!exposed.empty()) {
        Json ep = Json::object();
        for (const auto& p : exposed)
            ep.set(p.str(), Json::object());
        cfg.set("ExposedPorts", ep);
    }
    cfg.set("Tty", c.config.tty);
    cfg.set("OpenStdin", c.config.stdinOpen);
    cfg.set("StdinOnce", c.config.attached && c.config.stdinOpen);
    cfg.set("Env", stringsOrNull(mergedConfigEnv(c)));
    const auto& cmd = c.config.cmd.empty() && c.config.entrypoint.empty() ? c.image.cmd : c.config.cmd;
    cfg.set("Cmd", stringsOrNull(cmd));
    cfg.set("Image", c.config.image);
    cfg.set("Volumes", Json());
    cfg.set("WorkingDir", c.image.workdir);
    const auto& entry = c.config.entrypoint.empty() ? c.image.entrypoint : c.config.entrypoint;
    cfg.set("Entrypoint", stringsOrNull(entry));
    if (!c.config.macAddress.empty()) cfg.set("MacAddress", c.config.macAddress);
    cfg.set("OnBuild", Json());
    cfg.set("Labels", stringMap(c.config.labels));
    return cfg;
}

// NetworkSettings.Ports: what was published (a port exposed but not published maps to null).
Json portsJson(const Container& c) {
    Json ports = Json::object();
    for (const auto& [port, hostBindings] : networkSettingsPorts(c)) {
        if (!hostBindings) {
            ports.set(port, Json());
            continue;
        }
        Json list = Json::array();
        for (const auto& b : *hostBindings) {
            Json one = Json::object();
            one.set("HostIp", b.hostIp);
            one.set("HostPort", b.hostPort);
            list.push(one);
        }
        ports.set(port, list);
    }
    return ports;
}

// NetworkSettings' top-level endpoint fields: those of the default bridge's endpoint, if any.
void setDefaultBridgeEndpoint(const Daemon& daemon, const Container& c, Json& ns) {
    const Attachment* def = nullptr;
    for (const auto& a : c.attachments)
        if (const Network* n = daemon.networkById(a.networkId); n && n->isDefaultBridge() && a.active)
            def = &a;
    const Network* bridge = def ? daemon.networkById(def->networkId) : nullptr;
    ns.set("EndpointID", def ? def->endpointId : std::string());
    ns.set("Gateway", def ? bridge->gateway.str() : std::string());
    ns.set("GlobalIPv6Address", "");
    ns.set("GlobalIPv6PrefixLen", 0);
    ns.set("IPAddress", def ? def->ip.str() : std::string());
    ns.set("IPPrefixLen", def ? bridge->pool.subnet().length : 0);
    ns.set("IPv6Gateway", "");
    ns.set("MacAddress", def ? def->mac.str() : std::string());
}

// NetworkSettings.Networks, by network name.
Json networksJson(const Daemon& daemon, const Container& c) {
    Json nets = Json::object();
    std::vector<const Attachment*> sorted;
    for (const auto& a : c.attachments)
        sorted.push_back(&a);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->networkName < b->networkName; });
    for (const Attachment* a : sorted)
        nets.set(a->networkName, endpointJson(daemon, c, *a));
    return nets;
}

Json networkSettingsJson(const Daemon& daemon, const Container& c) {
    Json ns = Json::object();
    const NetworkMode kind = c.networkModeKind();
    const bool joined = kind == NetworkMode::Container;
    ns.set("Bridge", "");
    ns.set("SandboxID", joined ? std::string() : c.sandboxId);
    ns.set("HairpinMode", false);
    ns.set("LinkLocalIPv6Address", "");
    ns.set("LinkLocalIPv6PrefixLen", 0);
    ns.set("Ports", portsJson(c));
    std::string key;
    if (!joined && !c.sandboxId.empty())
        key = kind == NetworkMode::Host ? "/var/run/docker/netns/default"
                                        : "/var/run/docker/netns/" + c.sandboxId.substr(0, 12);
    ns.set("SandboxKey", key);
    ns.set("SecondaryIPAddresses", Json());
    ns.set("SecondaryIPv6Addresses", Json());
    setDefaultBridgeEndpoint(daemon, c, ns);
    ns.set("Networks", networksJson(daemon, c));
    return ns;
}

} // namespace

Json containerJson(const Daemon& daemon, const Container& c) {
    Json j = Json::object();
    const auto command = c.command();
    j.set("Id", c.id);
    j.set("Created", formatRfc3339Nano(c.created, kUtc));
    j.set("Path", command.empty() ? "" : command[0]);
    Json args = Json::array();
    for (std::size_t i = 1; i < command.size(); ++i)
        args.push(command[i]);
    j.set("Args", args);
    j.set("State", stateJson(c));
    j.set("Image", "sha256:" + c.image.id);
    const std::string dir = "/var/lib/docker/containers/" + c.id + "/";
    j.set("ResolvConfPath", dir + "resolv.conf");
    j.set("HostnamePath", dir + "hostname");
    j.set("HostsPath", dir + "hosts");
    j.set("LogPath", dir + c.id + "-json.log");
    j.set("Name", "/" + c.name);
    j.set("RestartCount", 0);
    j.set("Driver", "overlay2");
    j.set("Platform", "linux");
    j.set("MountLabel", "");
    j.set("ProcessLabel", "");
    j.set("AppArmorProfile", "");
    j.set("ExecIDs", Json());
    j.set("HostConfig", hostConfigJson(c));
    j.set("GraphDriver", graphDriverJson(c));
    j.set("Mounts", Json::array());
    j.set("Config", configJson(c));
    j.set("NetworkSettings", networkSettingsJson(daemon, c));
    return j;
}

} // namespace vethlab::docker
