// One network interface as the kernel holds it: what `ip link`, `ip addr` and `ifconfig` print.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "util/sim_time.h"

namespace vethlab::kernel {

// Dummy: the parent Docker makes for a macvlan/ipvlan network without -o parent. Macvlan and Ipvlan:
// an endpoint on such a network, stacked on its parent (no veth, no bridge).
enum class LinkKind { Loopback, Ethernet, Bridge, Veth, Ifb, Dummy, Macvlan, Ipvlan };

struct Ipv4Address {
    Ipv4Prefix prefix; // address and prefix length
    Ipv4 broadcast;    // "brd" as ip addr prints it
    std::string label; // the device name, printed at the end of the inet line
    friend bool operator==(const Ipv4Address&, const Ipv4Address&) = default;
};

struct Ipv6Address {
    std::string address; // "fe80::42:7aff:fed9:b543"
    int prefixLength = 64;
    std::string scope; // "link", "host" or "global"
    std::string flags; // extra words iproute2 prints after the scope, e.g. "nodad"
    Nanos addedAt = 0; // DAD keeps a new address "tentative" for a moment
    bool runsDad = true;
    friend bool operator==(const Ipv6Address&, const Ipv6Address&) = default;
};

struct LinkCounters {
    std::uint64_t rxPackets = 0, rxBytes = 0, rxDropped = 0;
    std::uint64_t txPackets = 0, txBytes = 0, txDropped = 0;
    friend bool operator==(const LinkCounters&, const LinkCounters&) = default;
};

/// A bridge forwarding-database entry: which port a MAC address was last seen on.
struct FdbEntry {
    Mac mac;
    int port = 0; // ifindex of the bridge port
    Nanos updated = 0;
    friend bool operator==(const FdbEntry&, const FdbEntry&) = default;
};

struct Link {
    int ifindex = 0;
    std::string name;
    LinkKind kind = LinkKind::Ethernet;
    int mtu = 1500;
    Mac mac;
    bool adminUp = false;   // IFF_UP
    int master = 0;         // ifindex of the bridge this port belongs to (same namespace), 0 if none
    int peerIfindex = 0;    // veth: the other end's ifindex; macvlan/ipvlan: the parent's (IFLA_LINK)
    int peerNamespace = -1; // veth: the namespace id holding the other end; macvlan/ipvlan: the parent's
    std::string stackMode;  // macvlan: bridge, private, vepa or passthru; ipvlan: l2 or l3 (libnl's names)
    std::string qdisc = "noqueue";
    int qlen = 0; // printed as "qlen N" when non-zero (lo, eth0, ifb)
    std::vector<Ipv4Address> ipv4;
    std::vector<Ipv6Address> ipv6;
    bool gotCarrierOnce = false;      // the kernel adds IPv6 link-local on the first carrier
    std::optional<bool> ipv6Disabled; // net.ipv6.conf.DEV.disable_ipv6 when set; else the namespace's
    // dev->promiscuity: what the drivers hold (see KernelState::recountPromiscuity); `ip link` and ifconfig
    // do not show it (dev_get_flags reports IFF_PROMISC only when a user set it), `ip -d link` would.
    int promiscuity = 0;
    LinkCounters counters;
    std::vector<FdbEntry> fdb; // bridges only: learned addresses
    /// A macvlan or ipvlan link: stacked on its parent (peerIfindex in peerNamespace), no peer of its own.
    bool isStacked() const { return kind == LinkKind::Macvlan || kind == LinkKind::Ipvlan; }
    /// ipvlan in l3 mode: the parent's port switches by IP address and hands the rest to the parent's stack.
    bool isIpvlanL3() const { return kind == LinkKind::Ipvlan && stackMode == "l3"; }
    /// IFF_NOARP: ifb and dummy devices, and an ipvlan link in l3 mode (ipvlan_open sets it). Such a link
    /// asks no one: its neighbour entries are NUD_NOARP with its own address (arp_constructor), which
    /// `ip neigh` and /proc/net/arp do not list, and arp_rcv drops what ARP reaches it.
    bool noArp() const { return kind == LinkKind::Ifb || kind == LinkKind::Dummy || isIpvlanL3(); }
    friend bool operator==(const Link&, const Link&) = default;
};

} // namespace vethlab::kernel
