// Docker's default IPAM for one subnet: a bitmap of used addresses, lowest-free allocation
// (libnetwork's non-serial mode), an optional --ip-range and the gateway.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"

namespace vethlab::docker {

class IpamPool {
public:
    IpamPool() = default;
    /// Marks the network address and the broadcast address used, as libnetwork does at creation.
    IpamPool(Ipv4Prefix subnet, std::optional<Ipv4Prefix> range);

    const Ipv4Prefix& subnet() const { return subnet_; }
    const std::optional<Ipv4Prefix>& range() const { return range_; }
    bool isUsed(Ipv4 ip) const;
    /// The lowest free address (inside the range when there is one); nullopt when exhausted.
    std::optional<Ipv4> lowestFree() const;
    void markUsed(Ipv4 ip);
    void release(Ipv4 ip);
    std::size_t usedCount() const { return used_; }
    friend bool operator==(const IpamPool&, const IpamPool&) = default;

private:
    std::size_t indexOf(Ipv4 ip) const { return ip.value - subnet_.network().value; }
    Ipv4Prefix subnet_;
    std::optional<Ipv4Prefix> range_;
    std::vector<std::uint64_t> bits_;
    std::size_t used_ = 0;
    std::size_t searchFrom_ = 0; // every index below is used: keeps allocation O(1) amortised
};

/// The local address pools of Docker 20.10 (172.17-172.31 as /16, then 192.168.0.0/16 as /20s),
/// taken with libnetwork's rotating start index: a removed network's subnet is not reused until
/// the list wraps around.
class DefaultPools {
public:
    DefaultPools();
    const std::vector<Ipv4Prefix>& candidates() const { return candidates_; }
    /// Picks the next pool that overlaps none of `taken`, starting at the rotating index.
    std::optional<Ipv4Prefix> next(const std::vector<Ipv4Prefix>& taken);
    friend bool operator==(const DefaultPools&, const DefaultPools&) = default;

private:
    std::vector<Ipv4Prefix> candidates_;
    std::size_t start_ = 0;
};

} // namespace vethlab::docker
