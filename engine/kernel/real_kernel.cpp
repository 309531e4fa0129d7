#include "real_kernel.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <linux/if_addr.h>
#include <linux/net_namespace.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <unistd.h>
#include <utility>

#include "netns.h"
#include "program.h"
#include "sandbox_clean.h"

namespace vethlab::kernel {
namespace {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

// RAII for libnl objects.
template <class T, void (*Free)(T*)> struct NlPtr {
    T* p = nullptr;
    explicit NlPtr(T* x) : p(x) {}
    ~NlPtr() {
        if (p) Free(p);
    }
    NlPtr(const NlPtr&) = delete;
    NlPtr(NlPtr&& o) noexcept : p(o.p) { o.p = nullptr; }
    NlPtr& operator=(const NlPtr&) = delete;
    T* get() const { return p; }
};
using LinkPtr = NlPtr<rtnl_link, rtnl_link_put>;
using AddrPtr = NlPtr<rtnl_addr, rtnl_addr_put>;
using RoutePtr = NlPtr<rtnl_route, rtnl_route_put>;
using NlAddrPtr = NlPtr<nl_addr, nl_addr_put>;

nl_addr* ipv4Addr(Ipv4 ip, int prefixLength) {
    std::uint32_t be = htonl(ip.value);
    nl_addr* a = nl_addr_build(AF_INET, &be, 4);
    nl_addr_set_prefixlen(a, prefixLength);
    return a;
}

nl_addr* macAddr(const Mac& mac) {
    return nl_addr_build(AF_LLC, mac.bytes.data(), 6);
}

// libnl turns the kernel's errno into its own codes, and errnos it does not know (EXFULL from a full
// bridge) into "Unspecific failure": the socket's error callback keeps the kernel's own number.
thread_local int lastKernelErrno = 0;

int keepErrno(sockaddr_nl*, nlmsgerr* e, void*) {
    lastKernelErrno = -e->error;
    return NL_STOP;
}

std::optional<KernelError> nlError(const KernelOp& op, int err) {
    const int errnum = std::exchange(lastKernelErrno, 0);
    if (err >= 0) return std::nullopt;
    // What iproute2 prints after "RTNETLINK answers: ", and the errno Docker's netlink library reports.
    if (errnum > 0) return KernelError{render(op), errnum, std::strerror(errnum)};
    return KernelError{render(op), 0, nl_geterror(err)};
}

// libnl changes a link named by its index; `changes` carries what to set.
int changeLink(nl_sock* sk, int ifindex, rtnl_link* changes) {
    LinkPtr orig(rtnl_link_alloc());
    rtnl_link_set_ifindex(orig.get(), ifindex);
    return rtnl_link_change(sk, orig.get(), changes, 0);
}

nl_sock* openSocket(const std::string& nsName, std::string& error) {
    NetnsGuard in(nsName);
    if (!in.ok()) {
        error = in.error();
        return nullptr;
    }
    nl_sock* sk = nl_socket_alloc();
    nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, keepErrno, nullptr);
    if (int err = nl_connect(sk, NETLINK_ROUTE); err < 0) {
        error = std::string("netlink: ") + nl_geterror(err);
        nl_socket_free(sk);
        return nullptr;
    }
    return sk;
}

std::string writeSysctl(const std::string& nsName, const std::string& key, const std::string& value) {
    std::string path = "/proc/sys/" + key;
    for (std::size_t i = 10; i < path.size(); ++i)
        if (path[i] == '.') path[i] = '/';
    NetnsGuard in(nsName);
    if (!in.ok()) return in.error();
    std::ofstream f(path);
    f << value << "\n";
    f.close();
    return f ? std::string() : "cannot write " + path;
}

std::string basenameOf(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A macvlan or ipvlan link stacked on its parent (IFLA_LINK), in the driver's mode, as libnetwork's
// createMacVlan / createIPVlan ask netlink for it.
rtnl_link* stackedLinkOf(const Link& l, const std::string& mode) {
    const bool mac = l.kind == LinkKind::Macvlan;
    rtnl_link* link = mac ? rtnl_link_macvlan_alloc() : rtnl_link_ipvlan_alloc();
    if (!link) return nullptr;
    rtnl_link_set_link(link, l.peerIfindex);
    const int m = mac ? rtnl_link_macvlan_str2mode(mode.c_str()) : rtnl_link_ipvlan_str2mode(mode.c_str());
    if (m >= 0 && (mac ? rtnl_link_macvlan_set_mode(link, static_cast<uint32_t>(m))
                       : rtnl_link_ipvlan_set_mode(link, static_cast<uint16_t>(m))) >= 0)
        return link;
    rtnl_link_put(link);
    return nullptr;
}

int addLinkOf(nl_sock* sk, const Link& l, const std::string& mode) {
    LinkPtr link(l.isStacked()              ? stackedLinkOf(l, mode)
                 : l.kind == LinkKind::Veth ? rtnl_link_veth_alloc()
                                            : rtnl_link_alloc());
    if (!link.get()) return -NLE_INVAL;
    rtnl_link_set_name(link.get(), l.name.c_str());
    rtnl_link_set_ifindex(link.get(), l.ifindex);
    rtnl_link_set_mtu(link.get(), static_cast<unsigned>(l.mtu));
    NlAddrPtr mac(macAddr(l.mac));
    if (l.kind != LinkKind::Ipvlan) rtnl_link_set_addr(link.get(), mac.get()); // ipvlan wears its parent's
    if (l.kind == LinkKind::Bridge) rtnl_link_set_type(link.get(), "bridge");
    if (l.kind == LinkKind::Ifb) rtnl_link_set_type(link.get(), "ifb");
    if (l.kind == LinkKind::Dummy) rtnl_link_set_type(link.get(), "dummy");
    // Docker's netlink library sends IFLA_TXQLEN 0 for its bridges: no "qlen" in ip link.
    rtnl_link_set_txqlen(link.get(), static_cast<unsigned>(l.qlen));
    return rtnl_link_add(sk, link.get(), NLM_F_CREATE | NLM_F_EXCL);
}

int addVeth(nl_sock* sk, const Link& a, const Link& b, int peerNetnsFd) {
    LinkPtr link(rtnl_link_veth_alloc());
    rtnl_link_set_name(link.get(), a.name.c_str());
    rtnl_link_set_ifindex(link.get(), a.ifindex);
    rtnl_link_set_mtu(link.get(), static_cast<unsigned>(a.mtu));
    rtnl_link_set_txqlen(link.get(), static_cast<unsigned>(a.qlen));
    NlAddrPtr macA(macAddr(a.mac));
    rtnl_link_set_addr(link.get(), macA.get());
    rtnl_link* peer = rtnl_link_veth_get_peer(link.get());
    rtnl_link_set_name(peer, b.name.c_str());
    rtnl_link_set_ifindex(peer, b.ifindex);
    rtnl_link_set_mtu(peer, static_cast<unsigned>(b.mtu));
    rtnl_link_set_txqlen(peer, static_cast<unsigned>(b.qlen));
    NlAddrPtr macB(macAddr(b.mac));
    rtnl_link_set_addr(peer, macB.get());
    if (peerNetnsFd >= 0) rtnl_link_set_ns_fd(peer, peerNetnsFd);
    rtnl_link_put(peer);
    return rtnl_link_add(sk, link.get(), NLM_F_CREATE | NLM_F_EXCL);
}

// Whether a namespace already has a link with this one's index or name.
bool linkExists(nl_sock* sk, const Link& l) {
    for (int byIndex : {1, 0}) {
        rtnl_link* found = nullptr;
        const int err = byIndex ? rtnl_link_get_kernel(sk, l.ifindex, nullptr, &found)
                                : rtnl_link_get_kernel(sk, 0, l.name.c_str(), &found);
        if (found) rtnl_link_put(found);
        lastKernelErrno = 0;
        if (err >= 0) return true;
    }
    return false;
}

int setUp(nl_sock* sk, int ifindex, bool up) {
    LinkPtr ch(rtnl_link_alloc());
    if (up)
        rtnl_link_set_flags(ch.get(), IFF_UP);
    else
        rtnl_link_unset_flags(ch.get(), IFF_UP);
    return changeLink(sk, ifindex, ch.get());
}

int addAddress(nl_sock* sk, int ifindex, const Ipv4Address& a) {
    AddrPtr addr(rtnl_addr_alloc());
    rtnl_addr_set_ifindex(addr.get(), ifindex);
    rtnl_addr_set_family(addr.get(), AF_INET);
    NlAddrPtr local(ipv4Addr(a.prefix.addr, a.prefix.length));
    rtnl_addr_set_local(addr.get(), local.get());
    rtnl_addr_set_prefixlen(addr.get(), a.prefix.length);
    if (a.broadcast.value != 0) {
        NlAddrPtr brd(ipv4Addr(a.broadcast, 32));
        rtnl_addr_set_broadcast(addr.get(), brd.get());
    }
    if (!a.label.empty()) rtnl_addr_set_label(addr.get(), a.label.c_str());
    return rtnl_addr_add(sk, addr.get(), NLM_F_CREATE | NLM_F_EXCL);
}

int addIpv6Address(nl_sock* sk, int ifindex, const Ipv6Address& a) {
    in6_addr raw{};
    if (inet_pton(AF_INET6, a.address.c_str(), &raw) != 1) return -NLE_INVAL;
    AddrPtr addr(rtnl_addr_alloc());
    rtnl_addr_set_ifindex(addr.get(), ifindex);
    rtnl_addr_set_family(addr.get(), AF_INET6);
    NlAddrPtr local(nl_addr_build(AF_INET6, &raw, sizeof raw));
    nl_addr_set_prefixlen(local.get(), a.prefixLength);
    rtnl_addr_set_local(addr.get(), local.get());
    rtnl_addr_set_prefixlen(addr.get(), a.prefixLength);
    if (a.flags == "nodad") rtnl_addr_set_flags(addr.get(), IFA_F_NODAD); // Docker's endpoint addresses
    return rtnl_addr_add(sk, addr.get(), NLM_F_CREATE | NLM_F_EXCL);
}

// The IPv4 main-table route `r` as libnl builds it for RTM_NEWROUTE and RTM_DELROUTE.
RoutePtr routeOf(const Route& r) {
    RoutePtr route(rtnl_route_alloc());
    rtnl_route_set_family(route.get(), AF_INET);
    rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
    rtnl_route_set_protocol(route.get(), r.protoKernel ? RTPROT_KERNEL : RTPROT_BOOT);
    rtnl_route_set_scope(route.get(), r.gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
    NlAddrPtr dst(ipv4Addr(r.destination.network(), r.destination.length));
    rtnl_route_set_dst(route.get(), dst.get());
    if (r.source) {
        NlAddrPtr src(ipv4Addr(*r.source, 32));
        rtnl_route_set_pref_src(route.get(), src.get());
    }
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    rtnl_route_nh_set_ifindex(nh, r.device);
    if (r.gateway) {
        NlAddrPtr gw(ipv4Addr(*r.gateway, 32));
        rtnl_route_nh_set_gateway(nh, gw.get());
    }
    rtnl_route_add_nexthop(route.get(), nh); // the route owns it now
    return route;
}

// Docker's IPv6 default route (osl programGateway): no protocol (boot), the kernel's metric 1024.
RoutePtr route6Of(const Ipv6Route& r) {
    RoutePtr route(rtnl_route_alloc());
    rtnl_route_set_family(route.get(), AF_INET6);
    rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
    rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
    rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
    NlAddrPtr dst(nl_addr_build(AF_INET6, r.destination.bytes.data(), 16));
    nl_addr_set_prefixlen(dst.get(), r.length);
    rtnl_route_set_dst(route.get(), dst.get());
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    rtnl_route_nh_set_ifindex(nh, r.device);
    if (r.gateway) {
        NlAddrPtr gw(nl_addr_build(AF_INET6, r.gateway->bytes.data(), 16));
        rtnl_route_nh_set_gateway(nh, gw.get());
    }
    rtnl_route_add_nexthop(route.get(), nh);
    return route;
}

int addRoute(nl_sock* sk, const Route& r) {
    return rtnl_route_add(sk, routeOf(r).get(), NLM_F_CREATE | NLM_F_EXCL);
}

// RTM_NEWNSID: the id `sk`'s namespace uses for the namespace behind `fd` (`ip netns set`).
int setNsid(nl_sock* sk, int fd, int nsid) {
    nl_msg* msg = nlmsg_alloc_simple(RTM_NEWNSID, NLM_F_REQUEST | NLM_F_ACK);
    rtgenmsg hdr{AF_UNSPEC};
    int err = nlmsg_append(msg, &hdr, sizeof hdr, NLMSG_ALIGNTO);
    if (err >= 0) err = nla_put_u32(msg, NETNSA_FD, static_cast<std::uint32_t>(fd));
    if (err >= 0) err = nla_put_u32(msg, NETNSA_NSID, static_cast<std::uint32_t>(nsid));
    if (err >= 0) err = nl_send_auto(sk, msg);
    nlmsg_free(msg);
    return err < 0 ? err : nl_wait_for_ack(sk);
}

} // namespace

RealKernel::RealKernel(SandboxNames names, WorldPlan world) : names_(std::move(names)), world_(world) {
    if (auto err = addNamespace(KernelState::kRootNamespace, names_.host())) {
        error_ = err->message;
        return;
    }
    if (auto err = bootWorld()) error_ = err->message;
}

RealKernel::~RealKernel() {
    teardown();
}

std::string RealKernel::namespaceName(int id) const {
    auto it = namespaces_.find(id);
    return it == namespaces_.end() ? std::string() : it->second.name;
}

std::optional<KernelError> RealKernel::addNamespace(int id, const std::string& realName) {
    if (auto err = createNetns(realName); !err.empty())
        return KernelError{"ip netns add " + realName, 0, err};
    std::string err;
    nl_sock* sk = openSocket(realName, err);
    if (!sk) {
        deleteNetns(realName);
        return KernelError{"ip netns add " + realName, 0, err};
    }
    namespaces_[id] = {realName, sk};
    return std::nullopt;
}

std::optional<KernelError> RealKernel::removeNamespace(int id) {
    auto it = namespaces_.find(id);
    if (it == namespaces_.end()) return std::nullopt;
    pending_.erase(id);
    nl_socket_free(it->second.sock);
    std::string name = it->second.name;
    namespaces_.erase(it);
    std::error_code ec;
    std::filesystem::remove_all("/etc/netns/" + name, ec);
    if (auto err = deleteNetns(name); !err.empty()) return KernelError{"ip netns delete " + name, 0, err};
    return std::nullopt;
}

// The outside world: a namespace holding the LAN router's address and the internet hosts' addresses.
// The host's uplink (its eth0) is a veth whose other end is here, made when the host's card is added.
std::optional<KernelError> RealKernel::bootWorld() {
    if (auto err = createNetns(names_.world()); !err.empty())
        return KernelError{"ip netns add " + names_.world(), 0, err};
    std::string err;
    worldNs_ = {names_.world(), openSocket(names_.world(), err)};
    if (!worldNs_.sock) return KernelError{"ip netns add " + names_.world(), 0, err};
    setUp(worldNs_.sock, 1, true);
    writeSysctl(names_.world(), "net.ipv4.ip_forward", "1");
    // The resolver listens on the router's address before the host's card (and so that address) exists.
    writeSysctl(names_.world(), "net.ipv4.ip_nonlocal_bind", "1");
    std::string rules;
    if (world_.internetTtl > 0) {
        // Far hosts: their answers arrive with the TTL the hops on the way left them.
        rules += "*mangle\n";
        for (Ipv4 ip : world_.internetHosts)
            rules += "-A OUTPUT -s " + ip.str() + "/32 -j TTL --ttl-set " +
                     std::to_string(world_.internetTtl) + "\n";
        rules += "COMMIT\n";
    }
    // Only the web hosts listen, on port 80; the rest of TCP is firewalled (no answer), as the
    // simulation's internet is (a closed port here would answer with a reset).
    rules += "*filter\n";
    for (Ipv4 ip : world_.internetHosts) {
        const bool resolver =
            std::find(world_.resolvers.begin(), world_.resolvers.end(), ip) != world_.resolvers.end();
        rules += "-A INPUT -d " + ip.str() + "/32 -p tcp" + (resolver ? "" : " ! --dport 80") + " -j DROP\n";
    }
    runProgram(
        {names_.world(), {"/usr/sbin/iptables-restore", "--noflush"}, rules + "COMMIT\n", "", 30000, 0});
    addSilentHops();
    // The host sees the world through its uplink only: keep the nsids 0, 1, ... for the containers
    // (Docker's host has no such namespace).
    if (int fd = openNetns(names_.world()); fd >= 0) {
        setNsid(namespaces_.at(KernelState::kRootNamespace).sock, fd, 65535);
        close(fd);
    }
    for (Ipv4 ip : world_.internetHosts)
        addAddress(worldNs_.sock, 1, {Ipv4Prefix{ip, 32}, Ipv4{}, "lo"});
    for (Ipv4 ip : world_.resolvers)
        if (ip != world_.gateway.addr) addAddress(worldNs_.sock, 1, {Ipv4Prefix{ip, 32}, Ipv4{}, "lo"});
    return std::nullopt;
}

// The internet's silent routers, as the simulation has them (engine/sim/internet.cpp): a packet from the
// LAN that would run out of TTL among them is forwarded (the LAN router answers a TTL of 1 with Time
// Exceeded, as a router does) into a veth pair whose far end drops it without a word. Marked by its TTL
// on arrival, routed by a rule ahead of the local table: the world's hosts hold the far addresses
// themselves, so without it every probe would reach them at once. High indexes: lan0 is made later, as 2.
void RealKernel::addSilentHops() {
    if (world_.internetHops <= 0 || world_.internetHosts.empty()) return;
    const std::string w = names_.world();
    const std::string ip = "/usr/sbin/ip";
    const std::vector<std::vector<std::string>> steps = {
        {ip, "link", "add", "hops0", "index", "900", "type", "veth", "peer", "name", "hops1", "index", "901"},
        {ip, "link", "set", "hops0", "arp", "off", "up"},
        {ip, "link", "set", "hops1", "arp", "off", "up"},
        {ip, "route", "add", "default", "dev", "hops0", "table", "100"},
        {ip, "rule", "add", "pref", "10", "fwmark", "0x1", "lookup", "100"},
        {ip, "rule", "add", "pref", "100", "lookup", "local"},
        {ip, "rule", "del", "pref", "0", "lookup", "local"}};
    for (const auto& argv : steps)
        runProgram({w, argv, "", "", 30000});
    std::string rules = "*raw\n-A PREROUTING -i hops1 -j DROP\nCOMMIT\n*mangle\n";
    const std::string below = std::to_string(world_.internetHops + 2); // arrival TTL 1 .. hops + 1
    for (Ipv4 host : world_.internetHosts)
        rules += "-A PREROUTING -i lan0 -d " + host.str() + "/32 -m ttl --ttl-lt " + below +
                 " -j MARK --set-mark 0x1\n";
    runProgram({w, {"/usr/sbin/iptables-restore", "--noflush"}, rules + "COMMIT\n", "", 30000});
}

RealKernel::Namespace* RealKernel::ns(const NsRef& ref) {
    auto it = namespaces_.find(ref.id);
    return it == namespaces_.end() ? nullptr : &it->second;
}

void RealKernel::queueRule(const NsRef& ref, const std::string& table, const std::string& line,
                           const std::string& command) {
    PendingRules& p = pending_[ref.id];
    p.nsName = names_.of(ref);
    p.lines[table].push_back(line);
    p.commands.push_back(command);
}

std::optional<KernelError> RealKernel::flushRules(int id) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return std::nullopt;
    PendingRules p = std::move(it->second);
    pending_.erase(it);
    std::string input;
    for (const auto& [table, lines] : p.lines) {
        input += "*" + table + "\n";
        for (const auto& l : lines)
            input += l + "\n";
        input += "COMMIT\n";
    }
    auto result = runProgram({p.nsName, {"/usr/sbin/iptables-restore", "--noflush"}, input, "", 30000});
    if (result.status == 0) return std::nullopt;
    std::string commands;
    for (const auto& c : p.commands)
        commands += (commands.empty() ? "" : "\n") + c;
    return KernelError{commands, 0, result.err.empty() ? "iptables-restore failed" : result.err};
}

std::optional<KernelError> RealKernel::apply(const KernelOp& op) {
    if (pendingVeth_) {
        if (holdsForVeth(op)) return std::nullopt;
        const auto* move = std::get_if<LinkSetNetns>(&op);
        const bool movesPeer = move && move->from.id == pendingVeth_->add.ns.id &&
                               move->ifindex == pendingVeth_->add.peerEnd.ifindex;
        flushVeth(movesPeer ? move : nullptr);
        if (movesPeer) return std::nullopt;
    }
    if (const auto* add = std::get_if<VethAdd>(&op); add && fuseVethMoves_) {
        pendingVeth_ = PendingVeth{*add, {}};
        return std::nullopt;
    }
    auto err = applyNow(op);
    // Once failures wait for sync(), later ones queue behind them: the first refusal stays first.
    if (err && !failures_.empty()) {
        failures_.push_back(std::move(*err));
        return std::nullopt;
    }
    return err;
}

// The host end's own ops (master, up, MAC) wait with the pair: they do not depend on where the peer is.
bool RealKernel::holdsForVeth(const KernelOp& op) {
    const VethAdd& add = pendingVeth_->add;
    const int host = add.hostEnd.ifindex;
    const bool hostEnd = std::visit(
        Overloaded{[&](const LinkSetMaster& o) { return o.ns.id == add.ns.id && o.ifindex == host; },
                   [&](const LinkSetUp& o) { return o.ns.id == add.ns.id && o.ifindex == host; },
                   [&](const LinkSetMac& o) { return o.ns.id == add.ns.id && o.ifindex == host; },
                   [](const auto&) { return false; }},
        op);
    if (hostEnd) pendingVeth_->hostEndOps.push_back(op);
    return hostEnd;
}

// Makes the held pair: with its peer directly in the namespace `move` sends it to when that is the
// same end state (the peer's index and name are free in the host's namespace, where Docker would
// first make it, and the kernel takes them in the target); otherwise in Docker's order, so a refusal
// is the one Docker would get. Failures are reported by sync().
void RealKernel::flushVeth(const LinkSetNetns* move) {
    PendingVeth p = std::move(*pendingVeth_);
    pendingVeth_.reset();
    const KernelOp addOp = p.add;
    bool made = false;
    Namespace* from = ns(p.add.ns);
    if (move && from && ns(move->to) && !linkExists(from->sock, p.add.peerEnd)) {
        const int fd = openNetns(names_.of(move->to));
        made = fd >= 0 && addVeth(from->sock, p.add.hostEnd, p.add.peerEnd, fd) >= 0;
        if (fd >= 0) close(fd);
        lastKernelErrno = 0;
    }
    auto keep = [&](std::optional<KernelError> e) {
        if (e) failures_.push_back(std::move(*e));
    };
    if (!made) keep(applyNow(addOp));
    for (const auto& o : p.hostEndOps)
        keep(applyNow(o));
    if (move && !made) keep(applyNow(*move));
}

std::optional<KernelError> RealKernel::applyNow(const KernelOp& op) {
    lastKernelErrno = 0;
    auto fail = [&](const std::string& what) { return KernelError{render(op), 0, what}; };
    return std::visit(
        Overloaded{
            [&](const NetnsAdd& o) -> std::optional<KernelError> {
                return addNamespace(o.ns.id, names_.of(o.ns));
            },
            [&](const NetnsDel& o) -> std::optional<KernelError> { return removeNamespace(o.ns.id); },
            [&](const LinkAdd& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                int err = 0;
                if (o.link.kind == LinkKind::Loopback) {
                    // Every namespace is born with lo (index 1); the host's comes up at boot.
                } else if (o.link.kind == LinkKind::Ethernet) {
                    // The host's network card: a veth whose far end is the LAN in the world namespace.
                    Link far;
                    far.name = "lan0";
                    far.ifindex = 2;
                    far.mac = Mac::lanRouter(world_.gateway.addr);
                    far.qlen = 1000;
                    int worldFd = openNetns(names_.world());
                    err = addVeth(n->sock, o.link, far, worldFd);
                    if (worldFd >= 0) close(worldFd);
                    if (err >= 0) {
                        setUp(worldNs_.sock, far.ifindex, true);
                        addAddress(worldNs_.sock, far.ifindex,
                                   {world_.gateway, world_.gateway.broadcast(), far.name});
                        uplinkMade_ = true;
                    }
                } else {
                    err = addLinkOf(n->sock, o.link, o.mode);
                }
                if (err >= 0 && o.link.adminUp) err = setUp(n->sock, o.link.ifindex, true);
                // The card's global IPv6 addresses (the facts host's fd00::2/64); the kernel makes the
                // link-local one itself.
                for (const Ipv6Address& a : o.link.ipv6)
                    if (err >= 0 && a.scope == "global") err = addIpv6Address(n->sock, o.link.ifindex, a);
                return nlError(op, err);
            },
            [&](const VethAdd& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, addVeth(n->sock, o.hostEnd, o.peerEnd, -1));
            },
            [&](const LinkSetMaster& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                LinkPtr ch(rtnl_link_alloc());
                rtnl_link_set_master(ch.get(), o.master);
                return nlError(op, changeLink(n->sock, o.ifindex, ch.get()));
            },
            [&](const LinkSetNetns& o) -> std::optional<KernelError> {
                Namespace* from = ns(o.from);
                if (!from || !ns(o.to)) return fail("no such namespace");
                int fd = openNetns(names_.of(o.to));
                LinkPtr ch(rtnl_link_alloc());
                rtnl_link_set_ns_fd(ch.get(), fd);
                int err = changeLink(from->sock, o.ifindex, ch.get());
                if (fd >= 0) close(fd);
                return nlError(op, err);
            },
            [&](const LinkRename& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                LinkPtr ch(rtnl_link_alloc());
                rtnl_link_set_name(ch.get(), o.to.c_str());
                return nlError(op, changeLink(n->sock, o.ifindex, ch.get()));
            },
            [&](const LinkSetMac& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                LinkPtr ch(rtnl_link_alloc());
                NlAddrPtr mac(macAddr(o.mac));
                rtnl_link_set_addr(ch.get(), mac.get());
                return nlError(op, changeLink(n->sock, o.ifindex, ch.get()));
            },
            [&](const LinkSetUp& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, setUp(n->sock, o.ifindex, o.up));
            },
            [&](const LinkDel& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                LinkPtr l(rtnl_link_alloc());
                rtnl_link_set_ifindex(l.get(), o.ifindex);
                return nlError(op, rtnl_link_delete(n->sock, l.get()));
            },
            [&](const AddrAdd& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, addAddress(n->sock, o.ifindex, o.address));
            },
            [&](const Ipv6AddrAdd& o) -> std::optional<KernelError> {
                // A link-local kept from an earlier carrier (the kernel makes new ones by itself).
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, addIpv6Address(n->sock, o.ifindex, o.address));
            },
            [&](const RouteAdd& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, addRoute(n->sock, o.route));
            },
            [&](const RouteDel& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, rtnl_route_delete(n->sock, routeOf(o.route).get(), 0));
            },
            [&](const Ipv6RouteAdd& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op,
                               rtnl_route_add(n->sock, route6Of(o.route).get(), NLM_F_CREATE | NLM_F_EXCL));
            },
            [&](const Ipv6RouteDel& o) -> std::optional<KernelError> {
                Namespace* n = ns(o.ns);
                if (!n) return fail("no such namespace");
                return nlError(op, rtnl_route_delete(n->sock, route6Of(o.route).get(), 0));
            },
            [&](const FileWrite& o) -> std::optional<KernelError> {
                if (!ns(o.ns)) return fail("no such namespace");
                const std::string own = names_.filesOf(o.container);
                if (!o.container.empty() && own.empty()) return fail("not a container ID: " + o.container);
                const std::string dir = own.empty() ? "/etc/netns/" + names_.of(o.ns) : own + "/etc";
                if (!own.empty()) containerFiles_[{o.ns.id, o.hostPath}] = dir + "/" + basenameOf(o.path);
                std::error_code ec;
                std::filesystem::create_directories(dir, ec);
                std::ofstream f(dir + "/" + basenameOf(o.path), std::ios::binary | std::ios::trunc);
                f << o.content;
                f.close();
                if (!f) return fail("cannot write " + dir + "/" + basenameOf(o.path));
                return std::nullopt;
            },
            [&](const Sysctl& o) -> std::optional<KernelError> {
                if (!ns(o.ns)) return fail("no such namespace");
                if (auto err = writeSysctl(names_.of(o.ns), o.key, o.value); !err.empty()) return fail(err);
                return std::nullopt;
            },
            [&](const ChainNew& o) -> std::optional<KernelError> {
                queueRule(o.ns, o.table, "-N " + o.chain, render(op));
                return std::nullopt;
            },
            [&](const ChainPolicy& o) -> std::optional<KernelError> {
                queueRule(o.ns, o.table, "-P " + o.chain + " " + o.policy, render(op));
                return std::nullopt;
            },
            [&](const RuleInsert& o) -> std::optional<KernelError> {
                std::string where =
                    o.position > 0 ? "-I " + o.chain + " " + std::to_string(o.position) : "-A " + o.chain;
                queueRule(o.ns, o.table, where + " " + o.rule.spec(), render(op));
                return std::nullopt;
            },
            [&](const RuleDelete& o) -> std::optional<KernelError> {
                queueRule(o.ns, o.table, "-D " + o.chain + " " + o.rule.spec(), render(op));
                return std::nullopt;
            },
        },
        op);
}

std::vector<KernelError> RealKernel::sync() {
    if (pendingVeth_) flushVeth(nullptr);
    std::vector<int> ids;
    for (const auto& [id, _] : pending_)
        ids.push_back(id);
    for (int id : ids)
        if (auto err = flushRules(id)) failures_.push_back(*err);
    return std::exchange(failures_, {});
}

void RealKernel::settleLinks(int maxMs) {
    constexpr unsigned kLowerUp = 1U << 16; // IFF_LOWER_UP (linux/if.h, which clashes with net/if.h)
    auto host = namespaces_.find(KernelState::kRootNamespace);
    if (host == namespaces_.end() || !host->second.sock) return;
    for (int waited = 0; waited <= maxMs; waited += 10) {
        nl_cache* cache = nullptr;
        if (rtnl_link_alloc_cache(host->second.sock, AF_UNSPEC, &cache) < 0) return;
        bool settled = true;
        for (nl_object* o = nl_cache_get_first(cache); o && settled; o = nl_cache_get_next(o)) {
            const unsigned flags = rtnl_link_get_flags(reinterpret_cast<rtnl_link*>(o));
            if ((flags & IFF_UP) && ((flags & IFF_RUNNING) != 0) != ((flags & kLowerUp) != 0))
                settled = false;
        }
        nl_cache_free(cache);
        if (settled) return;
        usleep(10000);
    }
}

void RealKernel::teardown() {
    pendingVeth_.reset();
    std::vector<int> ids;
    for (const auto& [id, _] : namespaces_)
        ids.push_back(id);
    for (int id : ids)
        (void)removeNamespace(id);
    if (worldNs_.sock) {
        nl_socket_free(worldNs_.sock);
        worldNs_.sock = nullptr;
        deleteNetns(worldNs_.name);
    }
    removeContainerFiles(names_.prefix());
    containerFiles_.clear();
    pending_.clear();
}

} // namespace vethlab::kernel
