#include "docker/port_mapping.h"

#include <algorithm>
#include <set>

#include "docker/go_net.h"
#include "docker/port_spec.h"

namespace vethlab::docker {
namespace {

constexpr int kMaxAllocatePortAttempts = 10; // libnetwork/drivers/bridge

struct Entry {
    PortProto port;
    std::optional<PortBinding> binding;
    std::size_t order; // command-line order, to keep equal entries stable
};

int hostStartOf(const std::optional<PortBinding>& b) {
    std::uint64_t s = 0, e = 0;
    if (!b || parsePortRange(b->hostPort, s, e)) return 0;
    return static_cast<int>(s);
}

// nat.SortPortMap's order: larger host port first, then larger container port, then tcp first.
// Its Less is not a strict weak order and its input comes from a Go map, so Docker's order is
// random where the two keys disagree (a larger host port on a smaller container port); this
// keeps the host-port-first reading, which is what Docker gives whenever the order is defined.
bool sortsBefore(const Entry& a, const Entry& b) {
    int ha = hostStartOf(a.binding), hb = hostStartOf(b.binding);
    if (ha != hb) return ha > hb;
    if (a.port.port != b.port.port) return a.port.port > b.port.port;
    bool ta = a.port.proto == "tcp", tb = b.port.proto == "tcp";
    if (ta != tb) return ta;
    if (a.port.proto != b.port.proto) return a.port.proto < b.port.proto;
    return a.order < b.order;
}

// The ports and bindings buildCreateEndpointOptions hands to libnetwork, in its order.
std::vector<std::pair<PortProto, PortBinding>> requestedBindings(const Container& c) {
    std::vector<Entry> entries;
    std::size_t order = 0;
    for (const auto& p : exposedPorts(c)) {
        bool any = false;
        for (const auto& b : c.config.ports)
            if (b.container == p) {
                entries.push_back({p, b, order++});
                any = true;
            }
        if (!any) entries.push_back({p, std::nullopt, order++});
    }
    std::sort(entries.begin(), entries.end(), sortsBefore);
    std::vector<PortProto> ports;
    for (const auto& e : entries)
        if (std::find(ports.begin(), ports.end(), e.port) == ports.end()) ports.push_back(e.port);
    std::vector<std::pair<PortProto, PortBinding>> out;
    for (const auto& p : ports) {
        bool any = false;
        for (const auto& e : entries)
            if (e.port == p && e.binding) {
                out.push_back({p, *e.binding});
                any = true;
            }
        if (!any && c.config.publishAll) out.push_back({p, PortBinding{p, "", ""}});
    }
    return out;
}

bool isV4(const std::string& ip) {
    auto parsed = gonet::parseIP(ip);
    return parsed && parsed->isV4();
}

// docker-proxy binds the host address: a wildcard and a specific address of one family collide.
std::optional<std::string> proxyBindError(const PublishedPort& p, const std::vector<PublishedPort>& live) {
    for (const auto& o : live) {
        if (o.container.proto != p.container.proto || o.hostPort != p.hostPort) continue;
        if (isV4(o.hostIp) != isV4(p.hostIp)) continue;
        auto any = [](const std::string& ip) { return ip == "0.0.0.0" || ip == "::"; };
        if (o.hostIp != p.hostIp && !any(o.hostIp) && !any(p.hostIp)) continue;
        const bool v4 = isV4(p.hostIp);
        std::string addr = v4 ? p.hostIp : "[" + p.hostIp + "]";
        return "Error starting userland proxy: listen " + p.container.proto + (v4 ? "4" : "6") + " " + addr +
               ":" + std::to_string(p.hostPort) + ": bind: address already in use";
    }
    return std::nullopt;
}

// portmapper.MapRange with allocatePort's retries for an ephemeral port.
std::optional<std::string> allocate(PublishedPort& p, int start, int end,
                                    const std::vector<PublishedPort>& live, PortAllocator& alloc) {
    std::string err;
    for (int attempt = 0; attempt < kMaxAllocatePortAttempts; ++attempt) {
        auto r = alloc.request(p.hostIp, p.container.proto, start, end);
        if (r.error.empty()) {
            p.hostPort = r.port;
            auto bindErr = proxyBindError(p, live);
            if (!bindErr) return std::nullopt;
            alloc.release(p.hostIp, p.container.proto, r.port);
            err = *bindErr;
        } else {
            err = r.error;
        }
        if (start != 0) break; // no point retrying an explicitly chosen port
    }
    return err;
}

} // namespace

std::vector<PortProto> exposedPorts(const Container& c) {
    std::set<std::string> seen;
    std::vector<PortProto> out;
    auto add = [&](const PortProto& p) {
        if (seen.insert(p.str()).second) out.push_back(p);
    };
    for (const auto& b : c.config.ports)
        add(b.container);
    for (const auto& p : c.config.expose)
        add(p);
    for (const auto& p : c.image.exposed)
        add(p);
    std::sort(out.begin(), out.end(),
              [](const PortProto& a, const PortProto& b) { return a.str() < b.str(); });
    return out;
}

std::optional<std::string> mapPorts(const Container& c, Ipv4 containerIp, const std::string& bridge,
                                    const std::vector<PublishedPort>& others, PortAllocator& alloc,
                                    std::vector<PublishedPort>& out, const std::string& defaultHostIp) {
    std::vector<PublishedPort> live = others, mine;
    auto fail = [&](const std::string& e) {
        for (const auto& p : mine)
            alloc.release(p.hostIp, p.container.proto, p.hostPort);
        return e;
    };
    for (const auto& [port, b] : requestedBindings(c)) {
        std::uint64_t s = 0, e = 0;
        if (!b.hostPort.empty()) { // parsePortSpec checked the range: its error is not looked at again
            [[maybe_unused]] const auto checked =
                parsePortRange(b.hostPort.substr(0, b.hostPort.find('/')), s, e);
        }
        auto ip = gonet::parseIP(b.hostIp);
        // Without a host address the network's host_binding_ipv4 is used; "::" is added only when
        // that is 0.0.0.0 (bridge port_mapping.go validatePortBindingIPv4/IPv6).
        auto def = gonet::parseIP(defaultHostIp);
        const bool defIsAny = !def || (def->isV4() && def->str() == "0.0.0.0");
        for (bool v4 : {true, false}) {
            if (ip && ip->isV4() != v4) continue;
            if (!ip && !defIsAny && def->isV4() != v4) continue;
            PublishedPort p;
            p.container = port;
            p.hostIp = ip ? ip->str() : !defIsAny ? def->str() : (v4 ? "0.0.0.0" : "::");
            p.containerIp = containerIp;
            p.bridgeName = bridge;
            if (auto err = allocate(p, static_cast<int>(s), static_cast<int>(e), live, alloc))
                return fail(*err);
            live.push_back(p);
            mine.push_back(p);
        }
    }
    out = mine;
    return std::nullopt;
}

std::map<std::string, std::optional<std::vector<HostBinding>>> networkSettingsPorts(const Container& c) {
    std::map<std::string, std::optional<std::vector<HostBinding>>> pm;
    if (!c.isRunning() || !c.hasPortEndpoint) return pm;
    for (const auto& p : exposedPorts(c))
        pm[p.str()] = std::nullopt;
    for (const auto& p : c.published) {
        auto& slot = pm[p.container.str()];
        if (!slot) slot.emplace();
        slot->push_back({p.hostIp, std::to_string(p.hostPort)});
    }
    return pm;
}

std::string displayablePorts(const Container& c) {
    struct Port {
        int priv = 0, pub = 0;
        std::string type, ip;
    };
    std::vector<Port> ports;
    for (const auto& [key, bindings] : networkSettingsPorts(c)) {
        auto [proto, num] = splitProtoPort(key);
        int priv = std::stoi(num);
        if (!bindings || bindings->empty()) {
            ports.push_back({priv, 0, proto, ""});
            continue;
        }
        for (const auto& b : *bindings)
            ports.push_back({priv, std::stoi(b.hostPort), proto, b.hostIp});
    }
    std::sort(ports.begin(), ports.end(), [](const Port& a, const Port& b) {
        if (a.priv != b.priv) return a.priv < b.priv;
        if (a.ip != b.ip) return a.ip < b.ip;
        if (a.pub != b.pub) return a.pub < b.pub;
        return a.type < b.type;
    });
    // Runs of consecutive ports that map to themselves (or are only exposed) are grouped per
    // protocol and address; a run is flushed as soon as it breaks, before the groups still open.
    struct Group {
        int first, last;
    };
    std::map<std::string, Group> groups;
    std::vector<std::string> keys, result, hostMappings;
    auto form = [](const std::string& key, const Group& g) {
        auto slash = key.find('/');
        std::string ip = slash == std::string::npos ? "" : key.substr(0, slash);
        std::string type = slash == std::string::npos ? key : key.substr(slash + 1);
        std::string group = std::to_string(g.first);
        if (g.first != g.last) group += "-" + std::to_string(g.last);
        if (!ip.empty()) group = ip + ":" + group + "->" + group;
        return group + "/" + type;
    };
    for (const auto& p : ports) {
        std::string key = p.type;
        if (!p.ip.empty()) {
            if (p.pub != p.priv) {
                hostMappings.push_back(p.ip + ":" + std::to_string(p.pub) + "->" + std::to_string(p.priv) +
                                       "/" + p.type);
                continue;
            }
            key = p.ip + "/" + p.type;
        }
        auto it = groups.find(key);
        if (it == groups.end()) {
            groups[key] = {p.priv, p.priv};
            keys.push_back(key);
            continue;
        }
        if (p.priv == it->second.last + 1) {
            it->second.last = p.priv;
            continue;
        }
        result.push_back(form(key, it->second));
        it->second = {p.priv, p.priv};
    }
    for (const auto& k : keys)
        result.push_back(form(k, groups[k]));
    result.insert(result.end(), hostMappings.begin(), hostMappings.end());
    std::string s;
    for (const auto& r : result)
        s += (s.empty() ? "" : ", ") + r;
    return s;
}

std::string dockerProxyCommand(const PublishedPort& p) {
    return "/usr/bin/docker-proxy -proto " + p.container.proto + " -host-ip " + p.hostIp + " -host-port " +
           std::to_string(p.hostPort) + " -container-ip " + p.containerIp.str() + " -container-port " +
           std::to_string(p.container.port);
}

} // namespace vethlab::docker
