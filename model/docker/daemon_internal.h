// Helpers the daemon's files share (daemon.cpp, daemon_containers.cpp, daemon_networks.cpp,
// daemon_endpoints.cpp, daemon_iptables.cpp, daemon_sandbox.cpp, daemon_links.cpp). Not for use
// outside model/docker.
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

/// libnetwork's endpoint order in a sandbox: the first bridge endpoint holds the default route.
bool gatewayNetworkFirst(const Network& a, const Network& b);

/// What `start` decides before it changes anything.
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

} // namespace vethlab::docker
