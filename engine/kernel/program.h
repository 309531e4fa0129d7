// Runs a real program inside a lab namespace the way `ip netns exec` does: in that network namespace,
// in a private mount namespace where /etc/netns/NAME/* is bound over /etc/* and /sys shows the
// namespace's devices; with its own hostname when a container has one. argv only, never a shell.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vethlab::kernel {

struct ProgramRequest {
    std::string netns;             // a name under /run/netns
    std::vector<std::string> argv; // argv[0] is an absolute path
    std::string input;             // standard input
    std::string hostname;          // "" keeps the machine's UTS namespace
    int timeoutMs = 60000;         // then SIGKILL
    int interruptAfterMs = 0;      // > 0: SIGINT then, as a person pressing Ctrl-C
};

struct ProgramResult {
    int status = 0; // the exit status, 128+N for a signal, 127 when it could not start
    std::string out, err;
    std::vector<std::pair<int, std::string>> chunks; // (1 stdout | 2 stderr, text) in the order they came
    bool timedOut = false;
};

ProgramResult runProgram(const ProgramRequest& request);

} // namespace vethlab::kernel
