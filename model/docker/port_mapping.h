// How the daemon turns a container's ports into host bindings (moby 20.10.24:
// daemon/network.go buildCreateEndpointOptions, go-connections nat.SortPortMap, and libnetwork's
// drivers/bridge/port_mapping.go allocatePortsInternal), and how it reports them back
// (daemon/network.go getEndpointPortMapInfo -> NetworkSettings.Ports).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/container.h"
#include "docker/port_allocator.h"

namespace vethlab::docker {

/// Config.ExposedPorts: -p and --expose ports plus the image's EXPOSE (daemon merge), sorted as
/// Go prints the map's keys ("443/tcp" before "80/tcp").
std::vector<PortProto> exposedPorts(const Container& c);

/// The bindings the bridge driver programs for the container's gateway endpoint, in order:
/// each requested port gives an IPv4 binding (0.0.0.0 unless a v4 host IP was given) and an IPv6
/// one (:: unless a v4 host IP was given; docker-proxy relays it to the container's IPv4 address).
/// `defaultHostIp` is the network's com.docker.network.bridge.host_binding_ipv4, for -p without an address.
/// `others` are the bindings already live (their docker-proxy sockets hold the ports).
/// On failure returns the driver's error ("Bind for 0.0.0.0:8081 failed: port is already
/// allocated", "Error starting userland proxy: listen tcp4 ...", "all ports are allocated");
/// `alloc` keeps what Docker's allocator keeps after a failure (released ports, moved cursors).
[[nodiscard]] std::optional<std::string> mapPorts(const Container& c, Ipv4 containerIp,
                                                  const std::string& bridge,
                                                  const std::vector<PublishedPort>& others,
                                                  PortAllocator& alloc, std::vector<PublishedPort>& out,
                                                  const std::string& defaultHostIp = "0.0.0.0");

/// One host binding of NetworkSettings.Ports.
struct HostBinding {
    std::string hostIp, hostPort;
};
/// NetworkSettings.Ports while the container runs: every exposed port, null when it is not
/// published (nullopt), else its bindings in the order they were programmed.
std::map<std::string, std::optional<std::vector<HostBinding>>> networkSettingsPorts(const Container& c);

/// docker/cli formatter.DisplayablePorts: the PORTS column of `docker ps`.
std::string displayablePorts(const Container& c);

/// The docker-proxy command line for a binding, as `ps` on the host shows it.
std::string dockerProxyCommand(const PublishedPort& p);

} // namespace vethlab::docker
