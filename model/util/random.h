// The lab's seeded randomness: every value that real Docker or Linux picks at random (IDs, veth
// names, bridge and veth MACs, generated container names) comes from here, so a seed reproduces a run.
#pragma once

#include <cstdint>
#include <string>

#include "net/ipv4.h"

namespace vethlab {

class Random {
public:
    explicit Random(std::uint64_t seed = 1) : state_(seed ? seed : 0x9e3779b97f4a7c15ull) {}

    /// SplitMix64: tiny, fast, and identical on every platform and standard library.
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }

    std::string hex(int digits);
    /// Docker's stringid.GenerateRandomID: 64 hex digits whose 12-digit short form is not all decimal.
    std::string dockerId();
    /// The bridge driver's host-side veth name: "veth" + 7 random hex digits.
    std::string vethName() { return "veth" + hex(7); }
    /// The kernel's eth_random_addr(): random, unicast, locally administered.
    Mac kernelMac();
    /// libnetwork's GenerateRandomMAC for bridges: 02:42 + 4 random bytes.
    Mac dockerBridgeMac();
    /// Docker's namesgenerator: "adjective_surname".
    std::string containerName();

    std::uint64_t state() const { return state_; }

private:
    std::uint64_t state_;
};

} // namespace vethlab
