#include "kernel/kernel_state.h"

#include <algorithm>

namespace vethlab::kernel {

Link* NetworkNamespace::link(int ifindex) {
    auto it = std::lower_bound(links.begin(), links.end(), ifindex,
                               [](const Link& l, int i) { return l.ifindex < i; });
    return it != links.end() && it->ifindex == ifindex ? &*it : nullptr;
}

const Link* NetworkNamespace::link(int ifindex) const {
    return const_cast<NetworkNamespace*>(this)->link(ifindex);
}

Link* NetworkNamespace::linkByName(const std::string& n) {
    for (auto& l : links)
        if (l.name == n) return &l;
    return nullptr;
}

const Link* NetworkNamespace::linkByName(const std::string& n) const {
    return const_cast<NetworkNamespace*>(this)->linkByName(n);
}

Neighbour* NetworkNamespace::neighbour(int ifindex, Ipv4 ip) {
    for (auto& n : neighbours)
        if (n.ifindex == ifindex && n.ip == ip) return &n;
    return nullptr;
}

KernelState::KernelState() {
    namespaces_[kRootNamespace].id = kRootNamespace;
}

NetworkNamespace* KernelState::find(int id) {
    auto it = namespaces_.find(id);
    return it == namespaces_.end() ? nullptr : &it->second;
}

const NetworkNamespace* KernelState::find(int id) const {
    auto it = namespaces_.find(id);
    return it == namespaces_.end() ? nullptr : &it->second;
}

/// Adds an IPv6 address where the kernel puts it (ipv6_link_dev_addr): the list is sorted by scope,
/// global before link before host, and a new address goes before the others of its scope.
void addIpv6Address(Link& l, const Ipv6Address& a) {
    auto rank = [](const std::string& scope) { return scope == "host" ? 0 : scope == "link" ? 1 : 2; };
    auto it = l.ipv6.begin();
    while (it != l.ipv6.end() && rank(a.scope) < rank(it->scope))
        ++it;
    l.ipv6.insert(it, a);
}

bool KernelState::hasCarrier(const NetworkNamespace& ns, const Link& link) const {
    if (!link.adminUp) return false;
    switch (link.kind) {
    case LinkKind::Loopback:
    case LinkKind::Ethernet:
    case LinkKind::Dummy:
        return true;
    case LinkKind::Ifb:
        return false;
    case LinkKind::Veth: {
        const NetworkNamespace* peerNs = find(link.peerNamespace);
        const Link* peer = peerNs ? peerNs->link(link.peerIfindex) : nullptr;
        return peer && peer->adminUp;
    }
    case LinkKind::Bridge:
        for (const auto& port : ns.links)
            if (port.master == link.ifindex && hasCarrier(ns, port)) return true;
        return false;
    case LinkKind::Macvlan:
    case LinkKind::Ipvlan: { // the parent's carrier (netif_stacked_transfer_operstate)
        const NetworkNamespace* parentNs = find(link.peerNamespace);
        const Link* parent = parentNs ? parentNs->link(link.peerIfindex) : nullptr;
        return parent && hasCarrier(*parentNs, *parent);
    }
    }
    return false;
}

OperState KernelState::operState(const NetworkNamespace& ns, const Link& link) const {
    // lo and dummy devices never report an operational state.
    if (link.kind == LinkKind::Loopback || link.kind == LinkKind::Dummy) return OperState::Unknown;
    if (link.isStacked() && link.adminUp)
        // A stacked link copies its parent's operational state: UNKNOWN on a dummy parent.
        if (const NetworkNamespace* parentNs = find(link.peerNamespace))
            if (const Link* parent = parentNs->link(link.peerIfindex)) return operState(*parentNs, *parent);
    return hasCarrier(ns, link) ? OperState::Up : OperState::Down;
}

int KernelState::nsidFor(int viewer, int other) {
    NetworkNamespace& v = namespaces_.at(viewer);
    if (auto it = v.peerNsids.find(other); it != v.peerNsids.end()) return it->second;
    int id = v.nextNsid;
    if (!v.freedNsids.empty()) {
        id = *v.freedNsids.begin();
        v.freedNsids.erase(v.freedNsids.begin());
    } else {
        ++v.nextNsid;
    }
    v.peerNsids[other] = id;
    return id;
}

void KernelState::adjustBridgeMtu(int nsId, int bridgeIfindex) {
    NetworkNamespace* ns = find(nsId);
    if (!ns) return;
    Link* br = ns->link(bridgeIfindex);
    if (!br || br->kind != LinkKind::Bridge) return;
    int mtu = 0;
    for (const auto& l : ns->links)
        if (l.master == bridgeIfindex && (mtu == 0 || l.mtu < mtu)) mtu = l.mtu;
    br->mtu = mtu ? mtu : 1500;
}

void KernelState::adjustBridgeMtuForNewPort(int nsId, int bridgeIfindex, int port) {
    NetworkNamespace* ns = find(nsId);
    if (!ns) return;
    Link* br = ns->link(bridgeIfindex);
    const Link* joined = ns->link(port);
    if (!br || br->kind != LinkKind::Bridge || !joined) return;
    const bool others = std::any_of(ns->links.begin(), ns->links.end(), [&](const Link& l) {
        return l.master == bridgeIfindex && l.ifindex != port;
    });
    br->mtu = others ? std::min(br->mtu, joined->mtu) : joined->mtu;
}

void KernelState::recountPromiscuity(int nsId, int ifindex) {
    NetworkNamespace* ns = find(nsId);
    Link* link = ns ? ns->link(ifindex) : nullptr;
    if (!link) return;
    int count = link->master ? 1 : 0;
    for (const auto& [id, other] : namespaces_)
        for (const auto& l : other.links)
            if (l.adminUp && passthruParent(l) == std::pair{nsId, ifindex}) ++count;
    link->promiscuity = count;
}

std::optional<std::pair<int, int>> KernelState::passthruParent(const Link& l) {
    if (l.kind != LinkKind::Macvlan || l.stackMode != "passthru") return std::nullopt;
    return std::pair{l.peerNamespace, l.peerIfindex};
}

void KernelState::refreshCarrier(int nsId, int ifindex) {
    NetworkNamespace* ns = find(nsId);
    if (!ns) return;
    Link* link = ns->link(ifindex);
    if (!link) return;
    auto touch = [&](NetworkNamespace& n, Link& l) {
        if (l.gotCarrierOnce || l.kind == LinkKind::Loopback || !hasCarrier(n, l)) return;
        l.gotCarrierOnce = true;
        // Its EUI-64 link-local, unless it has it already (docker0 kept it from an earlier carrier).
        const std::string ll = l.mac.linkLocalV6();
        const bool present =
            std::any_of(l.ipv6.begin(), l.ipv6.end(), [&](const auto& a) { return a.address == ll; });
        if (!l.ipv6Disabled.value_or(n.ipv6Disabled) && !present)
            addIpv6Address(l, {ll, 64, "link", "", now_, true});
    };
    touch(*ns, *link);
    if (link->master)
        if (Link* bridge = ns->link(link->master)) touch(*ns, *bridge);
    if (link->kind == LinkKind::Veth)
        if (NetworkNamespace* peerNs = find(link->peerNamespace))
            if (Link* peer = peerNs->link(link->peerIfindex)) {
                touch(*peerNs, *peer);
                if (peer->master)
                    if (Link* bridge = peerNs->link(peer->master)) touch(*peerNs, *bridge);
            }
}

NetworkNamespace& KernelState::addNamespace(int id, const std::string& name) {
    NetworkNamespace& ns = namespaces_[id];
    ns.id = id;
    ns.name = name;
    nextNamespaceId_ = std::max(nextNamespaceId_, id + 1);
    return ns;
}

void KernelState::insertLink(NetworkNamespace& ns, Link link) {
    nextIfindex_ = std::max(nextIfindex_, link.ifindex + 1); // the kernel's index counter moves past it
    auto it = std::lower_bound(ns.links.begin(), ns.links.end(), link.ifindex,
                               [](const Link& l, int i) { return l.ifindex < i; });
    ns.links.insert(it, std::move(link));
}

void KernelState::removeLink(int nsId, int ifindex) {
    NetworkNamespace* ns = find(nsId);
    if (!ns) return;
    Link* link = ns->link(ifindex);
    if (!link) return;
    int peerNs = link->kind == LinkKind::Veth ? link->peerNamespace : -1;
    int peerIndex = link->peerIfindex;
    int master = link->master;
    std::erase_if(ns->routes, [&](const Route& r) { return r.device == ifindex; });
    std::erase_if(ns->neighbours, [&](const Neighbour& n) { return n.ifindex == ifindex; });
    std::erase_if(ns->routes6, [&](const Ipv6Route& r) { return r.device == ifindex; });
    std::erase_if(ns->neighbours6, [&](const Neighbour6& n) { return n.ifindex == ifindex; });
    for (auto& l : ns->links)
        std::erase_if(l.fdb, [&](const FdbEntry& e) { return e.port == ifindex; });
    for (auto& l : ns->links)
        if (l.master == ifindex) l.master = 0;
    std::erase_if(ns->links, [&](const Link& l) { return l.ifindex == ifindex; });
    if (master) adjustBridgeMtu(nsId, master);
    if (peerNs >= 0) {
        if (NetworkNamespace* other = find(peerNs); other && other->link(peerIndex)) {
            Link* peer = other->link(peerIndex);
            peer->peerNamespace = -1; // stop the recursion: the pair dies together
            removeLink(peerNs, peerIndex);
        }
    }
}

void KernelState::removeNamespace(int id) {
    NetworkNamespace* ns = find(id);
    if (!ns || id == kRootNamespace) return;
    std::vector<int> indexes;
    for (const auto& l : ns->links)
        indexes.push_back(l.ifindex);
    for (int i : indexes)
        removeLink(id, i);
    namespaces_.erase(id);
    for (auto& [_, other] : namespaces_)
        other.peerNsids.erase(id);
}

} // namespace vethlab::kernel
