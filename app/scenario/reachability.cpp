#include "reachability.h"

#include <algorithm>

#include "engine.h"

namespace vethlab::scenario {
namespace {

struct Endpoint {
    std::string name;
    const docker::Container* container = nullptr; // null: the host or the internet host
    bool internet = false;
};

// The address a probe aims at: the container's first address (its namespace owner's, in container
// mode), the host's eth0 for host mode and for the host itself.
std::string addressOf(const Lab& lab, const Endpoint& e) {
    const auto& settings = lab.settings();
    if (e.internet) return settings.internetHosts.empty() ? "" : settings.internetHosts.front().address.str();
    const Ipv4* hostIp = nullptr;
    if (const auto* eth0 = lab.kernel().root().linkByName(settings.eth0Name); eth0 && !eth0->ipv4.empty())
        hostIp = &eth0->ipv4.front().prefix.addr;
    const docker::Container* c = e.container;
    if (!c) return hostIp ? hostIp->str() : "";
    if (!c->joinedTo.empty())
        if (const auto* owner = lab.daemon().containerById(c->joinedTo)) c = owner;
    if (c->networkModeKind() == docker::NetworkMode::Host) return hostIp ? hostIp->str() : "";
    for (const auto& a : c->attachments)
        if (a.active) return a.ip.str();
    return "";
}

// Why the last probe failed, from what the engine recorded and what ping printed.
std::string whyNot(const std::vector<sim::TraceEvent>& trace, std::size_t from, const std::string& printed) {
    for (std::size_t i = from; i < trace.size(); ++i) {
        const auto& e = trace[i];
        if (e.direction != "drop") continue;
        if (e.reason == sim::DropReason::FilterRule) return "dropped by " + e.rule;
        if (e.reason == sim::DropReason::NeighbourFailed) return "no ARP answer on " + e.device;
        if (e.reason == sim::DropReason::NoRoute) return "no route";
    }
    if (printed.find("bad address") != std::string::npos ||
        printed.find("Name or service not known") != std::string::npos ||
        printed.find("Temporary failure in name resolution") != std::string::npos)
        return "the name does not resolve here";
    if (printed.find("Network is unreachable") != std::string::npos)
        return "no route (Network is unreachable)";
    if (printed.find("not found") != std::string::npos) return "the image has no ping";
    return "no reply";
}

} // namespace

ReachabilityMatrix probeReachability(Lab& lab, shell::Terminal& terminal) {
    std::vector<Endpoint> endpoints;
    auto containers = lab.daemon().containers(); // newest first
    std::reverse(containers.begin(), containers.end());
    for (const docker::Container* c : containers)
        endpoints.push_back({c->name, c, false});
    endpoints.push_back({"host", nullptr, false});
    ReachabilityMatrix m;
    for (const auto& e : endpoints)
        m.sources.push_back(e.name);
    std::vector<Endpoint> targets = endpoints;
    if (!lab.settings().internetHosts.empty())
        targets.push_back({lab.settings().internetHosts.front().name, nullptr, true});
    for (const auto& t : targets)
        m.targets.push_back(t.name);

    auto probe = [&](const Endpoint& from, const std::string& where) {
        Reach r;
        const std::size_t mark = terminal.engine().trace().size();
        std::string printed;
        auto sink = [&](const std::string& s) { printed += s; };
        const std::string ping = "ping -c 1 -W 1 " + where;
        const int status =
            terminal.execute(from.container ? "docker exec " + from.name + " " + ping : ping, sink, sink);
        r.ok = status == 0;
        if (!r.ok) r.why = whyNot(terminal.engine().trace(), mark, printed);
        return r;
    };

    for (const auto& s : endpoints) {
        std::vector<Reach> ipRow, nameRow;
        for (const auto& t : targets) {
            Reach ip, name;
            if (!t.internet && t.name == s.name) {
                ip.applicable = name.applicable = false;
            } else if (s.container && !s.container->isRunning()) {
                ip.why = name.why = s.name + " is not running";
            } else if (t.container && !t.container->isRunning()) {
                ip.why = name.why = t.name + " is not running";
            } else {
                const std::string address = addressOf(lab, t);
                if (address.empty())
                    ip.why = t.name + " has no address (--network none)";
                else
                    ip = probe(s, address);
                if (!t.container && !t.internet)
                    name.applicable = false; // the host has no name a container could look up
                else
                    name = probe(s, t.name);
            }
            ipRow.push_back(ip);
            nameRow.push_back(name);
        }
        m.byIp.push_back(ipRow);
        m.byName.push_back(nameRow);
    }
    return m;
}

} // namespace vethlab::scenario
