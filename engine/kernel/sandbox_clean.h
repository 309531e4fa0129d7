// Cleanup as a feature (Mininet's `mn -c`): every namespace, /etc/netns directory and container
// directory that a vethlab lab made, found by the prefix; links, addresses, routes and rules die with their
// namespace.
#pragma once

#include <string>
#include <vector>

namespace vethlab::kernel {

enum class CleanScope {
    All,   // every vethlab lab (`vethlab-cli kernel clean`)
    Stale, // labs whose helper process is gone (a crash), found at the next start
};

/// Removes what it finds; returns one line per thing removed ("netns vethlab-4711-host", ...).
std::vector<std::string> cleanSandboxes(CleanScope scope);
/// Removes the container directories (SandboxNames::filesOf) whose names start with `prefix`.
void removeContainerFiles(const std::string& prefix);

} // namespace vethlab::kernel
