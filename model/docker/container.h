// A container: what `docker run` asked for, its state, and its endpoints on networks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "docker/image.h"
#include "docker/network_mode.h"
#include "net/ipv4.h"
#include "util/sim_time.h"

namespace vethlab::docker {

enum class ContainerState { Created, Running, Exited };

/// A requested port publication (-p [ip:][hostPort:]containerPort[/proto]).
struct PortBinding {
    PortProto container;
    std::string hostIp;   // "" = all addresses
    std::string hostPort; // as typed ("" = ephemeral)
    friend bool operator==(const PortBinding&, const PortBinding&) = default;
};

/// A port the daemon actually bound on the host while the container runs: one per address
/// family for a port published on all addresses (0.0.0.0 and ::), each with its docker-proxy.
struct PublishedPort {
    PortProto container;
    std::string hostIp; // "0.0.0.0" / "::" for all addresses of that family
    int hostPort = 0;
    Ipv4 containerIp;
    std::string bridgeName;
    friend bool operator==(const PublishedPort&, const PublishedPort&) = default;
};

struct LegacyLink {
    std::string target; // container name or ID as given
    std::string alias;
    friend bool operator==(const LegacyLink&, const LegacyLink&) = default;
};

struct ContainerConfig {
    std::string name;
    std::string image;
    std::vector<std::string> cmd;        // empty: the image's CMD
    std::vector<std::string> entrypoint; // empty: the image's ENTRYPOINT
    std::string networkMode = "default"; // "default", "bridge", "host", "none", a network, or "container:X"
    std::vector<PortBinding> ports;
    bool publishAll = false;
    std::vector<PortProto> expose;
    std::vector<LegacyLink> links;
    std::vector<std::string> networkAliases;
    std::optional<std::string> ip;
    std::string hostname;
    std::string domainname;
    std::string macAddress;
    std::vector<std::string> dns, dnsSearch, dnsOptions;
    std::vector<std::pair<std::string, std::string>> extraHosts;
    std::vector<std::string> env;
    std::map<std::string, std::string> labels; // --label key=value
    bool tty = false;
    bool stdinOpen = false;
    bool autoRemove = false;
    bool attached = false; // run/create without -d: the client attaches stdout and stderr
    friend bool operator==(const ContainerConfig&, const ContainerConfig&) = default;
};

/// An attachment to a network: what was asked, and the live endpoint while the container runs.
struct Attachment {
    std::string networkId;
    std::string networkName;
    std::vector<std::string> aliases; // user-supplied (--network-alias / --alias)
    std::vector<std::string> links;   // "target:alias" on user-defined networks
    std::optional<Ipv4> staticIp;     // --ip
    bool viaConnect = false;          // `network connect` shows IPAMConfig {} and DriverOpts {}
    bool everActive = false;          // a never-started container shows "NetworkID": ""

    // Live endpoint (only while running).
    bool active = false;
    std::string endpointId;
    Ipv4 ip;
    std::optional<std::uint64_t> ip6; // offset in the network's IPv6 pool (--ipv6 networks)
    Mac mac;
    std::string ifname; // eth0, eth1, ...
    int ifindex = 0;    // container side
    std::string hostVeth;
    int hostIfindex = 0;
    friend bool operator==(const Attachment&, const Attachment&) = default;
};

struct Container {
    std::string id;
    std::string name;
    bool generatedName = false;
    ContainerConfig config;
    Image image;
    ContainerState state = ContainerState::Created;
    int exitCode = 0;
    Nanos created = 0, started = 0, finished = 0;
    bool everStarted = false;
    int pid = 0;
    std::optional<Nanos> exitsAt; // `sleep N` and other short-lived commands end on their own
    std::vector<Attachment> attachments;
    // libnetwork's anonymous "gateway_<short id>" endpoint on docker_gwbridge, there while the sandbox has
    // endpoints but none gives a gateway (default_gateway.go). Not among the container's networks: inspect,
    // /etc/hosts and the embedded DNS do not know it; `network inspect docker_gwbridge` does.
    std::optional<Attachment> gatewayEndpoint;
    std::string sandboxId;
    int namespaceId = -1;         // the netns the container's processes live in (host mode: 0)
    int nextEth = 0;              // per-sandbox counter, never reused (eth0, eth1, ...)
    bool embeddedDns = false;     // sticky once attached to a user-defined network
    std::string joinedTo;         // container mode: owner's full ID
    std::vector<std::string> env; // process environment, computed at start
    std::vector<PublishedPort> published;
    bool hasPortEndpoint = false;       // an endpoint reports ExposedPorts/PortMap (NetworkSettings.Ports)
    std::vector<std::string> hostLinks; // HostConfig.Links: "/db:/app/mydb"
    std::string layerId;                // overlay2 directory of the container's writable layer
    // What its programs saved in that layer (busybox wget's index.html), by absolute path. The image's
    // own files are not modelled.
    std::map<std::string, std::string> savedFiles;

    std::string shortId() const { return id.substr(0, 12); }
    bool isRunning() const { return state == ContainerState::Running; }
    std::string hostname() const; // -h value, else the short ID
    // Where docker exec runs (the image's WORKDIR, else /), and a path as a program there names it.
    std::string workingDir() const { return image.workdir.empty() ? "/" : image.workdir; }
    std::string pathFromWorkingDir(const std::string& path) const;
    std::string hostsNames() const; // the names on its own /etc/hosts lines: "host.domain host" or "host"
    std::vector<std::string> command() const; // entrypoint + cmd as the process runs
    NetworkMode networkModeKind() const;      // the kind of config.networkMode
    Attachment* attachment(const std::string& networkId);
    const Attachment* attachment(const std::string& networkId) const;
    friend bool operator==(const Container&, const Container&) = default;
};

} // namespace vethlab::docker
