// Where a command runs: the host's shell or a process inside a container, with the userland that
// decides how its tools print.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "docker/image.h"
#include "lab.h"

namespace vethlab::shell {

/// Output streams of one command. A pipe gives the next command what went to `out`.
struct Streams {
    std::string out;                              // captured stdout (when piped)
    std::function<void(const std::string&)> sink; // if set, stdout goes straight to the terminal
    std::function<void(const std::string&)> err;  // stderr goes straight to the terminal

    void print(const std::string& s) {
        if (sink)
            sink(s);
        else
            out += s;
    }
    void error(const std::string& s) { err(s); }
};

struct ExecContext {
    Lab* lab = nullptr;
    int namespaceId = 0;     // the network namespace the process sees
    std::string containerId; // "" on the host
    docker::Flavour flavour = docker::Flavour::Debian;
    std::string shellName = "-bash"; // how the shell names itself in errors ("-bash", "bash", "/bin/sh")
    bool tty = true;                 // false under `docker exec` without -t: Ctrl-C kills the client
    bool isHost() const { return containerId.empty(); }
};

/// Runs one simple command (argv) with the given standard input; returns its exit status.
using CommandRunner = std::function<int(ExecContext&, const std::vector<std::string>& argv,
                                        const std::string& in, Streams& io)>;

} // namespace vethlab::shell
