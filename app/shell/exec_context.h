// Where a command runs: the host's shell or a process inside a container, with the userland that
// decides how its tools print.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "docker/image.h"
#include "lab.h"

namespace vethlab::shell {

class Terminal;

/// Output streams of one command. A pipe gives the next command what went to `out`.
struct Streams {
    std::string out;                              // captured stdout (when piped)
    std::function<void(const std::string&)> sink; // if set, stdout goes straight to the terminal
    std::function<void(const std::string&)> err;  // stderr goes straight to the terminal
    bool errIsTerminal = false;                   // `err` is the terminal itself (not dropped or piped)

    void print(const std::string& s) {
        if (sink)
            sink(s);
        else
            out += s;
    }
    void error(const std::string& s) { err(s); }
};

/// The shell's own variables (x=1, export x): what $x gives before the environment.
struct ShellVariable {
    std::string value;
    bool exported = false; // passed on to `sh -c` and the commands it runs
};
using ShellVariables = std::map<std::string, ShellVariable>;

struct ExecContext {
    Lab* lab = nullptr;
    int namespaceId = 0;     // the network namespace the process sees
    std::string containerId; // "" on the host
    docker::Flavour flavour = docker::Flavour::Debian;
    std::string shellName = "-bash"; // how the shell names itself in errors ("-bash", "bash", "/bin/sh")
    bool tty = true;                 // false under `docker exec` without -t: Ctrl-C kills the client
    // `docker exec -t c PROG`: PROG's stdout is a pty, even when the client's own stdout is piped.
    bool execTerminal = false;
    bool interactive = true;      // false in `sh -c SCRIPT`: errors carry the script's line number
    Terminal* terminal = nullptr; // the terminal running the command (its engine, shells, cwd)
    std::shared_ptr<ShellVariables> vars = std::make_shared<ShellVariables>(); // this shell's variables
    std::shared_ptr<std::string> cwd = std::make_shared<std::string>("/root"); // this shell's directory
    bool isHost() const { return containerId.empty(); }
    /// Whether what the program writes on `io` lands on a terminal (curl then draws no progress meter).
    bool stdoutIsTerminal(const Streams& io) const {
        return tty && (execTerminal || static_cast<bool>(io.sink));
    }
    /// The userland is busybox (alpine, busybox, and busybox on Debian): its tools print their own way.
    bool isBusybox() const {
        return flavour == docker::Flavour::Busybox || flavour == docker::Flavour::BusyboxDebian;
    }
    /// The shell is busybox's ash (`sh` in a busybox image): its builtins word their errors its own way.
    bool isAsh() const { return !isHost() && shellName == "sh" && isBusybox(); }
    /// The first line of a busybox applet's usage text, as the image's build prints it.
    std::string busyboxBanner() const {
        return flavour == docker::Flavour::BusyboxDebian
                   ? "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n"
                   : "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n";
    }
};

/// Runs one simple command (argv) with the given standard input; returns its exit status.
using CommandRunner = std::function<int(ExecContext&, const std::vector<std::string>& argv,
                                        const std::string& in, Streams& io)>;

} // namespace vethlab::shell
