// IPv6 routes and neighbours as iproute2 6.1 and busybox 1.35 `ip` print them.
#pragma once

#include <string>

#include "exec_context.h"
#include "kernel/network_namespace.h"

namespace vethlab::shell {

/// `ip -6 route [show] [dev DEV]`: the main table in the kernel's dump order. busybox also prints the
/// local table's multicast route of each link (its main-table filter only drops "local" routes).
std::string ipv6RouteLines(const ExecContext& ctx, const kernel::NetworkNamespace& ns,
                           const std::string& dev);
/// `ip -6 neigh`: the NDP table.
std::string ipv6NeighbourLines(const ExecContext& ctx, const kernel::NetworkNamespace& ns);

} // namespace vethlab::shell
