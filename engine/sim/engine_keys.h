// Keys of the engine's hash indexes, shared by its source files (not part of the engine's interface).
#pragma once

#include <cstdint>

#include "kernel/network_namespace.h"

namespace vethlab::sim {

/// (ifindex, address): a neighbour entry within its namespace.
inline std::uint64_t neighbourKey(int ifindex, Ipv4 ip) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ifindex)) << 32) | ip.value;
}
inline std::uint64_t pairKey(int a, int b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}
inline std::uint64_t macKey(const Mac& m) {
    std::uint64_t k = 0;
    for (std::uint8_t b : m.bytes)
        k = (k << 8) | b;
    return k;
}
/// NUD_VALID as far as the model goes: the entry has an address to send to.
inline bool isValid(kernel::Neighbour::State s) {
    return s == kernel::Neighbour::State::Reachable || s == kernel::Neighbour::State::Stale;
}

} // namespace vethlab::sim
