#include "net/ipv4.h"

#include <charconv>
#include <cstdio>

namespace vethlab {

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
    std::uint32_t value = 0;
    int parts = 0;
    while (parts < 4) {
        if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
        unsigned octet = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octet);
        if (ec != std::errc{} || octet > 255) return std::nullopt;
        std::size_t used = static_cast<std::size_t>(end - text.data());
        if (used > 3) return std::nullopt;
        value = (value << 8) | octet;
        text.remove_prefix(used);
        ++parts;
        if (parts < 4) {
            if (text.empty() || text.front() != '.') return std::nullopt;
            text.remove_prefix(1);
        }
    }
    if (!text.empty()) return std::nullopt;
    return Ipv4{value};
}

std::string Ipv4::str() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", octet(0), octet(1), octet(2), octet(3));
    return buf;
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto ip = Ipv4::parse(text.substr(0, slash));
    auto lenText = text.substr(slash + 1);
    if (!ip || lenText.empty() || lenText.size() > 2) return std::nullopt;
    int length = 0;
    auto [end, ec] = std::from_chars(lenText.data(), lenText.data() + lenText.size(), length);
    if (ec != std::errc{} || end != lenText.data() + lenText.size() || length < 0 || length > 32)
        return std::nullopt;
    return Ipv4Prefix{*ip, length};
}

std::string Ipv4Prefix::str() const {
    return addr.str() + "/" + std::to_string(length);
}

std::string netmaskString(int length) {
    return Ipv4Prefix{Ipv4{}, length}.mask() == 0 ? "0.0.0.0" : Ipv4{Ipv4Prefix{Ipv4{}, length}.mask()}.str();
}

std::string Mac::str() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3],
                  bytes[4], bytes[5]);
    return buf;
}

std::string Mac::upper() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02X:%02X:%02X:%02X:%02X:%02X", bytes[0], bytes[1], bytes[2], bytes[3],
                  bytes[4], bytes[5]);
    return buf;
}

Mac Mac::fromDockerIp(Ipv4 ip) {
    return Mac{{0x02, 0x42, ip.octet(0), ip.octet(1), ip.octet(2), ip.octet(3)}};
}

std::string Mac::linkLocalV6() const {
    // EUI-64: flip the universal/local bit and put ff:fe in the middle; print as RFC 5952 groups.
    unsigned groups[4] = {
        static_cast<unsigned>(((bytes[0] ^ 0x02) << 8) | bytes[1]),
        static_cast<unsigned>((bytes[2] << 8) | 0xff),
        static_cast<unsigned>((0xfe << 8) | bytes[3]),
        static_cast<unsigned>((bytes[4] << 8) | bytes[5]),
    };
    char buf[64];
    std::snprintf(buf, sizeof buf, "fe80::%x:%x:%x:%x", groups[0], groups[1], groups[2], groups[3]);
    // The interface ID never is all-zero groups in a row long enough to compress further, except a
    // leading zero group (MAC 02:00:...): RFC 5952 folds it into the "::".
    if (groups[0] == 0) std::snprintf(buf, sizeof buf, "fe80::%x:%x:%x", groups[1], groups[2], groups[3]);
    return buf;
}

} // namespace vethlab
