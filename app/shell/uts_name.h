// The hostname a process sees (its UTS namespace), shared by the simulated `hostname` and the real
// programs the kernel backend runs for a container.
#pragma once

#include <string>

#include "lab.h"

namespace vethlab::shell {

/// A container's own hostname; with --network host the host's, and with --network container:X the
/// hostname of X, which Docker gives the joiner (its UTS namespace is its own, the name is X's).
inline std::string utsHostname(const Lab& lab, const docker::Container* c) {
    if (!c || c->networkModeKind() == docker::NetworkMode::Host) return lab.settings().hostname;
    if (c->networkModeKind() == docker::NetworkMode::Container) {
        const docker::Container* owner = lab.daemon().containerById(c->joinedTo);
        return owner ? owner->hostname() : lab.settings().hostname;
    }
    return c->hostname();
}

} // namespace vethlab::shell
