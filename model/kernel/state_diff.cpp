#include "kernel/state_diff.h"

#include <algorithm>
#include <set>

namespace vethlab::kernel {
namespace {

std::string where(const NetworkNamespace& ns) {
    return ns.id == KernelState::kRootNamespace ? "host" : "netns " + ns.name;
}

const char* kindName(LinkKind k) {
    switch (k) {
    case LinkKind::Loopback:
        return "loopback";
    case LinkKind::Ethernet:
        return "ethernet";
    case LinkKind::Bridge:
        return "bridge";
    case LinkKind::Veth:
        return "veth";
    case LinkKind::Ifb:
        return "ifb";
    case LinkKind::Dummy:
        return "dummy";
    case LinkKind::Macvlan:
        return "macvlan";
    case LinkKind::Ipvlan:
        return "ipvlan";
    }
    return "?";
}

std::string routeText(const Route& r) {
    std::string s = r.isDefault() ? "default" : r.destination.str();
    if (r.gateway) s += " via " + r.gateway->str();
    s += " dev " + std::to_string(r.device);
    if (r.protoKernel) s += " proto kernel";
    if (r.scopeLink) s += " scope link";
    if (r.source) s += " src " + r.source->str();
    return s;
}

template <class T> std::set<std::string> textSet(const std::vector<T>& items, auto&& text) {
    std::set<std::string> s;
    for (const auto& i : items)
        s.insert(text(i));
    return s;
}

struct Differ {
    const DiffOptions& options;
    std::vector<std::string> out;

    void value(const std::string& what, const std::string& sim, const std::string& real) {
        if (sim != real) out.push_back(what + ": " + sim + " (simulation) vs " + real + " (kernel)");
    }
    void sets(const std::string& what, const std::set<std::string>& sim, const std::set<std::string>& real) {
        for (const auto& s : sim)
            if (!real.count(s)) out.push_back(what + ": " + s + " only in the simulation");
        for (const auto& r : real)
            if (!sim.count(r)) out.push_back(what + ": " + r + " only on the kernel");
    }

    void link(const NetworkNamespace& ns, const Link& s, const Link& r) {
        const std::string w = where(ns) + ": link " + std::to_string(s.ifindex) + " (" + s.name + ")";
        const bool uplink = ns.id == KernelState::kRootNamespace && s.name == options.hostUplink;
        value(w + " name", s.name, r.name);
        value(w + " mtu", std::to_string(s.mtu), std::to_string(r.mtu));
        value(w + " mac", s.mac.str(), r.mac.str());
        value(w + " state", s.adminUp ? "up" : "down", r.adminUp ? "up" : "down");
        value(w + " master", std::to_string(s.master), std::to_string(r.master));
        if (!uplink) {
            value(w + " kind", kindName(s.kind), kindName(r.kind));
            value(w + " peer", std::to_string(s.peerIfindex) + "@" + std::to_string(s.peerNamespace),
                  std::to_string(r.peerIfindex) + "@" + std::to_string(r.peerNamespace));
            value(w + " qlen", std::to_string(s.qlen), std::to_string(r.qlen));
            // Not the uplink's: on the kernel it is a veth, which has no unicast filter, so a macvlan's own
            // address makes it promiscuous too (__dev_set_rx_mode: uc_promisc); the reference host's NIC
            // filters unicast addresses itself.
            value(w + " promiscuity", std::to_string(s.promiscuity), std::to_string(r.promiscuity));
        }
        auto v4 = [](const Ipv4Address& a) {
            return a.prefix.str() + " brd " + a.broadcast.str() + " label " + a.label;
        };
        sets(w + " inet", textSet(s.ipv4, v4), textSet(r.ipv4, v4));
        if (options.ipv6 && !uplink) {
            auto v6 = [](const Ipv6Address& a) {
                return a.address + "/" + std::to_string(a.prefixLength) + " scope " + a.scope;
            };
            sets(w + " inet6", textSet(s.ipv6, v6), textSet(r.ipv6, v6));
        }
    }

    void chains(const NetworkNamespace& ns, const NetfilterTable& s, const NetfilterTable& r) {
        const std::string w = where(ns) + ": iptables -t " + s.name;
        auto names = [](const NetfilterTable& t) {
            std::set<std::string> n;
            for (const auto& c : t.chains)
                n.insert(c.name);
            return n;
        };
        sets(w + " chain", names(s), names(r));
        for (const auto& sc : s.chains) {
            const NetfilterChain* rc = r.chain(sc.name);
            if (!rc) continue;
            if (sc.builtin) value(w + " -P " + sc.name, sc.policy, rc->policy);
            std::string sr, rr;
            for (const auto& rule : sc.rules)
                sr += "\n    -A " + sc.name + " " + rule.spec();
            for (const auto& rule : rc->rules)
                rr += "\n    -A " + sc.name + " " + rule.spec();
            if (sr != rr)
                out.push_back(w + " chain " + sc.name + " rules differ; simulation:" + sr +
                              "\n  kernel:" + rr);
        }
    }

    void ns(const NetworkNamespace& s, const NetworkNamespace& r) {
        const std::string w = where(s);
        auto ids = [](const NetworkNamespace& n) {
            std::set<std::string> i;
            for (const auto& l : n.links)
                i.insert(std::to_string(l.ifindex) + ": " + l.name);
            return i;
        };
        sets(w + ": link", ids(s), ids(r));
        for (const auto& sl : s.links)
            if (const Link* rl = r.link(sl.ifindex)) link(s, sl, *rl);
        sets(w + ": route", textSet(s.routes, routeText), textSet(r.routes, routeText));
        value(w + ": net.ipv4.ip_forward", s.ipForward ? "1" : "0", r.ipForward ? "1" : "0");
        value(w + ": net.ipv6.conf.all.disable_ipv6", s.ipv6Disabled ? "1" : "0", r.ipv6Disabled ? "1" : "0");
        for (const auto& [path, content] : s.files) {
            auto it = r.files.find(path);
            if (it == r.files.end())
                out.push_back(w + ": " + path + " only in the simulation");
            else if (it->second != content)
                out.push_back(w + ": " + path + " differs; simulation:\n" + content + "  kernel:\n" +
                              it->second);
        }
        chains(s, s.netfilter.filter, r.netfilter.filter);
        chains(s, s.netfilter.nat, r.netfilter.nat);
        if (options.neighbours) {
            auto n = [](const Neighbour& x) {
                return x.ip.str() + " dev " + std::to_string(x.ifindex) + " lladdr " + x.mac.str();
            };
            sets(w + ": neighbour", textSet(s.neighbours, n), textSet(r.neighbours, n));
        }
    }
};

} // namespace

std::vector<std::string> diffStates(const KernelState& simulation, const KernelState& real,
                                    const DiffOptions& options) {
    Differ d{options, {}};
    for (const auto& [id, s] : simulation.namespaces()) {
        const NetworkNamespace* r = real.find(id);
        if (!r)
            d.out.push_back(where(s) + ": only in the simulation");
        else
            d.ns(s, *r);
    }
    for (const auto& [id, r] : real.namespaces())
        if (!simulation.find(id)) d.out.push_back(where(r) + ": only on the kernel");
    return d.out;
}

} // namespace vethlab::kernel
