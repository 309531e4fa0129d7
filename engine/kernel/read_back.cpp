// RealKernel::snapshot: the real namespaces read back into the model's KernelState shape.
#include <algorithm>
#include <arpa/inet.h>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <net/if.h>
#include <net/if_arp.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>
#include <sstream>

#include "kernel/netfilter_parse.h"
#include "netns.h"
#include "program.h"
#include "real_kernel.h"

namespace vethlab::kernel {
namespace {

struct Cache {
    nl_cache* c = nullptr;
    ~Cache() {
        if (c) nl_cache_free(c);
    }
};

Ipv4 toIpv4(nl_addr* a) {
    if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != 4) return {};
    std::uint32_t be = 0;
    std::memcpy(&be, nl_addr_get_binary_addr(a), 4);
    return Ipv4{ntohl(be)};
}

Mac toMac(nl_addr* a) {
    Mac m;
    if (a && nl_addr_get_len(a) == 6) std::memcpy(m.bytes.data(), nl_addr_get_binary_addr(a), 6);
    return m;
}

// A macvlan or ipvlan link's mode in libnl's names (bridge, private, vepa, passthru; l2, l3), as the
// daemon wrote it; empty for other links.
std::string stackModeOf(rtnl_link* l, LinkKind kind) {
    char buf[32] = {};
    if (kind == LinkKind::Macvlan)
        return rtnl_link_macvlan_mode2str(static_cast<int>(rtnl_link_macvlan_get_mode(l)), buf, sizeof buf);
    std::uint16_t mode = 0;
    if (kind == LinkKind::Ipvlan && rtnl_link_ipvlan_get_mode(l, &mode) >= 0)
        return rtnl_link_ipvlan_mode2str(mode, buf, sizeof buf);
    return {};
}

LinkKind kindOf(rtnl_link* l) {
    const char* type = rtnl_link_get_type(l);
    const std::string t = type ? type : "";
    if (t == "veth") return LinkKind::Veth;
    if (t == "bridge") return LinkKind::Bridge;
    if (t == "ifb") return LinkKind::Ifb;
    if (t == "dummy") return LinkKind::Dummy;
    if (t == "macvlan") return LinkKind::Macvlan;
    if (t == "ipvlan") return LinkKind::Ipvlan;
    if (rtnl_link_get_arptype(l) == ARPHRD_LOOPBACK) return LinkKind::Loopback;
    return LinkKind::Ethernet;
}

std::string scopeName(int scope) {
    switch (scope) {
    case RT_SCOPE_HOST:
        return "host";
    case RT_SCOPE_LINK:
        return "link";
    default:
        return "global";
    }
}

void readLinks(nl_sock* sk, NetworkNamespace& ns) {
    Cache cache;
    if (rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache.c) < 0) return;
    for (nl_object* o = nl_cache_get_first(cache.c); o; o = nl_cache_get_next(o)) {
        auto* l = reinterpret_cast<rtnl_link*>(o);
        Link link;
        link.ifindex = rtnl_link_get_ifindex(l);
        link.name = rtnl_link_get_name(l);
        link.kind = kindOf(l);
        link.mtu = static_cast<int>(rtnl_link_get_mtu(l));
        link.mac = toMac(rtnl_link_get_addr(l));
        link.adminUp = (rtnl_link_get_flags(l) & IFF_UP) != 0;
        link.master = rtnl_link_get_master(l);
        link.promiscuity = static_cast<int>(rtnl_link_get_promiscuity(l)); // IFLA_PROMISCUITY
        link.peerIfindex = link.kind == LinkKind::Veth || link.isStacked() ? rtnl_link_get_link(l) : 0;
        if (link.isStacked())
            link.peerNamespace = KernelState::kRootNamespace; // its parent stays on the host
        link.stackMode = stackModeOf(l, link.kind);
        link.qlen = static_cast<int>(rtnl_link_get_txqlen(l));
        if (const char* q = rtnl_link_get_qdisc(l)) link.qdisc = q;
        link.gotCarrierOnce = (rtnl_link_get_flags(l) & IFF_RUNNING) != 0;
        ns.links.push_back(link);
    }
    std::sort(ns.links.begin(), ns.links.end(),
              [](const Link& a, const Link& b) { return a.ifindex < b.ifindex; });
}

void readAddresses(nl_sock* sk, NetworkNamespace& ns) {
    Cache cache;
    if (rtnl_addr_alloc_cache(sk, &cache.c) < 0) return;
    for (nl_object* o = nl_cache_get_first(cache.c); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        Link* link = ns.link(rtnl_addr_get_ifindex(a));
        if (!link) continue;
        if (rtnl_addr_get_family(a) == AF_INET) {
            const char* label = rtnl_addr_get_label(a);
            link->ipv4.push_back({Ipv4Prefix{toIpv4(rtnl_addr_get_local(a)), rtnl_addr_get_prefixlen(a)},
                                  toIpv4(rtnl_addr_get_broadcast(a)), label ? label : ""});
        } else if (rtnl_addr_get_family(a) == AF_INET6) {
            char buf[INET6_ADDRSTRLEN] = {};
            inet_ntop(AF_INET6, nl_addr_get_binary_addr(rtnl_addr_get_local(a)), buf, sizeof buf);
            link->ipv6.push_back(
                {buf, rtnl_addr_get_prefixlen(a), scopeName(rtnl_addr_get_scope(a)), "", 0, true});
        }
    }
}

void addRoute(nl_object* o, void* arg) {
    auto& ns = *static_cast<NetworkNamespace*>(arg);
    auto* r = reinterpret_cast<rtnl_route*>(o);
    if (rtnl_route_get_table(r) != RT_TABLE_MAIN) return;
    Route route;
    nl_addr* dst = rtnl_route_get_dst(r);
    route.destination = Ipv4Prefix{toIpv4(dst), dst ? static_cast<int>(nl_addr_get_prefixlen(dst)) : 0};
    route.protoKernel = rtnl_route_get_protocol(r) == RTPROT_KERNEL;
    route.scopeLink = rtnl_route_get_scope(r) == RT_SCOPE_LINK;
    if (nl_addr* src = rtnl_route_get_pref_src(r)) route.source = toIpv4(src);
    if (rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0)) {
        route.device = rtnl_route_nh_get_ifindex(nh);
        if (nl_addr* gw = rtnl_route_nh_get_gateway(nh)) route.gateway = toIpv4(gw);
    }
    ns.routes.push_back(route);
}

int onRouteMessage(nl_msg* msg, void* arg) {
    nl_msg_parse(msg, &addRoute, arg);
    return NL_OK;
}

// Each route as the kernel dumps it. Not through a route cache: libnl's cache merges routes that share
// a prefix (a network on the host's own LAN subnet gives two connected routes, one per device) into
// one object with two next hops and the first one's source.
void readRoutes(nl_sock* sk, NetworkNamespace& ns) {
    rtmsg hdr{};
    hdr.rtm_family = AF_INET;
    if (nl_send_simple(sk, RTM_GETROUTE, NLM_F_DUMP, &hdr, sizeof hdr) < 0) return;
    nl_cb* base = nl_socket_get_cb(sk);
    nl_cb* cb = nl_cb_clone(base);
    nl_cb_put(base);
    if (!cb) return;
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, onRouteMessage, &ns);
    nl_recvmsgs(sk, cb);
    nl_cb_put(cb);
}

Neighbour::State neighbourState(int s) {
    if (s & (NUD_REACHABLE | NUD_PERMANENT | NUD_NOARP)) return Neighbour::State::Reachable;
    if (s & (NUD_STALE | NUD_DELAY | NUD_PROBE)) return Neighbour::State::Stale;
    if (s & NUD_FAILED) return Neighbour::State::Failed;
    return Neighbour::State::Incomplete;
}

void readNeighbours(const std::string& nsName, NetworkNamespace& ns) {
    // A socket of its own: on the namespace's long-lived socket the dump was sometimes misread (an
    // entry with a garbage address in place of a real one).
    NetnsGuard in(nsName);
    if (!in.ok()) return;
    nl_sock* sk = nl_socket_alloc();
    if (nl_connect(sk, NETLINK_ROUTE) < 0) {
        nl_socket_free(sk);
        return;
    }
    struct Free {
        nl_sock* s;
        ~Free() { nl_socket_free(s); }
    } freeSocket{sk};
    Cache cache;
    if (rtnl_neigh_alloc_cache(sk, &cache.c) < 0) return;
    for (nl_object* o = nl_cache_get_first(cache.c); o; o = nl_cache_get_next(o)) {
        auto* n = reinterpret_cast<rtnl_neigh*>(o);
        if (rtnl_neigh_get_family(n) != AF_INET) continue;
        ns.neighbours.push_back({rtnl_neigh_get_ifindex(n), toIpv4(rtnl_neigh_get_dst(n)),
                                 toMac(rtnl_neigh_get_lladdr(n)), neighbourState(rtnl_neigh_get_state(n)),
                                 0});
    }
}

std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

void readSysctls(const std::string& nsName, NetworkNamespace& ns) {
    NetnsGuard in(nsName);
    if (!in.ok()) return;
    ns.ipForward = readFile("/proc/sys/net/ipv4/ip_forward") == "1\n";
    ns.ipv6Disabled = readFile("/proc/sys/net/ipv6/conf/all/disable_ipv6") == "1\n";
}

void readFiles(const std::string& nsName, NetworkNamespace& ns) {
    for (const char* f : {"hosts", "resolv.conf", "hostname"}) {
        const std::string path = "/etc/netns/" + nsName + "/" + f;
        if (std::ifstream(path)) ns.files[std::string("/etc/") + f] = readFile(path);
    }
}

} // namespace

KernelState RealKernel::snapshot() {
    (void)sync();
    KernelState state;
    for (const auto& [id, real] : namespaces_) {
        NetworkNamespace& ns = id == KernelState::kRootNamespace ? state.root() : state.addNamespace(id, "");
        ns.name = id == KernelState::kRootNamespace ? "" : real.name.substr(names_.prefix().size());
        readLinks(real.sock, ns);
        readAddresses(real.sock, ns);
        readRoutes(real.sock, ns);
        readNeighbours(real.name, ns);
        readSysctls(real.name, ns);
        readFiles(real.name, ns);
        for (const auto& [where, path] : containerFiles_)
            if (where.first == id && std::ifstream(path)) ns.files[where.second] = readFile(path);
        auto save = runProgram({real.name, {"/usr/sbin/iptables-save"}, "", "", 30000});
        ns.netfilter = parseIptablesSave(save.out).netfilter;
    }
    // A veth's peer namespace: the namespace holding the link whose peer is this one.
    for (const auto& [id, ns] : state.namespaces())
        for (const auto& l : ns.links) {
            if (l.kind != LinkKind::Veth) continue;
            for (auto& [otherId, other] : const_cast<std::map<int, NetworkNamespace>&>(state.namespaces()))
                for (auto& peer : other.links)
                    if (peer.kind == LinkKind::Veth && peer.ifindex == l.peerIfindex &&
                        peer.peerIfindex == l.ifindex && !(otherId == id && peer.ifindex == l.ifindex))
                        peer.peerNamespace = id;
        }
    return state;
}

} // namespace vethlab::kernel
