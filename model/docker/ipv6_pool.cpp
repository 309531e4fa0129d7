#include "docker/ipv6_pool.h"

#include <algorithm>

#include "docker/go_net.h"

namespace vethlab::docker {

std::optional<std::array<std::uint8_t, 16>> Ipv6Prefix::parseAddress(const std::string& text) {
    if (text.find(':') == std::string::npos) return std::nullopt;
    auto ip = gonet::parseIP(text);
    if (!ip || ip->bytes.size() != 16) return std::nullopt;
    std::array<std::uint8_t, 16> out{};
    std::copy(ip->bytes.begin(), ip->bytes.end(), out.begin());
    return out;
}

std::optional<Ipv6Prefix> Ipv6Prefix::parse(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto ip = parseAddress(text.substr(0, slash));
    const std::string len = text.substr(slash + 1);
    if (!ip || len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    Ipv6Prefix p;
    p.length = std::stoi(len);
    if (p.length > 128) return std::nullopt;
    for (int i = 0; i < 16; ++i) {
        const int bits = std::clamp(p.length - 8 * i, 0, 8);
        p.addr[i] = static_cast<std::uint8_t>((*ip)[i] & (0xFF00 >> bits));
    }
    return p;
}

bool Ipv6Prefix::contains(const std::array<std::uint8_t, 16>& ip) const {
    for (int i = 0; i < 16; ++i) {
        const int bits = std::clamp(length - 8 * i, 0, 8);
        const auto mask = static_cast<std::uint8_t>(0xFF00 >> bits);
        if ((ip[i] & mask) != addr[i]) return false;
    }
    return true;
}

bool Ipv6Prefix::overlaps(const Ipv6Prefix& other) const {
    return contains(other.addr) || other.contains(addr);
}

std::string Ipv6Prefix::at(std::uint64_t offset) const {
    gonet::IP ip;
    ip.bytes.assign(addr.begin(), addr.end());
    for (int i = 15; i >= 8 && offset != 0; --i) {
        const unsigned sum = ip.bytes[i] + static_cast<unsigned>(offset & 0xFF);
        ip.bytes[i] = static_cast<std::uint8_t>(sum);
        offset = (offset >> 8) + (sum >> 8);
    }
    return ip.str();
}

std::uint64_t Ipv6Prefix::offsetOf(const std::array<std::uint8_t, 16>& ip) const {
    std::uint64_t a = 0, n = 0;
    for (int i = 8; i < 16; ++i) {
        a = (a << 8) | ip[i];
        n = (n << 8) | addr[i];
    }
    return a - n;
}

std::optional<std::uint64_t> Ipv6Pool::lowestFree() const {
    const int hostBits = 128 - subnet_.length;
    const std::uint64_t last = hostBits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << hostBits) - 1;
    std::uint64_t candidate = 1;
    for (std::uint64_t u : used_) {
        if (u < candidate) continue;
        if (u > candidate) break;
        ++candidate;
    }
    if (candidate > last) return std::nullopt;
    return candidate;
}

} // namespace vethlab::docker
