#include "docker/daemon.h"

#include <algorithm>
#include <cctype>

#include "docker/daemon_internal.h"

namespace vethlab::docker {

DockerError daemonError(std::string m) {
    return {DockerError::Kind::Daemon, std::move(m)};
}

DockerError clientError(std::string m) {
    return {DockerError::Kind::Client, std::move(m)};
}
DockerError notFound(std::string m) {
    return {DockerError::Kind::NotFound, std::move(m)};
}

Nanos createdJitter(HostContext& ctx) {
    // Sub-millisecond part of a timestamp; Go drops trailing zeros, so keep the last digit non-zero.
    return static_cast<Nanos>(ctx.random.below(99'999) * 10 + 1 + ctx.random.below(9));
}

// A timestamp `base` plus jitter whose last digit is never 0 (so Go prints all nine fraction digits).
Nanos stamp(HostContext& ctx, Nanos base) {
    Nanos t = base + createdJitter(ctx);
    if (t % 10 == 0) t += 1;
    return t;
}

bool validContainerName(const std::string& n) {
    if (n.size() < 2) return false;
    auto ok = [](char c, bool first) {
        return std::isalnum(static_cast<unsigned char>(c)) || (!first && (c == '_' || c == '.' || c == '-'));
    };
    if (!ok(n[0], true)) return false;
    return std::all_of(n.begin() + 1, n.end(), [&](char c) { return ok(c, false); });
}

// ---------------------------------------------------------------------------------------------
// Lookups

const Network* Daemon::findNetwork(const std::string& ref) const {
    if (ref.empty()) return nullptr;
    for (const auto& n : networks_)
        if (n.name == ref) return &n;
    for (const auto& n : networks_)
        if (n.id == ref) return &n;
    const Network* match = nullptr;
    for (const auto& n : networks_)
        if (n.id.rfind(ref, 0) == 0) {
            if (match) return nullptr; // ambiguous prefix
            match = &n;
        }
    return match;
}

const Container* Daemon::findContainer(const std::string& ref) const {
    if (ref.empty()) return nullptr;
    std::string name = ref[0] == '/' ? ref.substr(1) : ref;
    if (auto it = byId_.find(ref); it != byId_.end()) return &containers_[it->second];
    if (auto it = byName_.find(name); it != byName_.end()) return &containers_[it->second];
    // A unique prefix of an ID: the IDs that start with it sit together in the ordered index.
    auto it = byId_.lower_bound(ref);
    if (it == byId_.end() || it->first.rfind(ref, 0) != 0) return nullptr;
    auto next = std::next(it);
    if (next != byId_.end() && next->first.rfind(ref, 0) == 0) return nullptr; // ambiguous
    return &containers_[it->second];
}

void Daemon::reindex() {
    byId_.clear();
    byName_.clear();
    for (std::size_t i = 0; i < containers_.size(); ++i) {
        byId_[containers_[i].id] = i;
        byName_[containers_[i].name] = i;
    }
}

void Daemon::setExit(Container& c, std::optional<Nanos> at) {
    if (c.exitsAt) exits_.erase({*c.exitsAt, c.id});
    c.exitsAt = at;
    if (at) exits_.insert({*at, c.id});
}

std::vector<const Network*> Daemon::networks() const {
    std::vector<const Network*> out;
    for (const auto& n : networks_)
        out.push_back(&n);
    return out;
}

std::vector<const Container*> Daemon::containers() const {
    std::vector<const Container*> out;
    for (auto it = containers_.rbegin(); it != containers_.rend(); ++it)
        out.push_back(&*it);
    return out;
}

const Network* Daemon::networkById(const std::string& id) const {
    for (const auto& n : networks_)
        if (n.id == id) return &n;
    return nullptr;
}

const Container* Daemon::containerById(const std::string& id) const {
    auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &containers_[it->second];
}

Network* Daemon::mutableNetwork(const std::string& id) {
    return const_cast<Network*>(networkById(id));
}
Container* Daemon::mutableContainer(const std::string& id) {
    return const_cast<Container*>(containerById(id));
}

bool Daemon::nameInUse(const std::string& name) const {
    return std::any_of(containers_.begin(), containers_.end(),
                       [&](const Container& c) { return c.name == name; });
}

std::string Daemon::uniqueName(HostContext& ctx) const {
    for (;;) {
        std::string n = ctx.random.containerName();
        if (!nameInUse(n)) return n;
    }
}

std::vector<Ipv4Prefix> Daemon::takenPrefixes(const HostContext& ctx) const {
    std::vector<Ipv4Prefix> taken;
    for (const auto& n : networks_)
        if (n.hasIpam()) taken.push_back(n.pool.subnet());
    for (const auto& r : ctx.kernel.root().routes)
        if (!r.isDefault()) taken.push_back(r.destination);
    return taken;
}

kernel::NsRef Daemon::nsRef(const Container& c) const {
    if (c.namespaceId == kernel::KernelState::kRootNamespace) return {};
    return {c.namespaceId, c.sandboxId.substr(0, 12)};
}

int Daemon::namespaceOf(const Container& c) const {
    if (!c.joinedTo.empty() && c.namespaceId < 0) {
        if (const Container* owner = containerById(c.joinedTo)) return owner->namespaceId;
    }
    return c.namespaceId;
}

std::optional<std::string> Daemon::hostModeHosts(const Container& c) const {
    // Host mode shares the host's files, but --add-host gives it a file of its own: the fixed lines
    // and the extra hosts, no line of its own (libnetwork buildHostsFile with useDefaultSandBox).
    if (c.networkModeKind() != NetworkMode::Host || c.config.extraHosts.empty()) return std::nullopt;
    return buildHosts(c, {});
}

bool Daemon::saveFile(const std::string& id, const std::string& path, std::string content) {
    Container* c = mutableContainer(id);
    if (!c) return false;
    c->savedFiles[path] = std::move(content);
    return true;
}

std::optional<std::string> Daemon::containerFile(const HostContext& ctx, const Container& c,
                                                 const std::string& path) const {
    if (auto own = hostModeHosts(c); own && path == "/etc/hosts") return own;
    if (auto saved = c.savedFiles.find(path); saved != c.savedFiles.end()) return saved->second;
    int ns = namespaceOf(c);
    const kernel::NetworkNamespace* n = ctx.kernel.find(ns);
    if (!n) return std::nullopt;
    auto it = n->files.find(path);
    if (it == n->files.end()) return std::nullopt;
    return it->second;
}

} // namespace vethlab::docker
