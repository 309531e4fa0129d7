// Runs a real program inside a lab namespace the way `ip netns exec` does: in that network namespace,
// in a private mount namespace where /etc/netns/NAME/* is bound over /etc/* and /sys shows the
// namespace's devices; with its own hostname when a container has one. argv only, never a shell.
#pragma once

#include <memory>
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
    bool terminal = false;         // stdout and stderr are one pseudo-terminal (read back as stdout)
    bool oneStream = false;        // stdout and stderr are one pipe (read back as stdout, in write order)
    // A container's own directory (SandboxNames::filesOf), or "": its etc/ files are bound over the
    // namespace's, and its cwd/ is the working directory, kept from one program to the next as a
    // container's writable layer keeps what wget saved. "": a fresh scratch directory per program.
    std::string files;
};

struct ProgramResult {
    int status = 0; // the exit status, 128+N for a signal, 127 when it could not start
    std::string out, err;
    std::vector<std::pair<int, std::string>> chunks; // (1 stdout | 2 stderr, text) in the order they came
    bool timedOut = false;
};

ProgramResult runProgram(const ProgramRequest& request);

/// A program that keeps running while the shell reads the next line (`tcpdump ... &`): its output is
/// collected when asked, and it ends on a signal as a person's `kill %1` ends it. Its standard input is
/// empty. Destroying it kills and reaps the program.
class RunningProgram {
public:
    /// Starts `request` (its input and interrupt are ignored); on failure `failure` says why (status 127).
    static std::unique_ptr<RunningProgram> start(const ProgramRequest& request, ProgramResult& failure);
    ~RunningProgram();
    RunningProgram(const RunningProgram&) = delete;
    RunningProgram& operator=(const RunningProgram&) = delete;

    /// What the program wrote since the last call: read until it exits, or until nothing more came
    /// for `quietMs` (at most `maxMs`). `exited` tells whether it has ended (then `status` is set).
    ProgramResult collect(int quietMs, int maxMs, bool& exited);
    /// Sends `signal` and reads what the program says until it exits (SIGKILL after `maxMs`).
    ProgramResult stop(int signal, int maxMs);
    int pid() const { return pid_; }

private:
    RunningProgram() = default;
    void reap(ProgramResult& r, bool wait);

    int pid_ = -1, outFd_ = -1, errFd_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

} // namespace vethlab::kernel
