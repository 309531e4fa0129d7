// Helpers the daemon's files (daemon*.cpp) share. Not for use outside model/docker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "docker/daemon.h"

namespace vethlab::docker {

DockerError daemonError(std::string m);
DockerError clientError(std::string m);
DockerError notFound(std::string m);

/// A rule that jumps to `target` and matches everything (fields are set by the caller).
kernel::NetfilterRule rule(std::string target);
/// The daemon's chains and jumps at start (nat DOCKER, filter DOCKER, the isolation stages, DOCKER-USER).
void emitDaemonChains(HostContext& ctx);

/// A sub-millisecond jitter for a timestamp, never ending in 0.
Nanos createdJitter(HostContext& ctx);
/// A timestamp `base` plus jitter whose last digit is never 0 (so Go prints all nine fraction digits).
Nanos stamp(HostContext& ctx, Nanos base);
/// [a-zA-Z0-9][a-zA-Z0-9_.-]+ (daemon/names.go).
bool validContainerName(const std::string& n);

/// /etc/hosts without the lines naming `names` (Docker 20.10's removal on disconnect).
std::string hostsWithoutNames(const std::string& hosts, const std::string& names);

/// docker/cli consolidateIpam: each --ip-range, --gateway and --aux-address must fall in a --subnet.
Outcome checkIpamFlags(const NetworkCreateRequest& req);

/// libnetwork validateConfiguration: what --config-only and --config-from may not be combined with.
Outcome checkConfigFields(const NetworkCreateRequest& req);
/// The network's scope (--scope, else the driver's), or NewNetwork's refusal of it on a non-swarm engine.
Expected<std::string> networkScope(const NetworkCreateRequest& req);
/// A config-only network that networks made --config-from it still use cannot be removed.
Outcome refuseConfigInUse(const std::vector<Network>& networks, const Network& n);

/// The checks of a user-given endpoint address (--ip) that do not depend on what is in use.
Outcome checkStaticIp(const Network& n, Ipv4 ip);

/// A `network create` request's IPAM part, split by address family.
struct IpamRequest {
    std::vector<std::string> subnets, gateways; // IPv4
    std::optional<std::string> ipRange;         // the first --ip-range, when it parses
    std::optional<std::string> subnet6, gateway6;
};
IpamRequest splitIpamRequest(const NetworkCreateRequest& req);
/// daemon/network.go getIpamConfig: every --subnet must parse ("Invalid subnet ...").
Outcome checkSubnetSyntax(const NetworkCreateRequest& req);

/// libnetwork's endpoint order in a sandbox: the first bridge endpoint holds the default route.
bool gatewayNetworkFirst(const Network& a, const Network& b);

/// The name libnetwork gives the network of default gateways (libnGWNetwork).
extern const char* const kGatewayBridgeName;
/// libnetwork's needDefaultGW over a sandbox's networks: some endpoint that needs a gateway (not host or
/// null, not internal, not ipvlan l3) and none that gives one.
bool needsDefaultGateway(const std::vector<const Network*>& networks);

/// A macvlan/ipvlan network's mode: -o macvlan_mode / -o ipvlan_mode, or the driver's default.
std::string stackedMode(const Network& n);
/// The kernel's refusal of one more macvlan link on a parent (passthru takes one only), as Join says it.
Outcome refuseStackedPort(const kernel::KernelState& k, const Network& n);

/// What `start` decides before it changes anything.
struct Daemon::StartPlan {
    struct Endpoint {
        std::string networkId;
        Ipv4 ip;
        std::string endpointId;
    };
    std::vector<Endpoint> endpoints;
    std::optional<Endpoint> gatewayEndpoint; // gateway_<id> on docker_gwbridge (networkId "" until it exists)
    std::vector<PublishedPort> ports;
    bool portEndpoint = false;
    std::optional<PortAllocator> allocator; // the allocator after mapping (also after a failed one)
    std::string ownerId;                    // container mode
    std::vector<std::string> env;
    std::vector<std::string> hostLinkLines;
};

} // namespace vethlab::docker
