#include "resolver.h"

#include <algorithm>
#include <sstream>

#include "docker/inspect.h"

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

} // namespace

Resolver::Resolver(Lab& lab, std::string containerId) : lab_(&lab), containerId_(std::move(containerId)) {}

std::string Resolver::file(const std::string& path) const {
    int nsId = kernel::KernelState::kRootNamespace;
    if (!containerId_.empty())
        if (const auto* c = lab_->daemon().containerById(containerId_)) nsId = lab_->daemon().namespaceOf(*c);
    const auto* ns = lab_->kernel().find(nsId);
    if (!ns) return "";
    auto it = ns->files.find(path);
    return it == ns->files.end() ? "" : it->second;
}

bool Resolver::usesEmbeddedDns() const {
    return file("/etc/resolv.conf").find("nameserver 127.0.0.11") != std::string::npos;
}

std::vector<Resolution> Resolver::lookup(const std::string& name) const {
    if (auto ip = Ipv4::parse(name)) return {{name, *ip}};
    const std::string want = lower(name);
    for (const auto& w : hostsLines(file("/etc/hosts"))) {
        auto ip = Ipv4::parse(w[0]);
        if (!ip) continue;
        for (std::size_t i = 1; i < w.size(); ++i)
            if (lower(w[i]) == want) return {{w[1], *ip}};
    }
    // The LAN's resolver knows the internet hosts, and no container.
    auto upstream = [&]() -> std::vector<Resolution> {
        for (const auto& h : lab_->settings().internetHosts)
            if (lower(h.name) == want) return {{name, h.address}};
        return {};
    };
    if (!usesEmbeddedDns() || containerId_.empty()) return upstream();
    const auto& daemon = lab_->daemon();
    const docker::Container* asker = daemon.containerById(containerId_);
    if (asker && asker->networkModeKind() == "container")
        if (const auto* owner = daemon.containerById(asker->joinedTo)) asker = owner;
    if (!asker) return {};
    std::vector<Resolution> found;
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
            bool hit = false;
            for (const auto& n : names)
                if (lower(n) == want || lower(n + "." + net->name) == want) hit = true;
            if (hit) found.push_back({name, a->ip});
        }
    }
    if (found.empty()) return upstream(); // the embedded DNS forwards what it does not know
    return found;
}

std::optional<std::string> Resolver::reverse(Ipv4 address) const {
    for (const auto& w : hostsLines(file("/etc/hosts")))
        if (auto ip = Ipv4::parse(w[0]); ip && *ip == address) return w[1];
    if (!usesEmbeddedDns() || containerId_.empty()) return std::nullopt;
    const auto& daemon = lab_->daemon();
    const docker::Container* asker = daemon.containerById(containerId_);
    if (asker && asker->networkModeKind() == "container")
        if (const auto* owner = daemon.containerById(asker->joinedTo)) asker = owner;
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
