// The engine's lookups into the lab: namespaces, links, neighbour entries and local addresses through
// indexes that hold for one epoch (one call from outside a run), since the lab may change between calls.
#include <algorithm>

#include "engine.h"
#include "engine_keys.h"

namespace vethlab::sim {

using kernel::Link;
using kernel::LinkKind;
using kernel::Neighbour;
using kernel::NetworkNamespace;

NetworkNamespace* Engine::ns(int id) {
    if (id < 0 || id > (1 << 20)) return lab_->kernel().find(id);
    const auto i = static_cast<std::size_t>(id);
    if (i >= namespaceCache_.size()) namespaceCache_.resize(i + 16);
    NamespaceCache& c = namespaceCache_[i];
    if (c.epoch != epoch_) {
        c.epoch = epoch_;
        c.ns = lab_->kernel().find(id);
    }
    return c.ns;
}

Link* Engine::link(int nsId, int ifindex) {
    if (ifindex <= 1 || ifindex > (1 << 20)) { // lo is ifindex 1 in every namespace
        NetworkNamespace* n = ns(nsId);
        return n ? n->link(ifindex) : nullptr;
    }
    const auto i = static_cast<std::size_t>(ifindex);
    if (i >= linkCache_.size()) linkCache_.resize(i + 64);
    LinkCache& c = linkCache_[i];
    if (c.epoch != epoch_ || c.nsId != nsId) {
        NetworkNamespace* n = ns(nsId);
        c = {epoch_, nsId, n ? n->link(ifindex) : nullptr};
    }
    return c.link;
}

Neighbour* Engine::neighbour(int nsId, int ifindex, Ipv4 ip) {
    NetworkNamespace* n = ns(nsId);
    if (!n) return nullptr;
    if (nsId < 0 || static_cast<std::size_t>(nsId) >= namespaceCache_.size())
        return n->neighbour(ifindex, ip);
    NamespaceCache& c = namespaceCache_[static_cast<std::size_t>(nsId)];
    if (c.neighbourEpoch != epoch_) {
        c.neighbours.clear();
        for (std::size_t i = 0; i < n->neighbours.size(); ++i) // the first one wins, as a scan finds it
            c.neighbours.emplace(neighbourKey(n->neighbours[i].ifindex, n->neighbours[i].ip),
                                 static_cast<std::uint32_t>(i));
        c.neighbourEpoch = epoch_;
    }
    const std::uint32_t* at = c.neighbours.find(neighbourKey(ifindex, ip));
    return at ? &n->neighbours[*at] : nullptr;
}

Neighbour& Engine::addNeighbour(int nsId, Neighbour entry) {
    NetworkNamespace* n = ns(nsId);
    neighbour(nsId, entry.ifindex, entry.ip); // brings the index up to date first
    n->neighbours.push_back(entry);
    if (nsId >= 0 && static_cast<std::size_t>(nsId) < namespaceCache_.size())
        namespaceCache_[static_cast<std::size_t>(nsId)].neighbours.emplace(
            neighbourKey(entry.ifindex, entry.ip), static_cast<std::uint32_t>(n->neighbours.size() - 1));
    noteNeighbour(nsId, n->neighbours.back());
    return n->neighbours.back();
}

void Engine::noteNeighbour(int nsId, const Neighbour& e) {
    if (holdersEpoch_ != epoch_) return; // not kept: rebuilt when a bulk flood needs it
    Holders& h = holders_[e.ip.value];
    if (!isValid(e.state)) {
        h.unresolved.push_back({nsId, e.ifindex});
    } else if (!h.anyValid) {
        h.anyValid = true;
        h.mac = e.mac;
    } else if (h.mac != e.mac) {
        h.mixed = true;
    }
}

bool Engine::isLocalAddress(const NetworkNamespace& n, Ipv4 ip) {
    if ((ip.value >> 24) == 127) return true;
    if (n.id < 0 || static_cast<std::size_t>(n.id) >= namespaceCache_.size()) {
        for (const auto& l : n.links)
            for (const auto& a : l.ipv4)
                if (a.prefix.addr == ip) return true;
        return false;
    }
    NamespaceCache& c = namespaceCache_[static_cast<std::size_t>(n.id)];
    if (c.localEpoch != epoch_) {
        c.local.clear();
        for (const auto& l : n.links)
            for (const auto& a : l.ipv4)
                c.local.push_back(a.prefix.addr.value);
        std::sort(c.local.begin(), c.local.end());
        c.localEpoch = epoch_;
        c.fewCount = c.local.size();
        if (c.fewCount <= 4) std::copy(c.local.begin(), c.local.end(), c.fewLocal);
    }
    if (c.fewCount <= 4)
        return std::find(c.fewLocal, c.fewLocal + c.fewCount, ip.value) != c.fewLocal + c.fewCount;
    return std::binary_search(c.local.begin(), c.local.end(), ip.value);
}

} // namespace vethlab::sim
