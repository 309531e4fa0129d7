#include "kernel/kernel_op.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace vethlab::kernel {

// In kernel_state.cpp: the kernel's order of a link's IPv6 addresses.
void addIpv6Address(Link& l, const Ipv6Address& a);

namespace {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

std::string ipPrefix(const NsRef& ns) {
    return ns.name.empty() ? "ip " : "ip -n " + ns.name + " ";
}
std::string ipv6RouteText(const Ipv6Route& r, const std::string& dev) {
    std::string s = r.isDefault() ? "default" : r.destination.str() + "/" + std::to_string(r.length);
    if (r.gateway) s += " via " + r.gateway->str();
    return s + " dev " + dev;
}
std::string iptablesPrefix(const NsRef& ns, const std::string& table) {
    std::string p = ns.name.empty() ? "iptables " : "ip netns exec " + ns.name + " iptables ";
    if (table != "filter") p += "-t " + table + " ";
    return p;
}

NetworkNamespace& nsOf(KernelState& k, const NsRef& ref) {
    NetworkNamespace* ns = k.find(ref.id);
    if (!ns) throw std::logic_error("kernel op on a namespace that does not exist: " + ref.name);
    return *ns;
}

Link& linkOf(NetworkNamespace& ns, int ifindex) {
    Link* l = ns.link(ifindex);
    if (!l) throw std::logic_error("kernel op on a link that does not exist: " + std::to_string(ifindex));
    return *l;
}

void addConnectedRoute(NetworkNamespace& ns, const Link& link, const Ipv4Address& a) {
    Route r;
    r.destination = Ipv4Prefix{a.prefix.network(), a.prefix.length};
    r.device = link.ifindex;
    r.protoKernel = true;
    r.scopeLink = true;
    r.source = a.prefix.addr;
    if (a.prefix.length < 32) ns.routes.push_back(r);
}

// A new namespace's lo: index 1 in every namespace, down until something brings it up.
Link newLoopback() {
    Link lo;
    lo.ifindex = 1;
    lo.name = "lo";
    lo.kind = LinkKind::Loopback;
    lo.mtu = 65536;
    lo.qlen = 1000;
    lo.ipv4.push_back({Ipv4Prefix{Ipv4{0x7f000001}, 8}, Ipv4{}, "lo"});
    return lo;
}

// `ip link set DEV netns NS`: moving flushes addresses, routes and the bridge port; the link goes down.
// A veth's peer learns where its other end went, and the two namespaces get ids for each other.
void moveLink(KernelState& k, const LinkSetNetns& o) {
    NetworkNamespace& from = nsOf(k, o.from);
    NetworkNamespace& to = nsOf(k, o.to);
    Link moved = linkOf(from, o.ifindex);
    std::erase_if(from.routes, [&](const Route& r) { return r.device == o.ifindex; });
    std::erase_if(from.routes6, [&](const Ipv6Route& r) { return r.device == o.ifindex; });
    std::erase_if(from.neighbours6, [&](const Neighbour6& n) { return n.ifindex == o.ifindex; });
    std::erase_if(from.links, [&](const Link& l) { return l.ifindex == o.ifindex; });
    if (moved.master) k.adjustBridgeMtu(o.from.id, moved.master);
    moved.ipv4.clear();
    moved.ipv6.clear();
    moved.master = 0;
    moved.adminUp = false;
    moved.gotCarrierOnce = false;
    if (moved.kind == LinkKind::Veth) {
        if (NetworkNamespace* peerNs = k.find(moved.peerNamespace))
            if (Link* peer = peerNs->link(moved.peerIfindex)) peer->peerNamespace = o.to.id;
        if (moved.peerNamespace != o.to.id) {
            k.nsidFor(o.to.id, moved.peerNamespace);
            k.nsidFor(moved.peerNamespace, o.to.id);
        }
    }
    k.insertLink(to, moved);
}

// The sysctls Docker and the lab set: IPv6 off (all, or one device) and IPv4 forwarding.
void setSysctl(NetworkNamespace& ns, const std::string& key, const std::string& value) {
    if (key == "net.ipv6.conf.all.disable_ipv6") ns.ipv6Disabled = value == "1";
    const std::string prefix = "net.ipv6.conf.", suffix = ".disable_ipv6";
    if (key.starts_with(prefix) && key.ends_with(suffix) && key.size() > prefix.size() + suffix.size()) {
        const std::string dev = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
        if (dev != "all" && dev != "default")
            for (auto& l : ns.links)
                if (l.name == dev) l.ipv6Disabled = value == "1";
    }
    if (key == "net.ipv4.ip_forward") ns.ipForward = value == "1";
    if (key == "net.ipv6.conf.all.forwarding") ns.ipv6Forward = value == "1";
}

// -I CHAIN [N] / -A CHAIN: at position N (1-based), or at the end.
void insertRule(NetworkNamespace& ns, const RuleInsert& o) {
    NetfilterTable* t = ns.netfilter.table(o.table);
    NetfilterChain* c = t ? t->chain(o.chain) : nullptr;
    if (!c) throw std::logic_error("no such chain " + o.chain);
    if (o.position <= 0 || static_cast<std::size_t>(o.position) > c->rules.size())
        c->rules.push_back(o.rule);
    else
        c->rules.insert(c->rules.begin() + (o.position - 1), o.rule);
}

// -D CHAIN spec: the first rule that is the same.
void deleteRule(NetworkNamespace& ns, const RuleDelete& o) {
    NetfilterTable* t = ns.netfilter.table(o.table);
    NetfilterChain* c = t ? t->chain(o.chain) : nullptr;
    if (!c) return;
    auto it = std::find_if(c->rules.begin(), c->rules.end(),
                           [&](const NetfilterRule& r) { return r.sameAs(o.rule); });
    if (it != c->rules.end()) c->rules.erase(it);
}

// The links whose promiscuity an op on (nsId, ifindex) may change: the link (as a bridge port), a passthru
// macvlan's parent, a bridge's ports.
void watchLink(const KernelState& k, int nsId, int ifindex, std::vector<std::pair<int, int>>& out) {
    const NetworkNamespace* ns = k.find(nsId);
    const Link* l = ns ? ns->link(ifindex) : nullptr;
    if (!l) return;
    out.emplace_back(nsId, ifindex);
    if (auto parent = KernelState::passthruParent(*l)) out.push_back(*parent);
    if (l->kind == LinkKind::Bridge)
        for (const auto& port : ns->links)
            if (port.master == ifindex) out.emplace_back(nsId, port.ifindex);
}

std::vector<std::pair<int, int>> promiscuityWatch(const KernelState& k, const KernelOp& op) {
    std::vector<std::pair<int, int>> out;
    if (auto* o = std::get_if<LinkSetMaster>(&op)) watchLink(k, o->ns.id, o->ifindex, out);
    if (auto* o = std::get_if<LinkSetUp>(&op)) watchLink(k, o->ns.id, o->ifindex, out);
    if (auto* o = std::get_if<LinkDel>(&op)) watchLink(k, o->ns.id, o->ifindex, out);
    if (auto* o = std::get_if<LinkSetNetns>(&op)) {
        watchLink(k, o->from.id, o->ifindex, out);
        out.emplace_back(o->to.id, o->ifindex);
    }
    if (auto* o = std::get_if<NetnsDel>(&op))
        if (const NetworkNamespace* ns = k.find(o->ns.id))
            for (const auto& l : ns->links)
                if (auto parent = KernelState::passthruParent(l)) out.push_back(*parent);
    return out;
}

void applyOp(KernelState& k, const KernelOp& op) {
    std::visit(
        Overloaded{
            [&](const NetnsAdd& o) { k.addNamespace(o.ns.id, o.ns.name).links.push_back(newLoopback()); },
            [&](const NetnsDel& o) { k.removeNamespace(o.ns.id); },
            [&](const LinkAdd& o) { k.insertLink(nsOf(k, o.ns), o.link); },
            [&](const VethAdd& o) {
                NetworkNamespace& ns = nsOf(k, o.ns);
                k.insertLink(ns, o.hostEnd);
                k.insertLink(ns, o.peerEnd);
            },
            [&](const LinkSetMaster& o) {
                NetworkNamespace& ns = nsOf(k, o.ns);
                const int was = std::exchange(linkOf(ns, o.ifindex).master, o.master);
                if (was && was != o.master) k.adjustBridgeMtu(o.ns.id, was);
                if (o.master && was != o.master) k.adjustBridgeMtuForNewPort(o.ns.id, o.master, o.ifindex);
                k.refreshCarrier(o.ns.id, o.ifindex);
            },
            [&](const LinkSetNetns& o) { moveLink(k, o); },
            [&](const LinkRename& o) { linkOf(nsOf(k, o.ns), o.ifindex).name = o.to; },
            [&](const LinkSetMac& o) { linkOf(nsOf(k, o.ns), o.ifindex).mac = o.mac; },
            [&](const LinkSetUp& o) {
                linkOf(nsOf(k, o.ns), o.ifindex).adminUp = o.up;
                k.refreshCarrier(o.ns.id, o.ifindex);
            },
            [&](const LinkDel& o) { k.removeLink(o.ns.id, o.ifindex); },
            [&](const AddrAdd& o) {
                NetworkNamespace& ns = nsOf(k, o.ns);
                Link& l = linkOf(ns, o.ifindex);
                l.ipv4.push_back(o.address);
                addConnectedRoute(ns, l, o.address);
            },
            [&](const Ipv6AddrAdd& o) { addIpv6Address(linkOf(nsOf(k, o.ns), o.ifindex), o.address); },
            [&](const RouteAdd& o) { nsOf(k, o.ns).routes.push_back(o.route); },
            [&](const RouteDel& o) {
                std::erase_if(nsOf(k, o.ns).routes, [&](const Route& r) {
                    return r.destination == o.route.destination && r.gateway == o.route.gateway &&
                           r.device == o.route.device;
                });
            },
            [&](const Ipv6RouteAdd& o) { nsOf(k, o.ns).routes6.push_back(o.route); },
            [&](const Ipv6RouteDel& o) { std::erase(nsOf(k, o.ns).routes6, o.route); },
            // A container's own file is a file of the host's disk, where Docker keeps it (its hostPath).
            [&](const FileWrite& o) {
                nsOf(k, o.ns).files[o.container.empty() ? o.path : o.hostPath] = o.content;
            },
            [&](const Sysctl& o) { setSysctl(nsOf(k, o.ns), o.key, o.value); },
            [&](const ChainNew& o) {
                NetfilterTable* t = nsOf(k, o.ns).netfilter.table(o.table);
                if (t && !t->chain(o.chain)) t->chains.push_back({o.chain, false, "", 0, 0, {}});
            },
            [&](const ChainPolicy& o) {
                if (NetfilterTable* t = nsOf(k, o.ns).netfilter.table(o.table))
                    if (NetfilterChain* c = t->chain(o.chain)) c->policy = o.policy;
            },
            [&](const RuleInsert& o) { insertRule(nsOf(k, o.ns), o); },
            [&](const RuleDelete& o) { deleteRule(nsOf(k, o.ns), o); },
        },
        op);
}

} // namespace

void apply(KernelState& k, const KernelOp& op) {
    const auto watched = promiscuityWatch(k, op);
    applyOp(k, op);
    for (const auto& [nsId, ifindex] : watched)
        k.recountPromiscuity(nsId, ifindex);
}

std::string render(const KernelOp& op) {
    return std::visit(
        Overloaded{
            [](const NetnsAdd& o) { return "ip netns add " + o.ns.name; },
            [](const NetnsDel& o) { return "ip netns delete " + o.ns.name; },
            [](const LinkAdd& o) -> std::string {
                // The host's own links are there when it boots; the op only says so.
                if (o.link.kind == LinkKind::Loopback) return ipPrefix(o.ns) + "link set lo up";
                if (o.link.kind == LinkKind::Ethernet)
                    return "# " + o.link.name + ": the host's network card (" + o.link.mac.str() + ")";
                if (o.link.kind == LinkKind::Ifb)
                    return ipPrefix(o.ns) + "link add " + o.link.name + " type ifb";
                if (o.link.kind == LinkKind::Macvlan)
                    return ipPrefix(o.ns) + "link add " + o.link.name + " link " + o.parent + " address " +
                           o.link.mac.str() + " type macvlan mode " + o.mode;
                if (o.link.kind == LinkKind::Ipvlan)
                    return ipPrefix(o.ns) + "link add " + o.link.name + " link " + o.parent +
                           " type ipvlan mode " + o.mode;
                std::string type = o.link.kind == LinkKind::Bridge ? "bridge" : "dummy";
                return ipPrefix(o.ns) + "link add " + o.link.name + " type " + type + "\n" + ipPrefix(o.ns) +
                       "link set " + o.link.name + " address " + o.link.mac.str();
            },
            [](const VethAdd& o) {
                // The MTU is said only when the network sets one (1500 is the kernel's own).
                auto mtu = [](const Link& l) {
                    return l.mtu == 1500 ? std::string() : " mtu " + std::to_string(l.mtu);
                };
                return ipPrefix(o.ns) + "link add " + o.hostEnd.name + mtu(o.hostEnd) +
                       " type veth peer name " + o.peerEnd.name + mtu(o.peerEnd) + " address " +
                       o.peerEnd.mac.str() + "  # " + std::to_string(o.peerEnd.ifindex) + ": " +
                       o.peerEnd.name + ", " + std::to_string(o.hostEnd.ifindex) + ": " + o.hostEnd.name;
            },
            [](const LinkSetMaster& o) {
                return ipPrefix(o.ns) + "link set " + o.dev + " master " + o.masterName;
            },
            [](const LinkSetNetns& o) {
                return ipPrefix(o.from) + "link set " + o.dev + " netns " + o.to.name;
            },
            [](const LinkRename& o) { return ipPrefix(o.ns) + "link set " + o.from + " name " + o.to; },
            [](const LinkSetMac& o) {
                return ipPrefix(o.ns) + "link set " + o.dev + " address " + o.mac.str();
            },
            [](const LinkSetUp& o) {
                return ipPrefix(o.ns) + "link set " + o.dev + (o.up ? " up" : " down");
            },
            [](const LinkDel& o) { return ipPrefix(o.ns) + "link delete " + o.dev; },
            [](const AddrAdd& o) {
                return ipPrefix(o.ns) + "addr add " + o.address.prefix.str() + " brd " +
                       o.address.broadcast.str() + " dev " + o.dev;
            },
            [](const Ipv6AddrAdd& o) {
                return ipPrefix(o.ns) + "-6 addr add " + o.address.address + "/" +
                       std::to_string(o.address.prefixLength) + " dev " + o.dev;
            },
            [](const RouteAdd& o) {
                std::string dst = o.route.isDefault() ? "default" : o.route.destination.str();
                std::string s = ipPrefix(o.ns) + "route add " + dst;
                if (o.route.gateway) s += " via " + o.route.gateway->str();
                return s + " dev " + o.dev;
            },
            [](const RouteDel& o) {
                std::string dst = o.route.isDefault() ? "default" : o.route.destination.str();
                std::string s = ipPrefix(o.ns) + "route del " + dst;
                if (o.route.gateway) s += " via " + o.route.gateway->str();
                return s + " dev " + o.dev;
            },
            [](const Ipv6RouteAdd& o) {
                return ipPrefix(o.ns) + "-6 route add " + ipv6RouteText(o.route, o.dev);
            },
            [](const Ipv6RouteDel& o) {
                return ipPrefix(o.ns) + "-6 route del " + ipv6RouteText(o.route, o.dev);
            },
            [](const FileWrite& o) {
                std::string target = o.hostPath.empty() ? o.path : o.hostPath;
                return "cat > " + target + " <<'EOF'\n" + o.content + "EOF";
            },
            [](const Sysctl& o) {
                std::string p = o.ns.name.empty() ? "" : "ip netns exec " + o.ns.name + " ";
                return p + "sysctl -w " + o.key + "=" + o.value;
            },
            [](const ChainNew& o) { return iptablesPrefix(o.ns, o.table) + "-N " + o.chain; },
            [](const ChainPolicy& o) {
                return iptablesPrefix(o.ns, o.table) + "-P " + o.chain + " " + o.policy;
            },
            [](const RuleInsert& o) {
                std::string where =
                    o.position > 0 ? "-I " + o.chain + " " + std::to_string(o.position) : "-A " + o.chain;
                return iptablesPrefix(o.ns, o.table) + where + " " + o.rule.spec();
            },
            [](const RuleDelete& o) {
                return iptablesPrefix(o.ns, o.table) + "-D " + o.chain + " " + o.rule.spec();
            },
        },
        op);
}

} // namespace vethlab::kernel
