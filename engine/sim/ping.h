// ping, as iputils (Debian/Ubuntu images, the host) and busybox (Alpine) print it, driving real ICMP
// echo frames through the engine.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine.h"
#include "resolver.h"

namespace vethlab::sim {

enum class PingFlavour { Iputils, Busybox };

struct PingRun {
    std::string out, err;
    int status = 0;
    Nanos duration = 0; // how long the program ran, in simulated time
};

/// A person at an interactive terminal. Without -c, ping then runs until Ctrl-C: before each echo after
/// the first, `proceed` is asked with the simulated time since ping started (it may wait that long in
/// real time) and says false once Ctrl-C was pressed; the terminal echoed "^C" itself. `show` gets the
/// header and each reply line as soon as they are printed; only the statistics stay in PingRun::out.
struct PingTerminal {
    std::function<bool(Nanos sinceStart)> proceed;
    std::function<void(const std::string&)> show;
};

/// Runs `argv` ("ping", options, target) in a namespace. Without -c ping runs until interrupted: the
/// terminal interrupts it after `interruptAfter` echoes and prints ^C, as a person would; so does a
/// count nobody waits for (more than 1000 echoes, or 30 days). Without a terminal (`docker exec`
/// without -t) Ctrl-C stops the docker client, so no statistics appear. Option values are checked as
/// iputils 20221126 and busybox 1.36 check them, with their messages and exit statuses.
PingRun runPing(Engine& engine, Lab& lab, int namespaceId, const Resolver& resolver, PingFlavour flavour,
                const std::vector<std::string>& argv, int interruptAfter, bool tty = true,
                const PingTerminal* live = nullptr);

} // namespace vethlab::sim
