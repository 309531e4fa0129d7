// The Docker daemon's networking decisions: networks, IPAM, containers and their network modes,
// endpoints, --link, aliases, published ports. It changes the kernel only by emitting KernelOps
// through a HostContext, and every request is checked completely before the first op is emitted,
// so a failed request changes nothing (a `run` that fails while starting leaves a Created
// container, as Docker does).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "docker/container.h"
#include "docker/docker_error.h"
#include "docker/image.h"
#include "docker/network.h"
#include "docker/port_allocator.h"
#include "kernel/kernel_op.h"
#include "lab_settings.h"
#include "util/random.h"

namespace vethlab::docker {

struct IpamRequest;

/// Everything outside Docker's own state that the daemon touches while it works.
struct HostContext {
    const kernel::KernelState& kernel; // read only: the daemon changes the kernel by emitting ops
    Random& random;
    Nanos now;
    const LabSettings& settings;
    std::function<void(kernel::KernelOp)> emit; // applies an op and records it (moved into the log)
};

struct NetworkCreateRequest {
    std::string name;
    std::string driver = "bridge";
    std::vector<std::string> subnets, gateways, ipRanges;
    std::map<std::string, std::string> auxAddresses, options, labels, ipamOptions;
    std::string ipamDriver = "default";
    bool internal = false, attachable = false, ipv6 = false, ingress = false;
    std::string scope;       // --scope as given ("" lets the driver decide)
    bool configOnly = false; // --config-only
    std::string configFrom;  // --config-from: a config-only network's name
};

struct ConnectRequest {
    std::vector<std::string> aliases;
    std::vector<std::string> links;
    std::optional<std::string> ip;
};

struct CreateResult {
    std::string id;
    std::vector<std::string> warnings;
};

/// True when the container's main process runs until it is stopped (a server, `sleep infinity`, an
/// interactive shell); false for a command that ends by itself.
bool runsUntilStopped(const Container& c);

class Daemon {
public:
    /// Daemon start: predefined networks, docker0 and the iptables chains.
    void boot(HostContext& ctx);

    // Lookups by exact name, full ID, or a unique ID prefix (Docker's order).
    const Network* findNetwork(const std::string& ref) const;
    const Container* findContainer(const std::string& ref) const;
    std::vector<const Network*> networks() const;
    std::vector<const Container*> containers() const; // newest first, as `docker ps` lists them
    const Network* networkById(const std::string& id) const;
    const Container* containerById(const std::string& id) const;
    const ImageCatalogue& images() const { return images_; }
    void setImages(ImageCatalogue c) { images_ = std::move(c); }

    Expected<std::string> createNetwork(HostContext& ctx, const NetworkCreateRequest& req);
    /// Removes one network (`ref` as typed).
    Outcome removeNetwork(HostContext& ctx, const std::string& ref);
    /// Removes the unused user-defined networks `eligible` accepts (all when empty); their names.
    std::vector<std::string> pruneNetworks(HostContext& ctx,
                                           const std::function<bool(const Network&)>& eligible = {});
    Outcome connect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                    const ConnectRequest& req);
    Outcome disconnect(HostContext& ctx, const std::string& networkRef, const std::string& containerRef,
                       bool force);

    /// `docker create` and the create stage of `docker run`.
    Expected<CreateResult> createContainer(HostContext& ctx, const ContainerConfig& config);
    Outcome start(HostContext& ctx, const std::string& id);
    /// Stops a running container; `timeoutSeconds` is how long a process that ignores SIGTERM gets.
    /// Returns the simulated time the stop took. A stop for a restart keeps an --rm container
    /// (moby's containerRestart clears AutoRemove around the stop).
    Nanos stop(HostContext& ctx, const std::string& id, int timeoutSeconds, bool forRestart = false);
    Outcome remove(HostContext& ctx, const std::string& id, bool force);
    /// `docker rename` (daemon/rename.go): the new name serves from now on in `docker ps`, inspect,
    /// the embedded DNS (a container Docker named becomes resolvable by name) and the legacy links'
    /// HostConfig.Links; files written at start (the linked containers' /etc/hosts) keep the old name.
    /// Links on user-defined networks keep the target's old name and stop resolving.
    Outcome rename(const std::string& ref, const std::string& newName);
    /// The container's main process ended by itself (a foreground command finished).
    void processExited(HostContext& ctx, const std::string& id, int exitCode);
    /// Lets time pass: containers whose command ends by then exit, in order.
    void advanceTo(HostContext& ctx, Nanos t);

    /// The namespace a command in this container runs in (host mode: the root namespace).
    int namespaceOf(const Container& c) const;
    /// Files a process in the container sees (/etc/hosts, /etc/resolv.conf, /etc/hostname).
    std::optional<std::string> containerFile(const HostContext& ctx, const Container& c,
                                             const std::string& path) const;
    /// A host-mode container's own /etc/hosts, which it has only with --add-host.
    std::optional<std::string> hostModeHosts(const Container& c) const;
    /// A file a program in container `id` saved at absolute `path` (its writable layer keeps it until
    /// `docker rm`). False when there is no such container.
    bool saveFile(const std::string& id, const std::string& path, std::string content);

    friend bool operator==(const Daemon&, const Daemon&) = default;

private:
    Network* mutableNetwork(const std::string& id);
    Container* mutableContainer(const std::string& id);
    bool nameInUse(const std::string& name) const;
    std::string uniqueName(HostContext& ctx) const;
    std::vector<Ipv4Prefix> takenPrefixes(const HostContext& ctx) const;

    void bootDefaultBridge(HostContext& ctx, Nanos after);
    Outcome checkNewNetwork(const NetworkCreateRequest& req) const;
    Expected<std::string> createDriverNetwork(HostContext& ctx, const NetworkCreateRequest& req,
                                              const std::string& scope);
    /// A --config-only network (daemon_config_networks.cpp): stored, never given to a driver or IPAM.
    Expected<std::string> createConfigNetwork(HostContext& ctx, const NetworkCreateRequest& req);
    /// The request with the network-specific part of its --config-from network (applyConfigurationTo).
    Expected<NetworkCreateRequest> withConfigFrom(const NetworkCreateRequest& req) const;
    /// The network's driver objects deleted from the host (a bridge and its rules, a dummy parent).
    void deleteDriverNetwork(HostContext& ctx, const Network& n);
    Outcome allocateIpv4(HostContext& ctx, Network& n, const IpamRequest& ipam);
    Outcome allocateIpv6(Network& n, const IpamRequest& ipam) const;
    Expected<std::string> createBridgeNetwork(HostContext& ctx, Network n);
    Expected<std::string> createParentedNetwork(HostContext& ctx, Network n);

    void programBridgeNetwork(HostContext& ctx, const Network& n);
    void unprogramBridgeNetwork(HostContext& ctx, const Network& n);

    Outcome checkNewContainer(const ContainerConfig& config, const Image& image) const;
    Container newContainer(HostContext& ctx, ContainerConfig config, const Image& image) const;
    std::vector<Attachment> requestedAttachments(const ContainerConfig& config) const;

    struct StartPlan;
    /// Everything a start decides (endpoints, addresses, ports, links) before it changes anything.
    Outcome planStart(HostContext& ctx, const Container& c, StartPlan& plan) const;
    Outcome planEndpoint(HostContext& ctx, const Container& c, const Attachment& a,
                         std::map<std::string, std::vector<Ipv4>>& reserved, StartPlan& plan) const;
    Outcome planPorts(const Container& c, StartPlan& plan) const;
    void enterSandbox(HostContext& ctx, Container& c, const std::string& ownerId);
    void joinPlannedEndpoints(HostContext& ctx, Container& c, const StartPlan& plan);
    void scheduleExit(HostContext& ctx, Container& c);

    Outcome checkConnect(const Container& c, const Network& n, const ConnectRequest& req) const;
    void joinRunning(HostContext& ctx, Container& c, const Network& n, Ipv4 ip);
    /// The active bridge endpoint that holds the container's default route (libnetwork's order).
    const Attachment* gatewayAttachment(const Container& c) const;
    /// libnetwork's needDefaultGW: the container has endpoints, none internal, and none gives a gateway.
    bool needsDefaultGateway(const Container& c) const;
    /// sbJoin/sbLeave's last steps: the gateway_<id> endpoint on docker_gwbridge joins when the container
    /// needs a gateway (docker_gwbridge made first if there is none) and leaves when it no longer does.
    void updateDefaultGateway(HostContext& ctx, Container& c);
    /// libnetwork createGWNetwork: the bridge network docker_gwbridge, ICC off, masquerading on.
    /// Null when no default pool is free (the start's plan checks that first).
    const Network* createGatewayNetwork(HostContext& ctx);
    /// The network named docker_gwbridge, if there is one.
    const Network* gatewayNetwork() const;
    /// Whether the planned endpoints leave the container without a gateway, and then the address its
    /// gateway_<id> endpoint will take (on a docker_gwbridge that may not exist yet).
    Outcome planGatewayEndpoint(const HostContext& ctx, StartPlan& plan) const;
    /// The endpoint leaves; if it held the default route, the next in libnetwork's order takes it.
    void leaveEndpoint(HostContext& ctx, Container& c, Attachment& a);
    /// `default via <its network's gateway> dev <its ethN>`.
    kernel::Route defaultRoute(const Attachment& a) const;
    /// The IPv6 default route via the network's IPv6 gateway (--ipv6 networks), as osl programGateway adds
    /// it.
    std::optional<kernel::Ipv6Route> defaultRoute6(const Attachment& a) const;
    /// The sandbox's gateway set or unset (sandbox.go updateGateway): the IPv4 and IPv6 default routes.
    void setDefaultRoutes(HostContext& ctx, const Container& c, const Attachment& a, bool add);
    void attachEndpoint(HostContext& ctx, Container& c, Attachment& a, Ipv4 ip, bool takesDefaultRoute);
    void detachEndpoint(HostContext& ctx, const Container& c, Attachment& a);
    /// macvlan/ipvlan Join (daemon_stacked_endpoint.cpp): a link on the parent, moved in as ethN.
    void attachStackedEndpoint(HostContext& ctx, Container& c, Attachment& a, const Network& n);
    void addConnectedDefaults(HostContext& ctx, const kernel::NsRef& sandbox, const Attachment& a);
    void addEndpointIpv6(HostContext& ctx, const Container& c, Attachment& a, Network& n);
    void writeSandboxFiles(HostContext& ctx, Container& c, const std::vector<std::string>& linkLines);
    std::string buildHosts(const Container& c, const std::vector<std::string>& linkLines) const;
    std::string buildResolvConf(const HostContext& ctx, const Container& c) const;
    /// The /etc/hosts lines of one endpoint: its IPv4 address and, on an --ipv6 network, its IPv6 one.
    std::string hostsLines(const Container& c, const Attachment& a) const;
    void addDnsRules(HostContext& ctx, Container& c);
    void publishPorts(HostContext& ctx, Container& c, const std::vector<PublishedPort>& ports);
    void unpublishPorts(HostContext& ctx, Container& c);
    void teardown(HostContext& ctx, Container& c, int exitCode);
    Outcome planLegacyLinks(const Container& c, StartPlan& plan) const;
    void renameLinkTargets(const std::string& id, const std::string& newName);
    void rebuildHostLinks();
    kernel::NsRef nsRef(const Container& c) const;

    std::vector<Network> networks_; // in creation order
    void reindex();
    void setExit(Container& c, std::optional<Nanos> at);

    std::vector<Container> containers_;                // in creation order
    std::map<std::string, std::size_t> byId_, byName_; // indexes into containers_
    std::set<std::pair<Nanos, std::string>> exits_;    // running containers whose command ends by itself
    DefaultPools pools_;
    ImageCatalogue images_;
    PortAllocator portAllocator_;
    int nextPid_ = 10302;
    bool booted_ = false;
};

} // namespace vethlab::docker
