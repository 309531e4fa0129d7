// A namespace's IPv6 main table as the kernel dumps it: the prefix routes addrconf makes for each
// address of a link that is up with IPv6 on (proto kernel, metric 256; fe80::/64 for the link-local),
// and the routes someone added (Docker's default via the gateway, metric 1024).
#pragma once

#include <optional>
#include <vector>

#include "kernel/network_namespace.h"

namespace vethlab::kernel {

/// Whether IPv6 is on for a link: its own disable_ipv6, else the namespace's "all".
bool hasIpv6(const NetworkNamespace& ns, const Link& l);
/// The main table in the order of the kernel's fib6 walk (what `ip -6 route` prints): a radix tree
/// walked 0-branch first, children before their parent, so a more specific route comes before the
/// route that contains it and the default route comes last; routes of one prefix by metric.
std::vector<Ipv6Route> ipv6MainTable(const NetworkNamespace& ns);
/// The longest-prefix match for `destination` (lowest metric first), or nullopt: no route.
std::optional<Ipv6Route> ipv6Lookup(const NetworkNamespace& ns, const Ipv6& destination);
/// The source address the kernel picks towards `destination` out of `route`'s device: a global address
/// for a global destination, the link-local for a link-local one.
std::optional<Ipv6> ipv6SourceFor(const NetworkNamespace& ns, const Ipv6Route& route,
                                  const Ipv6& destination);

} // namespace vethlab::kernel
