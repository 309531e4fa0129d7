// Object-by-object comparison of two kernel states: the simulation's and the real kernel's read back.
// Each difference is one line naming the namespace, the object and both values.
#pragma once

#include <string>
#include <vector>

#include "kernel/kernel_state.h"

namespace vethlab::kernel {

struct DiffOptions {
    /// The host's network card: a veth to the lab's world namespace on the real kernel, so its kind,
    /// peer and queue are not compared.
    std::string hostUplink;
    bool neighbours = false; // ARP entries depend on the traffic and its timing
    bool ipv6 = true;
};

std::vector<std::string> diffStates(const KernelState& simulation, const KernelState& real,
                                    const DiffOptions& options = {});

} // namespace vethlab::kernel
