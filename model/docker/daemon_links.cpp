// Legacy links (--link on the default bridge): the linked containers' /etc/hosts lines and
// environment, and how a rename carries through the link graph.
#include "docker/daemon.h"
#include "docker/daemon_internal.h"
#include "docker/link_env.h"
#include "docker/port_mapping.h"

namespace vethlab::docker {

Outcome Daemon::planLegacyLinks(const Container& c, StartPlan& plan) const {
    const Network* bridge = nullptr;
    for (const auto& n : networks_)
        if (n.isDefaultBridge()) bridge = &n;
    if (c.networkModeKind() == NetworkMode::Bridge) {
        for (const auto& l : c.config.links) {
            const Container* target = findContainer(l.target);
            if (!target) return daemonError("could not get container for " + l.target);
            if (!target->isRunning())
                return daemonError("Cannot link to a non running container: /" + target->name + " AS /" +
                                   c.name + "/" + l.alias);
            const Attachment* ta = bridge ? target->attachment(bridge->id) : nullptr;
            if (!ta || !ta->active)
                return daemonError("Cannot link to /" + target->name +
                                   ", as it does not belong to the default network");
            std::string line = ta->ip.str() + "\t" + l.alias + " " + target->shortId();
            if (target->name != l.alias) line += " " + target->name;
            plan.hostLinkLines.push_back(line + "\n");
            auto linkEnv = legacyLinkEnv("/" + c.name + "/" + l.alias, ta->ip.str(), mergedConfigEnv(*target),
                                         exposedPorts(*target));
            plan.env.insert(plan.env.end(), linkEnv.begin(), linkEnv.end());
        }
    }
    return Outcome::ok();
}

void Daemon::renameLinkTargets(const std::string& id, const std::string& newName) {
    // Legacy links name the child through the link graph, so they follow both ends' new names.
    for (auto& p : containers_) {
        if (p.hostLinks.empty()) continue;
        for (auto& l : p.config.links)
            if (const Container* t = findContainer(l.target); t && t->id == id) l.target = newName;
    }
}

// HostConfig.Links ("/target:/child/alias") from the link graph, after a rename of either end.
void Daemon::rebuildHostLinks() {
    for (auto& p : containers_) {
        if (p.hostLinks.empty()) continue;
        p.hostLinks.clear();
        for (const auto& l : p.config.links)
            if (const Container* t = findContainer(l.target))
                p.hostLinks.push_back("/" + t->name + ":/" + p.name + "/" + l.alias);
    }
}

} // namespace vethlab::docker
