#include "resolver.h"

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "docker/inspect.h"
#include "engine.h"

namespace vethlab::sim {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::vector<std::string>> hostsLines(const std::string& text) {
    std::vector<std::vector<std::string>> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (auto hash = line.find('#'); hash != std::string::npos) line = line.substr(0, hash);
        std::istringstream words(line);
        std::vector<std::string> w;
        std::string x;
        while (words >> x)
            w.push_back(x);
        if (w.size() >= 2) out.push_back(w);
    }
    return out;
}

// The first /etc/hosts line of the address family that names `name` (any case): its first name, which
// the resolver gives as the canonical one, and its address.
template <typename Address>
std::optional<std::pair<std::string, Address>> fromHosts(const std::string& hosts, const std::string& name) {
    const std::string want = lower(name);
    for (const auto& w : hostsLines(hosts)) {
        auto ip = Address::parse(w[0]);
        if (!ip) continue;
        for (std::size_t i = 1; i < w.size(); ++i)
            if (lower(w[i]) == want) return std::pair{w[1], *ip};
    }
    return std::nullopt;
}

} // namespace

Resolver::Resolver(Lab& lab, std::string containerId, Engine* engine)
    : engine_(engine), lab_(&lab), containerId_(std::move(containerId)) {}

int Resolver::namespaceId() const {
    if (!containerId_.empty())
        if (const auto* c = lab_->daemon().containerById(containerId_)) return lab_->daemon().namespaceOf(*c);
    return kernel::KernelState::kRootNamespace;
}

const docker::Container* Resolver::endpointOwner() const {
    // A container-mode joiner has no endpoints: it asks as the container whose namespace it shares.
    const docker::Container* asker = lab_->daemon().containerById(containerId_);
    if (asker && asker->networkModeKind() == docker::NetworkMode::Container)
        if (const auto* owner = lab_->daemon().containerById(asker->joinedTo)) asker = owner;
    return asker;
}

std::optional<Ipv4> Resolver::nameserver() const {
    std::istringstream in(file("/etc/resolv.conf"));
    std::string key, value;
    while (in >> key) {
        if (key == "nameserver" && in >> value)
            if (auto ip = Ipv4::parse(value)) return ip;
    }
    return std::nullopt;
}

std::string Resolver::file(const std::string& path) const {
    if (const auto* c = lab_->daemon().containerById(containerId_); c && path == "/etc/hosts")
        if (auto own = lab_->daemon().hostModeHosts(*c)) return *own;
    const auto* ns = lab_->kernel().find(namespaceId());
    if (!ns) return "";
    auto it = ns->files.find(path);
    return it == ns->files.end() ? "" : it->second;
}

bool Resolver::usesEmbeddedDns() const {
    return file("/etc/resolv.conf").find("nameserver 127.0.0.11") != std::string::npos;
}

std::vector<Resolution> Resolver::lookup(const std::string& name) const {
    if (auto ip = Ipv4::parse(name)) return {{name, *ip}};
    if (auto h = fromHosts<Ipv4>(file("/etc/hosts"), name)) return {{h->first, h->second}};
    std::vector<Ipv4> addresses;
    if (engine_) {
        auto server = nameserver();
        if (!server) return {};
        auto answer = engine_->queryDns(namespaceId(), *server, name, 1);
        if (answer && answer->rcode == 0) addresses = answer->addresses;
    } else {
        addresses = usesEmbeddedDns() && !containerId_.empty() ? records(name) : std::vector<Ipv4>{};
        if (addresses.empty()) addresses = upstreamRecords(name);
    }
    std::vector<Resolution> out;
    for (Ipv4 a : addresses)
        out.push_back({name, a});
    return out;
}

Resolver::Both Resolver::lookupBoth(const std::string& name) const {
    if (!engine_ || Ipv4::parse(name) || Ipv6::parse(name)) return {lookup(name), lookup6(name)};
    // glibc's files backend answers both families from one read of /etc/hosts; a name it knows asks no DNS.
    const std::string hosts = file("/etc/hosts");
    auto fromFile4 = fromHosts<Ipv4>(hosts, name);
    auto fromFile6 = fromHosts<Ipv6>(hosts, name);
    Both out;
    if (fromFile4) out.v4.push_back({fromFile4->first, fromFile4->second});
    if (fromFile6) out.v6.push_back({fromFile6->first, fromFile6->second});
    if (fromFile4 || fromFile6) return out;
    const auto server = nameserver();
    if (!server) return out;
    for (const auto& answer :
         engine_->queryDnsTogether(namespaceId(), *server, {{name, 1}, {name, 28}}, true))
        if (answer.type == 1 && answer.rcode == 0)
            for (Ipv4 a : answer.addresses)
                out.v4.push_back({name, a});
    out.v6 = lookup6(name);
    return out;
}

std::vector<Ipv4> Resolver::upstreamRecords(const std::string& name) const {
    std::vector<Ipv4> out;
    for (const auto& h : lab_->settings().internetHosts)
        if (lower(h.name) == lower(name)) out.push_back(h.address);
    return out;
}

// Every container the asker can resolve, with the names the embedded DNS knows it by on each shared
// user-defined network (lower-cased, bare and NAME.NETWORK), in Docker's order.
void Resolver::forEachRecord(const std::function<void(const std::set<std::string>&, Ipv4)>& visit) const {
    forEachEndpoint([&](const std::set<std::string>& names, const docker::Network&,
                        const docker::Attachment& a) { visit(names, a.ip); });
}

void Resolver::forEachRecord6(
    const std::function<void(const std::set<std::string>&, const Ipv6&)>& visit) const {
    forEachEndpoint(
        [&](const std::set<std::string>& names, const docker::Network& n, const docker::Attachment& a) {
            if (!n.pool6 || !a.ip6) return;
            if (auto ip = Ipv6::parse(n.pool6->subnet().at(*a.ip6))) visit(names, *ip);
        });
}

std::vector<Resolution6> Resolver::lookup6(const std::string& name) const {
    if (auto ip = Ipv6::parse(name)) return {{name, *ip}};
    if (auto h = fromHosts<Ipv6>(file("/etc/hosts"), name)) return {{h->first, h->second}};
    const std::string want = lower(name);
    std::vector<Resolution6> out;
    if (!usesEmbeddedDns() || containerId_.empty()) return out;
    forEachRecord6([&](const std::set<std::string>& names, const Ipv6& ip) {
        if (names.count(want)) out.push_back({name, ip});
    });
    return out;
}

std::optional<std::string> Resolver::reverse6(const Ipv6& address) const {
    for (const auto& w : hostsLines(file("/etc/hosts")))
        if (auto ip = Ipv6::parse(w[0]); ip && *ip == address) return w[1];
    if (!usesEmbeddedDns() || containerId_.empty()) return std::nullopt;
    return recordFor6(address);
}

std::optional<std::string> Resolver::recordFor6(const Ipv6& address) const {
    const auto& daemon = lab_->daemon();
    std::optional<std::string> found;
    forEachEndpoint([&](const std::set<std::string>&, const docker::Network& n, const docker::Attachment& a) {
        if (found || !n.pool6 || !a.ip6 || Ipv6::parse(n.pool6->subnet().at(*a.ip6)) != address) return;
        for (const docker::Container* c : daemon.containers())
            if (c->attachment(n.id) == &a)
                found = (c->generatedName ? docker::displayedAliases(daemon, *c, a).front() : c->name) + "." +
                        n.name;
    });
    return found;
}

void Resolver::forEachEndpoint(const std::function<void(const std::set<std::string>&, const docker::Network&,
                                                        const docker::Attachment&)>& visit) const {
    const auto& daemon = lab_->daemon();
    const docker::Container* asker = endpointOwner();
    if (!asker) return;
    for (const auto& mine : asker->attachments) {
        const docker::Network* net = daemon.networkById(mine.networkId);
        if (!mine.active || !net || !net->isUserDefined()) continue;
        for (const docker::Container* c : daemon.containers()) {
            const docker::Attachment* a = c->attachment(net->id);
            if (!a || !a->active) continue;
            std::vector<std::string> names = docker::displayedAliases(daemon, *c, *a);
            if (!c->generatedName) names.push_back(c->name);
            for (const auto& link : mine.links) {
                auto colon = link.find(':');
                const docker::Container* target = daemon.findContainer(link.substr(0, colon));
                if (target == c) names.push_back(link.substr(colon + 1));
            }
            std::set<std::string> known;
            for (const auto& n : names) {
                known.insert(lower(n));
                known.insert(lower(n + "." + net->name));
            }
            visit(known, *net, *a);
        }
    }
}

std::vector<Ipv4> Resolver::records(const std::string& name) const {
    const std::string want = lower(name);
    std::vector<Ipv4> found;
    forEachRecord([&](const std::set<std::string>& names, Ipv4 ip) {
        if (names.count(want)) found.push_back(ip);
    });
    return found;
}

std::map<std::string, std::vector<Ipv4>> Resolver::allRecords() const {
    std::map<std::string, std::vector<Ipv4>> all;
    forEachRecord([&](const std::set<std::string>& names, Ipv4 ip) {
        for (const auto& n : names)
            all[n].push_back(ip);
    });
    return all;
}

std::vector<Ipv6> Resolver::records6(const std::string& name) const {
    const std::string want = lower(name);
    std::vector<Ipv6> found;
    forEachRecord6([&](const std::set<std::string>& names, const Ipv6& ip) {
        if (names.count(want)) found.push_back(ip);
    });
    return found;
}

std::map<std::string, std::vector<Ipv6>> Resolver::allRecords6() const {
    std::map<std::string, std::vector<Ipv6>> all;
    forEachRecord6([&](const std::set<std::string>& names, const Ipv6& ip) {
        for (const auto& n : names)
            all[n].push_back(ip);
    });
    return all;
}

std::map<Ipv6, std::string> Resolver::allPointers6() const {
    std::map<Ipv6, std::string> all;
    for (const auto& [name, addresses] : allRecords6())
        for (const Ipv6& a : addresses)
            if (!all.count(a))
                if (auto p = recordFor6(a)) all[a] = *p;
    return all;
}

std::map<std::uint32_t, std::string> Resolver::allPointers() const {
    std::map<std::uint32_t, std::string> all;
    for (const auto& [name, addresses] : allRecords())
        for (Ipv4 a : addresses)
            if (!all.count(a.value))
                if (auto p = recordFor(a)) all[a.value] = *p;
    return all;
}

std::optional<std::string> Resolver::reverse(Ipv4 address) const {
    for (const auto& w : hostsLines(file("/etc/hosts")))
        if (auto ip = Ipv4::parse(w[0]); ip && *ip == address) return w[1];
    if (engine_) {
        auto server = nameserver();
        if (!server) return std::nullopt;
        std::string arpa = std::to_string(address.octet(3)) + "." + std::to_string(address.octet(2)) + "." +
                           std::to_string(address.octet(1)) + "." + std::to_string(address.octet(0)) +
                           ".in-addr.arpa";
        auto answer = engine_->queryDns(namespaceId(), *server, arpa, 12);
        if (answer && answer->rcode == 0 && !answer->pointer.empty()) return answer->pointer;
        return std::nullopt;
    }
    if (!usesEmbeddedDns() || containerId_.empty()) return std::nullopt;
    return recordFor(address);
}

std::optional<std::string> Resolver::recordFor(Ipv4 address) const {
    const auto& daemon = lab_->daemon();
    const docker::Container* asker = endpointOwner();
    if (!asker) return std::nullopt;
    for (const auto& mine : asker->attachments) {
        const docker::Network* net = daemon.networkById(mine.networkId);
        if (!mine.active || !net || !net->isUserDefined()) continue;
        for (const docker::Container* c : daemon.containers()) {
            const docker::Attachment* a = c->attachment(net->id);
            if (!a || !a->active || a->ip != address) continue;
            std::string label = c->generatedName ? docker::displayedAliases(daemon, *c, *a).front() : c->name;
            return label + "." + net->name;
        }
    }
    return std::nullopt;
}

} // namespace vethlab::sim
