// Who reaches whom: every running container, the host and the outside world, by IP and by name,
// found with real probes (ping through the engine) and each failure explained — stopped, no address,
// no route, the netfilter rule that dropped the probe, a name nobody resolves. Run it on a twin of the
// lesson's lab: the probes change ARP tables, counters and the clock.
#pragma once

#include <string>
#include <vector>

#include "lab.h"
#include "terminal.h"

namespace vethlab::scenario {

struct Reach {
    bool ok = false;
    bool applicable = true; // false: nothing to probe (a container to itself, the host by name)
    std::string why;        // when not ok: the reason a student can read
};

struct ReachabilityMatrix {
    std::vector<std::string> sources;             // containers (oldest first), then "host"
    std::vector<std::string> targets;             // the same, then the first internet host
    std::vector<std::vector<Reach>> byIp, byName; // [source][target]
};

ReachabilityMatrix probeReachability(Lab& lab, shell::Terminal& terminal);

} // namespace vethlab::scenario
