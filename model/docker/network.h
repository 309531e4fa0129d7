// A Docker network as the daemon keeps it: driver, IPAM configuration, options and labels.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/ipam_pool.h"
#include "docker/ipv6_pool.h"
#include "util/sim_time.h"

namespace vethlab::docker {

struct Network {
    std::string id; // 64 hex
    std::string name;
    std::string
        driver; // "bridge", "macvlan", "ipvlan", "host" or "null" (the none network, config-only ones)
    std::string scope = "local"; // --scope as given, else the driver's data scope
    Nanos created = 0;
    bool predefined = false;    // bridge, host and none
    bool gatewayBridge = false; // docker_gwbridge as libnetwork makes it on demand (createGWNetwork)
    bool internal = false;
    bool attachable = false;
    bool enableIpv6 = false;
    std::map<std::string, std::string> options; // -o, sorted as Go prints map keys
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> ipamOptions;

    // A --config-only network (libnetwork stores it with the null driver, no IPAM pool and no link):
    // the IPAM flags as given, which a network made --config-from it takes with its options, labels,
    // IPAM options and --ipv6. Inspect shows them through subnetText, ipRangeText, gatewayText, subnet6Text
    // and gateway6Text, as given.
    bool configOnly = false;
    std::vector<std::string> configSubnets, configGateways, configIpRanges;
    std::string configFrom; // the config-only network this one took its configuration from

    // Bridge driver only.
    std::string bridgeName;
    int bridgeIfindex = 0;
    IpamPool pool;
    Ipv4 gateway;
    std::string subnetText; // as given (--subnet keeps host bits) or as allocated
    std::optional<std::string> ipRangeText;
    std::optional<std::string>
        gatewayText; // shown in IPAM.Config only when the user gave one or the pool was picked
    std::map<std::string, std::string> auxAddresses;
    bool userSubnet = false;  // --subnet was given: --ip is allowed
    bool icc = true;          // com.docker.network.bridge.enable_icc
    bool ipMasquerade = true; // com.docker.network.bridge.enable_ip_masquerade
    int mtu = 0;              // com.docker.network.driver.mtu: given to each veth end, not the bridge
    std::string hostBindingIpv4 = "0.0.0.0"; // com.docker.network.bridge.host_binding_ipv4

    // IPv6: an IPv6 --subnet (shown in IPAM.Config even without --ipv6); with --ipv6 the bridge
    // driver's second pool, its gateway on the bridge and an address for every endpoint.
    std::optional<std::string> subnet6Text;
    std::optional<std::string> gateway6Text; // --gateway of the IPv6 subnet, as given
    std::optional<Ipv6Pool> pool6;           // only with --ipv6
    std::uint64_t gateway6 = 0;              // offset of the gateway in pool6

    // macvlan and ipvlan: the host link their endpoints hang off, and whether the driver made it
    // (a dummy "dm-<id>"/"di-<id>" when no -o parent was given), to delete with the network.
    std::string parentLink;
    bool createdParent = false;
    int parentIfindex = 0;
    Mac parentMac; // the parent's own address: a passthru endpoint borrows the parent and gives it back

    bool isBridge() const { return driver == "bridge"; }
    bool isParented() const { return driver == "macvlan" || driver == "ipvlan"; }
    /// The drivers whose networks get an IPAM pool (all but host and null).
    bool hasIpam() const { return isBridge() || isParented(); }
    /// The drivers whose endpoints get an interface in the container (a veth, or a macvlan/ipvlan link).
    bool hasInterface() const { return hasIpam(); }
    /// ipvlan in l3 mode (-o ipvlan_mode=l3): Join disables the gateway service and gives the endpoint a
    /// connected default route on its interface instead of a gateway (ipvlan_joinleave.go).
    bool isIpvlanL3() const {
        auto it = options.find("ipvlan_mode");
        return driver == "ipvlan" && it != options.end() && it->second == "l3";
    }
    /// Whether the driver's Join gives its endpoints the network's gateway: the bridge always; macvlan and
    /// ipvlan l2 unless their config is internal (--internal, or no -o parent: CreateNetwork sets it).
    bool setsGateway() const {
        return isBridge() || (isParented() && !isIpvlanL3() && !internal && options.count("parent"));
    }
    bool isDefaultBridge() const { return isBridge() && predefined; }
    bool isUserDefined() const { return !predefined; }
    friend bool operator==(const Network&, const Network&) = default;
};

} // namespace vethlab::docker
