#include "docker/ipam_pool.h"

namespace vethlab::docker {

IpamPool::IpamPool(Ipv4Prefix subnet, std::optional<Ipv4Prefix> range) : subnet_(subnet), range_(range) {
    bits_.assign((subnet.size() + 63) / 64, 0);
    markUsed(subnet.network());
    if (subnet.length < 31) markUsed(subnet.broadcast());
}

bool IpamPool::isUsed(Ipv4 ip) const {
    if (!subnet_.contains(ip)) return true;
    std::size_t i = indexOf(ip);
    return (bits_[i / 64] >> (i % 64)) & 1u;
}

void IpamPool::markUsed(Ipv4 ip) {
    if (!subnet_.contains(ip)) return;
    std::size_t i = indexOf(ip);
    if ((bits_[i / 64] >> (i % 64)) & 1u) return;
    bits_[i / 64] |= std::uint64_t{1} << (i % 64);
    ++used_;
    while (searchFrom_ < subnet_.size() && ((bits_[searchFrom_ / 64] >> (searchFrom_ % 64)) & 1u))
        ++searchFrom_;
}

void IpamPool::release(Ipv4 ip) {
    if (!subnet_.contains(ip)) return;
    std::size_t i = indexOf(ip);
    if ((bits_[i / 64] >> (i % 64)) & 1u) {
        bits_[i / 64] &= ~(std::uint64_t{1} << (i % 64));
        --used_;
        if (i < searchFrom_) searchFrom_ = i;
    }
}

std::optional<Ipv4> IpamPool::lowestFree() const {
    std::size_t first = 0, last = subnet_.size();
    if (range_) {
        // libnetwork's getAddressRange: the range's first and last addresses, host parts under the
        // subnet's mask. A range wider than the subnet (10.20.5.0/4 in a /16) spans the whole subnet.
        const std::uint32_t hostMask = static_cast<std::uint32_t>(subnet_.size() - 1);
        first = range_->network().value & hostMask;
        last = std::size_t{range_->broadcast().value & hostMask} + 1;
    }
    std::size_t i = range_ ? first : searchFrom_;
    // Skip whole used words quickly.
    while (i < last) {
        std::uint64_t word = bits_[i / 64];
        if (i % 64 == 0 && word == ~std::uint64_t{0}) {
            i += 64;
            continue;
        }
        if (!((word >> (i % 64)) & 1u)) return Ipv4{subnet_.network().value + static_cast<std::uint32_t>(i)};
        ++i;
    }
    return std::nullopt;
}

DefaultPools::DefaultPools() {
    for (std::uint32_t second = 17; second <= 31; ++second)
        candidates_.push_back(Ipv4Prefix{Ipv4{(172u << 24) | (second << 16)}, 16});
    for (std::uint32_t third = 0; third < 256; third += 16)
        candidates_.push_back(Ipv4Prefix{Ipv4{(192u << 24) | (168u << 16) | (third << 8)}, 20});
}

std::optional<Ipv4Prefix> DefaultPools::next(const std::vector<Ipv4Prefix>& taken) {
    for (std::size_t n = 0; n < candidates_.size(); ++n) {
        std::size_t i = (start_ + n) % candidates_.size();
        bool clash = false;
        for (const auto& t : taken)
            if (t.overlaps(candidates_[i])) {
                clash = true;
                break;
            }
        if (!clash) {
            start_ = (i + 1) % candidates_.size();
            return candidates_[i];
        }
    }
    return std::nullopt;
}

} // namespace vethlab::docker
